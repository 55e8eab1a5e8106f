#include <fmt/format.h>

#include "storage/repositories/open311/sql_open311_repositories.hpp"

namespace wangge::storage {
namespace {

using open311::ApiClient;

constexpr std::string_view kClientColumns =
    "k.id, k.name, k.area_id, a.path, a.name, k.channel, k.created_by, k.created_at, k.revoked_at";
constexpr std::string_view kClientFrom = "FROM api_clients k JOIN areas a ON a.id = k.area_id";
const std::string kSelectByKeyHash = fmt::format("SELECT {} {} WHERE k.key_hash = $1", kClientColumns, kClientFrom);
const std::string kSelectByName = fmt::format("SELECT {} {} WHERE k.name = $1", kClientColumns, kClientFrom);
const std::string kListClients = fmt::format("SELECT {} {} ORDER BY k.id", kClientColumns, kClientFrom);
constexpr std::string_view kCountArea = "SELECT count(*) FROM areas WHERE id = $1";
constexpr std::string_view kInsertClient =
    "INSERT INTO api_clients (name, key_hash, area_id, channel, created_by, created_at) "
    "VALUES ($1, $2, $3, $4, $5, $6)";
constexpr std::string_view kRevokeClient =
    "UPDATE api_clients SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL";
constexpr std::string_view kCountClient = "SELECT count(*) FROM api_clients WHERE id = $1";

ApiClient ReadClient(const Row& row) {
    ApiClient k;
    k.id = row.Int(0);
    k.name = row.Text(1);
    k.area_id = row.Int(2);
    k.area_path = row.Text(3);
    k.area_name = row.Text(4);
    k.channel = row.Text(5);
    k.created_by = row.Text(6);
    k.created_at = row.Int(7);
    k.revoked_at = OptionalInt(row, 8);
    return k;
}

class SqlApiClientRepository final : public open311::ApiClientRepository {
  public:
    explicit SqlApiClientRepository(Database& db) : db_(db) {}

    Result<ApiClient> CreateClient(const ApiClient& k, const std::string& key_hash) override {
        WANGGE_CHECK(db_.Write([&](Connection& c) -> Status {
            WANGGE_TRY(areas, QueryInt(c, kCountArea, {k.area_id}));
            if (areas == 0) return Fail(ErrorCode::kInvalidArgument, "区域不存在 (no such area)", "area");
            auto inserted = c.Exec(kInsertClient, {k.name, key_hash, k.area_id, k.channel, k.created_by, k.created_at});
            if (!inserted && inserted.error().code == ErrorCode::kAlreadyExists)
                return Fail(ErrorCode::kAlreadyExists,
                            "客户端名称已被使用 (an API client named " + k.name + " exists, revoked ones included)",
                            "name");
            if (!inserted) return Fail(inserted.error());
            return {};
        }));
        return GetClientByName(k.name);
    }

    Result<ApiClient> GetClientByKeyHash(const std::string& key_hash) override {
        return ReadOne(kSelectByKeyHash, {key_hash});
    }

    Result<ApiClient> GetClientByName(const std::string& name) override { return ReadOne(kSelectByName, {name}); }

    Result<std::vector<ApiClient>> ListClients() override { return ReadAll(kListClients, {}); }

    Status RevokeClient(std::int64_t id, EpochMillis at) override {
        return db_.Write([&](Connection& c) -> Status {
            WANGGE_TRY(found, QueryInt(c, kCountClient, {id}));
            if (found == 0) return Fail(ErrorCode::kNotFound, "API client not found");
            WANGGE_CHECK(c.Exec(kRevokeClient, {at, id}));
            return {};
        });
    }

  private:
    Result<std::vector<ApiClient>> ReadAll(std::string_view sql, const Params& params) {
        std::vector<ApiClient> out;
        WANGGE_CHECK(db_.Read([&](Connection& c) -> Status {
            WANGGE_CHECK(c.Exec(sql, params, [&](const Row& row) { out.push_back(ReadClient(row)); }));
            return {};
        }));
        return out;
    }

    Result<ApiClient> ReadOne(std::string_view sql, const Params& params) {
        WANGGE_TRY(rows, ReadAll(sql, params));
        if (rows.empty()) return Fail(ErrorCode::kNotFound, "API client not found");
        return std::move(rows.front());
    }

    Database& db_;
};

}  // namespace

std::unique_ptr<open311::ApiClientRepository> MakeSqlApiClientRepository(Database& db) {
    return std::make_unique<SqlApiClientRepository>(db);
}

}  // namespace wangge::storage
