#pragma once
// What the appeal follow-up features (extension requests, photos, public evaluation links, possible
// duplicates) need from storage beyond AppealRepository. Every change to an appeal and its ledger still
// goes through AppealRepository::ApplyTransition; this interface only reads the ledger and keeps the
// photo and link tables. Implemented in portable SQL in storage/repositories/appeals.
#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "domain/appeals/appeal.hpp"
#include "domain/appeals/evaluation_link.hpp"
#include "domain/appeals/photo.hpp"

namespace wangge::appeals {

// An undecided extension request and its appeal as it is now.
struct PendingExtensionRow {
    AppealEvent request;
    Appeal appeal;
};

struct SimilarQuery {
    std::string scope_path;  // appeals whose path lies under this (a building or a community)
    std::int64_t category_id = 0;
    EpochMillis created_since = 0;
    int limit = 5;
};

class FollowupRepository {
  public:
    virtual ~FollowupRepository() = default;

    // One ledger event by id; kNotFound.
    virtual Result<AppealEvent> GetEvent(std::int64_t id) = 0;
    // "request_extension" events under `scope_path` not followed on their appeal by a decision or an
    // event that ends the request (see EndsExtensionRequest), oldest first; at most `limit`.
    virtual Result<std::vector<PendingExtensionRow>> ListPendingExtensions(const std::string& scope_path,
                                                                           int limit) = 0;
    // Appeals under the scope in the category, created at or after `created_since`, not closed,
    // not responsible, merged or rejected; newest first.
    virtual Result<std::vector<Appeal>> ListSimilar(const SimilarQuery& query) = 0;

    // Stores the metadata (id ignored); returns it with its id.
    virtual Result<Photo> CreatePhoto(const Photo& photo) = 0;
    virtual Result<Photo> GetPhoto(std::int64_t id) = 0;  // kNotFound
    // Oldest first.
    virtual Result<std::vector<Photo>> ListPhotos(std::int64_t appeal_id) = 0;

    // Stores the link (id ignored) and, in the same transaction, revokes (revoked_at = created_at) the
    // appeal's earlier links that are neither used nor revoked.
    virtual Result<EvaluationLink> CreateEvaluationLink(const EvaluationLink& link) = 0;
    virtual Result<EvaluationLink> FindEvaluationLink(const std::string& token_hash) = 0;  // kNotFound
    // The appeal's newest link, if it ever had one.
    virtual Result<std::optional<EvaluationLink>> LatestEvaluationLink(std::int64_t appeal_id) = 0;
    // Marks the link used at `now` if it is still unused, unrevoked and unexpired at `now`: true when this
    // call did it (exactly one of several concurrent callers gets true).
    virtual Result<bool> UseEvaluationLink(std::int64_t id, EpochMillis now) = 0;
    // Undoes UseEvaluationLink when the evaluation it guarded could not be stored.
    virtual Status ReleaseEvaluationLink(std::int64_t id) = 0;
};

}  // namespace wangge::appeals
