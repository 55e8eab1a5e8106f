#pragma once
// The appeal follow-up features, each checked against the caller's scope like AppealService (outside
// it answers kNotFound):
//   - extension requests (延期申请): the claimer asks, the community secretary decides; both are
//     ledger events written through AppealRepository::ApplyTransition (extension.hpp);
//   - photos: upload checked by signature and size, read back only by callers who see the appeal;
//   - public evaluation links: a one-appeal, one-use, expiring token a resident rates with, no login;
//   - possible duplicates: open appeals nearby in the same category, shown before an intake is saved.
// Thread-safe as far as the repositories and the store are.
#include <optional>
#include <string>
#include <vector>

#include "common/clock.hpp"
#include "domain/appeals/appeal_repository.hpp"
#include "domain/appeals/appeal_service.hpp"
#include "domain/appeals/evaluation_link.hpp"
#include "domain/appeals/extension.hpp"
#include "domain/appeals/followup_repository.hpp"
#include "domain/appeals/photo.hpp"
#include "domain/auth/user.hpp"
#include "domain/registry/registry_repository.hpp"

namespace wangge::appeals {

// ---- extension requests ----

struct ExtensionDraft {
    EpochMillis due_at = 0;  // the new deadline asked for
    std::string reason;
};

enum class ExtensionDecision { kApprove, kRefuse };

struct AppealExtensions {
    std::vector<Extension> items;  // oldest first
    bool can_request = false;      // the caller may ask for one now
    bool can_decide = false;       // the caller may decide the pending one
};

struct PendingExtension {
    Extension extension;
    AppealView appeal;
};

// ---- photos ----

struct PhotoUpload {
    std::string content_type;  // the request's Content-Type
    std::string bytes;
    std::optional<std::int64_t> event_id;  // attach to this step of the appeal
};

struct PhotoContent {
    Photo photo;
    std::string bytes;
};

// ---- public evaluation ----

struct CreatedEvaluationLink {
    EvaluationLink link;
    std::string token;  // handed out once; only its hash is stored
};

struct EvaluationLinkStatus {
    std::optional<EvaluationLink> latest;
    std::optional<LinkState> state;  // of `latest`
    bool can_create = false;         // the caller may create one for the appeal now
};

// What a resident holding the link sees: no names, phones or ids of people.
struct PublicEvaluation {
    std::int64_t appeal_id = 0;
    std::string community_name;
    std::string category_name;
    std::string description;
    std::string result_note;  // what the claimer wrote when resolving (this round)
    AppealStatus status = AppealStatus::kResolved;
    Evaluation evaluation = Evaluation::kNone;
    std::optional<EpochMillis> resolved_at, reported_at;
    EpochMillis expires_at = 0;
    bool can_evaluate = false;  // reported and not yet evaluated
};

// ---- possible duplicates ----

struct SimilarRequest {
    std::int64_t area_id = 0;
    std::optional<std::int64_t> household_id;
    std::int64_t category_id = 0;
};

// Which place the candidates share with the new appeal.
enum class SimilarPlace { kBuilding, kCommunity };
std::string_view SimilarPlaceName(SimilarPlace place);

struct SimilarAppeals {
    SimilarPlace place = SimilarPlace::kCommunity;
    std::vector<AppealView> items;  // newest first, at most 5
};

inline constexpr EpochMillis kSimilarWindow = 60LL * 24 * 3600 * 1000;
inline constexpr int kSimilarLimit = 5;

class AppealFollowupService {
  public:
    // Borrows everything, which must outlive this.
    AppealFollowupService(AppealRepository& appeals, FollowupRepository& repo, registry::RegistryRepository& registry,
                          PhotoStore& photos, const Clock& clock);

    // -- extensions (followup_extensions.cpp) --

    // The claimer (or a manager, as for other claimer steps) asks for `draft.due_at`. kFailedPrecondition
    // unless the appeal is claimed or in progress with a deadline, or while another request is pending;
    // kInvalidArgument "due_at" unless later than both the current deadline and now (and within a year),
    // "reason" when empty or over 500 characters; kPermissionDenied for others; kAborted on a race.
    Result<Extension> RequestExtension(const auth::Caller& caller, std::int64_t appeal_id, const ExtensionDraft& draft);
    // A manager (not the one who asked) approves — the deadline moves to the requested one — or refuses
    // (a note is then required). kNotFound for an unknown id or outside scope; kFailedPrecondition when
    // the request is no longer pending; kPermissionDenied for non-managers and the requester.
    Result<Extension> DecideExtension(const auth::Caller& caller, std::int64_t extension_id, ExtensionDecision decision,
                                      const std::string& note);
    Result<AppealExtensions> ListExtensions(const auth::Caller& caller, std::int64_t appeal_id);
    // Pending requests under the caller's scope, oldest first (at most 200).
    Result<std::vector<PendingExtension>> PendingExtensions(const auth::Caller& caller);

    // -- photos (followup_photos.cpp) --

    // kInvalidArgument "content_type" for a type other than JPEG, PNG or WebP, "photo" for an empty body or
    // bytes that are not the declared type, "event_id" for a step of another appeal; kResourceExhausted
    // "photo" over kMaxPhotoBytes; kFailedPrecondition for a finished appeal or one with
    // kMaxPhotosPerAppeal photos; kPermissionDenied without record rights, or attaching to another
    // user's step (managers may).
    Result<Photo> UploadPhoto(const auth::Caller& caller, std::int64_t appeal_id, const PhotoUpload& upload);
    Result<std::vector<Photo>> ListPhotos(const auth::Caller& caller, std::int64_t appeal_id);
    // kNotFound unless the caller can see the photo's appeal.
    Result<PhotoContent> ReadPhoto(const auth::Caller& caller, std::int64_t photo_id);

    // -- public evaluation links (followup_evaluation.cpp) --

    // Managers, for an appeal that is resolved or reported; replaces any earlier unused link.
    Result<CreatedEvaluationLink> CreateEvaluationLink(const auth::Caller& caller, std::int64_t appeal_id);
    Result<EvaluationLinkStatus> GetEvaluationLinkStatus(const auth::Caller& caller, std::int64_t appeal_id);
    // No caller: the token is the authority. kNotFound for an unknown token; kFailedPrecondition with
    // field "token" when it was used, expired or replaced (the API answers 410).
    Result<PublicEvaluation> ViewByLink(const std::string& token);
    // Performs the workflow's "evaluate" step as the resident (actor id 0) and uses up the token.
    // kFailedPrecondition (field "status") when the appeal is not waiting for an evaluation;
    // kInvalidArgument "comment" over 500 characters.
    Result<PublicEvaluation> EvaluateByLink(const std::string& token, Evaluation evaluation,
                                            const std::string& comment);

    // -- possible duplicates (followup_similar.cpp) --

    // Open appeals of the category from the last 60 days in the same building (when a building or a
    // household is given) or else the same community, within the caller's scope. kNotFound for an area
    // or household outside scope; kInvalidArgument for a missing category or an area above communities.
    Result<SimilarAppeals> Similar(const auth::Caller& caller, const SimilarRequest& request);

  private:
    Result<Appeal> AppealInScope(const auth::Caller& caller, std::int64_t id);
    AppealView View(const auth::Caller& caller, Appeal appeal) const;
    Result<PublicEvaluation> PublicView(const Appeal& appeal, const EvaluationLink& link);
    Result<EvaluationLink> LinkForToken(const std::string& token);

    AppealRepository& appeals_;
    FollowupRepository& repo_;
    registry::RegistryRepository& registry_;
    PhotoStore& photos_;
    const Clock& clock_;
};

}  // namespace wangge::appeals
