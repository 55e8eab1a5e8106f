#include "storage/repositories/appeals/sql_followup_repository.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "domain/appeals/extension.hpp"
#include "domain/registry/area.hpp"
#include "storage/repositories/appeals/appeal_rows.hpp"
#include "storage/repositories/read_rows.hpp"

namespace wangge::storage {
namespace {

using namespace appeals;
using namespace appeals_sql;

// Event columns for a join with the appeal's (which come first, see ReadEventAt).
constexpr std::string_view kJoinedEventColumns =
    "e.id, e.community_id, e.seq, e.appeal_id, e.at, e.actor_id, e.actor_name, e.action, e.from_status, "
    "e.to_status, e.note, e.detail, e.prev_hash, e.hash";

const std::string kSelectEvent = fmt::format("SELECT {} FROM appeal_events WHERE id = $1", kEventColumns);
// A request is pending until its appeal has a later decision or an event that ends it. The action
// index finds the few requests; each is checked against its appeal's later events.
const std::string kListPendingExtensions = fmt::format(
    "SELECT {}, {} {} JOIN appeal_events e ON e.appeal_id = a.id "
    "WHERE e.action = 'request_extension' AND a.path >= $1 AND a.path < $2 "
    "AND NOT EXISTS (SELECT 1 FROM appeal_events d WHERE d.appeal_id = e.appeal_id AND d.id > e.id "
    "AND d.action IN ({})) ORDER BY e.id LIMIT $3",
    kAppealColumns, kJoinedEventColumns, kAppealFrom, ExtensionClosingActionsSql());
// The path range is one building or one community: a few hundred appeals a month at most.
const std::string kListSimilar = fmt::format(
    "SELECT {} {} WHERE a.path >= $1 AND a.path < $2 AND a.category_id = $3 AND a.created_at >= $4 "
    "AND a.status NOT IN ('closed', 'not_responsible', 'merged', 'rejected') ORDER BY a.id DESC LIMIT $5",
    kAppealColumns, kAppealFrom);

constexpr std::string_view kPhotoColumns =
    "id, appeal_id, event_id, uploaded_by, uploaded_by_name, content_type, size_bytes, sha256, storage_name, "
    "created_at";
constexpr std::string_view kInsertPhoto =
    "INSERT INTO appeal_photos (appeal_id, event_id, uploaded_by, uploaded_by_name, content_type, size_bytes, "
    "sha256, storage_name, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id";
const std::string kSelectPhoto = fmt::format("SELECT {} FROM appeal_photos WHERE id = $1", kPhotoColumns);
const std::string kListPhotos =
    fmt::format("SELECT {} FROM appeal_photos WHERE appeal_id = $1 ORDER BY id", kPhotoColumns);

constexpr std::string_view kLinkColumns =
    "id, appeal_id, token_hash, created_by, created_by_name, created_at, expires_at, used_at, revoked_at";
constexpr std::string_view kRevokeLinks =
    "UPDATE appeal_evaluation_links SET revoked_at = $2 WHERE appeal_id = $1 AND used_at IS NULL "
    "AND revoked_at IS NULL";
constexpr std::string_view kInsertLink =
    "INSERT INTO appeal_evaluation_links (appeal_id, token_hash, created_by, created_by_name, created_at, "
    "expires_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id";
const std::string kSelectLinkById = fmt::format("SELECT {} FROM appeal_evaluation_links WHERE id = $1", kLinkColumns);
const std::string kSelectLinkByHash =
    fmt::format("SELECT {} FROM appeal_evaluation_links WHERE token_hash = $1", kLinkColumns);
const std::string kLatestLink =
    fmt::format("SELECT {} FROM appeal_evaluation_links WHERE appeal_id = $1 ORDER BY id DESC LIMIT 1", kLinkColumns);
// The single use: only one UPDATE can find used_at still NULL.
constexpr std::string_view kUseLink =
    "UPDATE appeal_evaluation_links SET used_at = $2 WHERE id = $1 AND used_at IS NULL AND revoked_at IS NULL "
    "AND expires_at > $2";
constexpr std::string_view kReleaseLink = "UPDATE appeal_evaluation_links SET used_at = NULL WHERE id = $1";

// The number of columns ReadAppeal reads, so joined columns start after them.
int AppealColumnCount() { return static_cast<int>(std::count(kAppealColumns.begin(), kAppealColumns.end(), ',')) + 1; }

AppealEvent ReadEventAt(const Row& row, int first) {
    AppealEvent e;
    e.id = row.Int(first + 0);
    e.community_id = row.Int(first + 1);
    e.seq = row.Int(first + 2);
    e.appeal_id = row.Int(first + 3);
    e.at = row.Int(first + 4);
    e.actor_id = row.Int(first + 5);
    e.actor_name = row.Text(first + 6);
    e.action = row.Text(first + 7);
    e.from_status = row.Text(first + 8);
    e.to_status = row.Text(first + 9);
    e.note = row.Text(first + 10);
    e.detail = row.Text(first + 11);
    e.prev_hash = row.Text(first + 12);
    e.hash = row.Text(first + 13);
    return e;
}

Photo ReadPhoto(const Row& row) {
    Photo p;
    p.id = row.Int(0);
    p.appeal_id = row.Int(1);
    p.event_id = OptionalInt(row, 2);
    p.uploaded_by = row.Int(3);
    p.uploaded_by_name = row.Text(4);
    p.type = ParseImageMimeType(row.Text(5)).value_or(ImageType::kJpeg);
    p.size_bytes = row.Int(6);
    p.sha256 = row.Text(7);
    p.storage_name = row.Text(8);
    p.created_at = row.Int(9);
    return p;
}

EvaluationLink ReadLink(const Row& row) {
    EvaluationLink l;
    l.id = row.Int(0);
    l.appeal_id = row.Int(1);
    l.token_hash = row.Text(2);
    l.created_by = row.Int(3);
    l.created_by_name = row.Text(4);
    l.created_at = row.Int(5);
    l.expires_at = row.Int(6);
    l.used_at = OptionalInt(row, 7);
    l.revoked_at = OptionalInt(row, 8);
    return l;
}

class SqlFollowupRepository final : public FollowupRepository {
  public:
    explicit SqlFollowupRepository(Database& db) : db_(db) {}

