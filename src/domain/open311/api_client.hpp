#pragma once
// Clients of the Open311 GeoReport v2 API (docs/api/open311.md): 311 apps and hotline platforms that
// file and follow appeals with one API key each. The key is 256 random bits handed out once; only its
// SHA-256 is stored. A client acts inside one area subtree (its scope) and files through one channel.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.hpp"
#include "common/result.hpp"

namespace wangge::open311 {

struct ApiClient {
    std::int64_t id = 0;
    std::string name;  // unique, also after revocation; shown in the ledger as the actor
    std::int64_t area_id = 0;
    std::string area_path;  // joined on read: the scope
    std::string area_name;  // joined on read
    std::string channel;    // appeals::ChannelName of what it files ("hotline_12345")
    std::string created_by;
    EpochMillis created_at = 0;
    std::optional<EpochMillis> revoked_at;

    bool revoked() const { return revoked_at.has_value(); }
};

// What the key service needs from storage. Implemented in storage/repositories/open311.
class ApiClientRepository {
  public:
    virtual ~ApiClientRepository() = default;
    // Stores the client (id, area path and name ignored) with the key's hash. kAlreadyExists when the
    // name is taken; kInvalidArgument (field "area") when the area does not exist.
    virtual Result<ApiClient> CreateClient(const ApiClient& client, const std::string& key_hash) = 0;
    virtual Result<ApiClient> GetClientByKeyHash(const std::string& key_hash) = 0;  // kNotFound
    virtual Result<ApiClient> GetClientByName(const std::string& name) = 0;         // kNotFound
    // Every client, revoked ones too, by id.
    virtual Result<std::vector<ApiClient>> ListClients() = 0;
    // Sets revoked_at unless already set. kNotFound for an unknown id.
    virtual Status RevokeClient(std::int64_t id, EpochMillis at) = 0;
};

}  // namespace wangge::open311
