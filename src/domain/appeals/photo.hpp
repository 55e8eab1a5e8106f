#pragma once
// Photos of an appeal (the broken pipe before, the repaired one after). The bytes are kept by a
// PhotoStore under a name the server chose; their metadata (who, when, which appeal and step, type,
// size, SHA-256) by the FollowupRepository. Only JPEG, PNG and WebP are accepted, told by their
// first bytes, never by what the client claims alone.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/clock.hpp"
#include "common/result.hpp"

namespace wangge::appeals {

inline constexpr std::size_t kMaxPhotoBytes = 5u * 1024 * 1024;
inline constexpr int kMaxPhotosPerAppeal = 30;

enum class ImageType { kJpeg, kPng, kWebp };

std::string_view ImageMimeType(ImageType type);   // "image/jpeg"
std::string_view ImageExtension(ImageType type);  // "jpg"
// A Content-Type header value ("image/jpeg; charset=…" and any case accepted); nullopt for other types.
std::optional<ImageType> ParseImageMimeType(std::string_view content_type);
// What the bytes are, by their signature; nullopt when none of the three.
std::optional<ImageType> SniffImage(std::string_view bytes);

struct Photo {
    std::int64_t id = 0;
    std::int64_t appeal_id = 0;
    std::optional<std::int64_t> event_id;  // the step it documents (record, resolve, …), when given
    std::int64_t uploaded_by = 0;
    std::string uploaded_by_name;
    ImageType type = ImageType::kJpeg;
    std::int64_t size_bytes = 0;
    std::string sha256;        // hex of the bytes
    std::string storage_name;  // server-chosen, see PhotoStore
    EpochMillis created_at = 0;
};

// Where photo bytes live. Names are chosen by the server (IsValidPhotoName); a store refuses any
// other name, so no client text ever becomes a path. Thread-safe.
class PhotoStore {
  public:
    virtual ~PhotoStore() = default;
    // Stores `bytes` under `name` (new names only). kUnavailable when storage is not configured or
    // the write fails.
    virtual Status Put(const std::string& name, std::string_view bytes) = 0;
    // kNotFound when absent.
    virtual Result<std::string> Get(const std::string& name) = 0;
    // Removes it; absent is fine.
    virtual Status Remove(const std::string& name) = 0;
};

// A fresh random name: 32 hex characters, '.', the type's extension.
std::string NewPhotoName(ImageType type);
bool IsValidPhotoName(std::string_view name);

}  // namespace wangge::appeals
