#include "domain/open311/api_client_service.hpp"

#include <algorithm>

#include "domain/appeals/appeal.hpp"
#include "domain/auth/auth_service.hpp"

namespace wangge::open311 {
namespace {

constexpr std::size_t kMaxNameChars = 64;

std::size_t CharCount(std::string_view utf8) {
    return static_cast<std::size_t>(
        std::count_if(utf8.begin(), utf8.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

Status CheckName(const std::string& name) {
    const bool control =
        std::any_of(name.begin(), name.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7F; });
    if (name.empty() || CharCount(name) > kMaxNameChars || control || name.front() == ' ' || name.back() == ' ')
        return Fail(ErrorCode::kInvalidArgument,
                    "客户端名称须为1-64个字符，不含控制字符及首尾空格 (name: 1-64 characters, no control characters, "
                    "no leading or trailing spaces)",
                    "name");
    return {};
}

tl::unexpected<Error> Denied(std::string message) { return Fail(ErrorCode::kPermissionDenied, std::move(message)); }

}  // namespace

std::string ApiActorName(const std::string& client_name) { return "Open311:" + client_name; }

ApiClientService::ApiClientService(ApiClientRepository& repo, const Clock& clock) : repo_(repo), clock_(clock) {}

Result<NewApiClient> ApiClientService::Add(const std::string& name, std::int64_t area_id, const std::string& channel,
                                           const std::string& created_by) {
    WANGGE_CHECK(CheckName(name));
    if (!appeals::ParseChannel(channel))
        return Fail(ErrorCode::kInvalidArgument, "未知的诉求渠道 (unknown channel " + channel + ")", "channel");
    ApiClient client;
    client.name = name;
    client.area_id = area_id;
    client.channel = channel;
    client.created_by = created_by;
    client.created_at = clock_.Now();
    NewApiClient made;
    made.key = auth::RandomToken();
    WANGGE_TRY(stored, repo_.CreateClient(client, auth::Sha256Hex(made.key)));
    made.client = std::move(stored);
    return made;
}

Result<std::vector<ApiClient>> ApiClientService::List() { return repo_.ListClients(); }

Result<ApiClient> ApiClientService::Revoke(const std::string& name) {
    auto client = repo_.GetClientByName(name);
    if (!client && client.error().code == ErrorCode::kNotFound)
        return Fail(ErrorCode::kNotFound, "没有名为 " + name + " 的客户端 (no API client named " + name + ")", "name");
    if (!client) return client;
    if (!client->revoked()) WANGGE_CHECK(repo_.RevokeClient(client->id, clock_.Now()));
    return repo_.GetClientByName(name);
}

Result<ApiCaller> ApiClientService::Authenticate(const std::string& key) {
    if (key.empty()) return Denied("缺少 api_key (api_key is required)");
    // Keys are 64 hex characters; anything else cannot match, so spare the lookup.
    if (key.size() != 64) return Denied("api_key 无效 (invalid api_key)");
    auto client = repo_.GetClientByKeyHash(auth::Sha256Hex(key));
    if (!client && client.error().code == ErrorCode::kNotFound) return Denied("api_key 无效 (invalid api_key)");
    if (!client) return Fail(client.error());
    if (client->revoked()) return Denied("api_key 已吊销 (api_key revoked)");
    // An empty scope would admit every path; the join always gives one, so this is a broken row.
    if (client->area_path.empty()) return Fail(ErrorCode::kInternal, "API client without a scope path");
    ApiCaller out;
    out.caller.user_id = 0;
    out.caller.username = ApiActorName(client->name);
    out.caller.display_name = ApiActorName(client->name);
    out.caller.role = auth::Role::kGridWorker;
    out.caller.area_id = client->area_id;
    out.caller.area_path = client->area_path;
    out.client = std::move(*client);
    return out;
}

}  // namespace wangge::open311
