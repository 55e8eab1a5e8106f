// Photos of an appeal: checked at the door (type by signature, size), stored under a server-chosen
// name, read back only by callers who can see the appeal.
#include "domain/appeals/followup_service.hpp"
#include "domain/appeals/service_checks.hpp"
#include "domain/auth/auth_service.hpp"

namespace wangge::appeals {

using auth::Caller;
using auth::Permission;

Result<Photo> AppealFollowupService::UploadPhoto(const Caller& caller, std::int64_t appeal_id,
                                                 const PhotoUpload& upload) {
    WANGGE_TRY(appeal, AppealInScope(caller, appeal_id));
    WANGGE_CHECK(internal::Require(caller, Permission::kRecordAppeal));
    const auto declared = ParseImageMimeType(upload.content_type);
    if (!declared)
        return Fail(ErrorCode::kInvalidArgument,
                    "照片须为 JPEG、PNG 或 WebP 格式 (Content-Type must be image/jpeg, image/png or image/webp)",
                    "content_type");
    if (upload.bytes.empty())
        return Fail(ErrorCode::kInvalidArgument, "照片内容为空 (the request body is empty)", "photo");
    if (upload.bytes.size() > kMaxPhotoBytes)
        return Fail(ErrorCode::kResourceExhausted, "照片不能超过 5 MB (a photo may be at most 5 MB)", "photo");
    if (SniffImage(upload.bytes) != declared)
        return Fail(
            ErrorCode::kInvalidArgument,
            "文件内容不是" + std::string(ImageMimeType(*declared)) + "图片 (the bytes are not the declared image type)",
            "photo");
    if (IsTerminal(appeal.status))
        return Fail(ErrorCode::kFailedPrecondition, "诉求已结束，不能再添加照片 (the appeal is finished)", "status");
    WANGGE_TRY(existing, repo_.ListPhotos(appeal.id));
    if (static_cast<int>(existing.size()) >= kMaxPhotosPerAppeal)
        return Fail(ErrorCode::kFailedPrecondition,
                    "每条诉求最多 " + std::to_string(kMaxPhotosPerAppeal) + " 张照片 (too many photos)", "photo");
    if (upload.event_id) {
        auto event = repo_.GetEvent(*upload.event_id);
        if (!event && event.error().code != ErrorCode::kNotFound) return Fail(event.error());
        if (!event || event->appeal_id != appeal.id)
            return Fail(ErrorCode::kInvalidArgument, "该办理记录不属于这条诉求 (no such step of this appeal)",
                        "event_id");
        if (event->actor_id != caller.user_id && !caller.Can(Permission::kManageAppeals))
            return Fail(ErrorCode::kPermissionDenied,
                        "只能为自己办理的步骤添加照片 (only your own steps take your photos)");
    }

    Photo photo;
    photo.appeal_id = appeal.id;
    photo.event_id = upload.event_id;
    photo.uploaded_by = caller.user_id;
    photo.uploaded_by_name = internal::ActorName(caller);
    photo.type = *declared;
    photo.size_bytes = static_cast<std::int64_t>(upload.bytes.size());
    photo.sha256 = auth::Sha256Hex(upload.bytes);
    photo.storage_name = NewPhotoName(*declared);
    photo.created_at = clock_.Now();
    WANGGE_CHECK(photos_.Put(photo.storage_name, upload.bytes));
    auto created = repo_.CreatePhoto(photo);
    if (!created) (void)photos_.Remove(photo.storage_name);  // no row points at it
    return created;
}

Result<std::vector<Photo>> AppealFollowupService::ListPhotos(const Caller& caller, std::int64_t appeal_id) {
    WANGGE_TRY(appeal, AppealInScope(caller, appeal_id));
    return repo_.ListPhotos(appeal.id);
}

Result<PhotoContent> AppealFollowupService::ReadPhoto(const Caller& caller, std::int64_t photo_id) {
    WANGGE_CHECK(internal::Require(caller, Permission::kReadAppeals));
    auto photo = repo_.GetPhoto(photo_id);
    if (!photo && photo.error().code != ErrorCode::kNotFound) return Fail(photo.error());
    if (!photo) return internal::NotFound("照片", "photo");
    auto appeal = AppealInScope(caller, photo->appeal_id);
    if (!appeal && appeal.error().code == ErrorCode::kNotFound) return internal::NotFound("照片", "photo");
    if (!appeal) return Fail(appeal.error());
    WANGGE_TRY(bytes, photos_.Get(photo->storage_name));
    return PhotoContent{std::move(*photo), std::move(bytes)};
}

}  // namespace wangge::appeals
