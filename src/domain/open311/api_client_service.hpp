#pragma once
// Issuing, listing and revoking Open311 API keys, and turning a presented key into the caller the
// appeal service checks. Thread-safe as far as the repository is.
#include <string>
#include <vector>

#include "domain/auth/user.hpp"
#include "domain/open311/api_client.hpp"

namespace wangge::open311 {

struct NewApiClient {
    ApiClient client;
    std::string key;  // shown once; not stored
};

// A request made with a valid key: the client, and the caller it acts as towards the appeal service.
struct ApiCaller {
    ApiClient client;
    // user_id 0 (no user account), the client's scope, the permissions of a grid worker (read and
    // record appeals; nothing else accepts it). Appeals it files name "Open311:<client name>" as the
    // recorder and as the actor of their "record" event in the ledger.
    auth::Caller caller;
};

// How an API client appears in the ledger: "Open311:<name>".
std::string ApiActorName(const std::string& client_name);

class ApiClientService {
  public:
    // Borrows both, which must outlive this.
    ApiClientService(ApiClientRepository& repo, const Clock& clock);

    // Issues a key. kInvalidArgument for a bad name (1–64 characters, no control characters; field
    // "name") or an unknown channel ("channel"); kAlreadyExists when the name is taken; the area must
    // exist ("area").
    Result<NewApiClient> Add(const std::string& name, std::int64_t area_id, const std::string& channel,
                             const std::string& created_by);
    Result<std::vector<ApiClient>> List();
    // Revokes the named client's key; kNotFound for an unknown name. Revoking twice is not an error.
    Result<ApiClient> Revoke(const std::string& name);

    // The client holding `key`. kPermissionDenied (Open311 answers 403) for a missing, unknown or
    // revoked key.
    Result<ApiCaller> Authenticate(const std::string& key);

  private:
    ApiClientRepository& repo_;
    const Clock& clock_;
};

}  // namespace wangge::open311