    Result<AppealEvent> GetEvent(std::int64_t id) override {
        return ReadOne(db_, kSelectEvent, {id}, ReadEvent, "event not found");
    }

    Result<std::vector<PendingExtensionRow>> ListPendingExtensions(const std::string& scope_path, int limit) override {
        const int first_event_column = AppealColumnCount();
        return ReadAll(db_, kListPendingExtensions,
                       {scope_path, registry::PathUpperBound(scope_path), static_cast<std::int64_t>(limit)},
                       [&](const Row& row) {
                           return PendingExtensionRow{ReadEventAt(row, first_event_column), ReadAppeal(row)};
                       });
    }

    Result<std::vector<Appeal>> ListSimilar(const SimilarQuery& q) override {
        return ReadAll(db_, kListSimilar,
                       {q.scope_path, registry::PathUpperBound(q.scope_path), q.category_id, q.created_since,
                        static_cast<std::int64_t>(q.limit)},
                       ReadAppeal);
    }

    Result<Photo> CreatePhoto(const Photo& p) override {
        std::int64_t id = 0;
        WANGGE_CHECK(db_.Write([&](Connection& c) -> Status {
            WANGGE_TRY(new_id, QueryInt(c, kInsertPhoto,
                                        {p.appeal_id, IntOrNull(p.event_id), p.uploaded_by, p.uploaded_by_name,
                                         std::string(ImageMimeType(p.type)), p.size_bytes, p.sha256, p.storage_name,
                                         p.created_at}));
            id = new_id;
            return {};
        }));
        return GetPhoto(id);
    }

    Result<Photo> GetPhoto(std::int64_t id) override {
        return ReadOne(db_, kSelectPhoto, {id}, ReadPhoto, "photo not found");
    }

    Result<std::vector<Photo>> ListPhotos(std::int64_t appeal_id) override {
        return ReadAll(db_, kListPhotos, {appeal_id}, ReadPhoto);
    }

    Result<EvaluationLink> CreateEvaluationLink(const EvaluationLink& l) override {
        std::int64_t id = 0;
        WANGGE_CHECK(db_.Write([&](Connection& c) -> Status {
            WANGGE_CHECK(c.Exec(kRevokeLinks, {l.appeal_id, l.created_at}));
            WANGGE_TRY(new_id, QueryInt(c, kInsertLink,
                                        {l.appeal_id, l.token_hash, l.created_by, l.created_by_name, l.created_at,
                                         l.expires_at}));
            id = new_id;
            return {};
        }));
        return ReadOne(db_, kSelectLinkById, {id}, ReadLink, "evaluation link not found");
    }

    Result<EvaluationLink> FindEvaluationLink(const std::string& token_hash) override {
        return ReadOne(db_, kSelectLinkByHash, {token_hash}, ReadLink, "evaluation link not found");
    }

    Result<std::optional<EvaluationLink>> LatestEvaluationLink(std::int64_t appeal_id) override {
        WANGGE_TRY(rows, ReadAll(db_, kLatestLink, {appeal_id}, ReadLink));
        if (rows.empty()) return std::optional<EvaluationLink>{};
        return std::optional<EvaluationLink>{std::move(rows.front())};
    }

    Result<bool> UseEvaluationLink(std::int64_t id, EpochMillis now) override {
        bool used = false;
        WANGGE_CHECK(db_.Write([&](Connection& c) -> Status {
            WANGGE_TRY(changed, c.Exec(kUseLink, {id, now}));
            used = changed == 1;
            return {};
        }));
        return used;
    }

    Status ReleaseEvaluationLink(std::int64_t id) override {
        return db_.Write([&](Connection& c) -> Status {
            WANGGE_CHECK(c.Exec(kReleaseLink, {id}));
            return {};
        });
    }

  private:
    Database& db_;
};

}  // namespace

std::unique_ptr<FollowupRepository> MakeSqlFollowupRepository(Database& db) {
    return std::make_unique<SqlFollowupRepository>(db);
}

}  // namespace wangge::storage
