#include "domain/appeals/photo.hpp"

#include <algorithm>
#include <cctype>

#include "domain/auth/auth_service.hpp"

namespace wangge::appeals {
namespace {

std::string Lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
    return out;
}

}  // namespace

std::string_view ImageMimeType(ImageType type) {
    switch (type) {
        case ImageType::kJpeg:
            return "image/jpeg";
        case ImageType::kPng:
            return "image/png";
        case ImageType::kWebp:
            return "image/webp";
    }
    return "application/octet-stream";
}

std::string_view ImageExtension(ImageType type) {
    switch (type) {
        case ImageType::kJpeg:
            return "jpg";
        case ImageType::kPng:
            return "png";
        case ImageType::kWebp:
            return "webp";
    }
    return "bin";
}

std::optional<ImageType> ParseImageMimeType(std::string_view content_type) {
    std::string_view media = content_type.substr(0, content_type.find(';'));
    while (!media.empty() && media.back() == ' ') media.remove_suffix(1);
    while (!media.empty() && media.front() == ' ') media.remove_prefix(1);
    const std::string m = Lower(media);
    if (m == "image/jpeg" || m == "image/jpg") return ImageType::kJpeg;
    if (m == "image/png") return ImageType::kPng;
    if (m == "image/webp") return ImageType::kWebp;
    return std::nullopt;
}

std::optional<ImageType> SniffImage(std::string_view bytes) {
    if (bytes.size() >= 3 && bytes.substr(0, 3) == std::string_view("\xFF\xD8\xFF", 3)) return ImageType::kJpeg;
    if (bytes.size() >= 8 && bytes.substr(0, 8) == std::string_view("\x89PNG\r\n\x1A\n", 8)) return ImageType::kPng;
    if (bytes.size() >= 12 && bytes.substr(0, 4) == "RIFF" && bytes.substr(8, 4) == "WEBP") return ImageType::kWebp;
    return std::nullopt;
}

std::string NewPhotoName(ImageType type) {
    return auth::RandomToken().substr(0, 32) + "." + std::string(ImageExtension(type));
}

bool IsValidPhotoName(std::string_view name) {
    const auto dot = name.find('.');
    if (dot != 32) return false;
    const auto stem = name.substr(0, dot);
    if (!std::all_of(stem.begin(), stem.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }))
        return false;
    const auto ext = name.substr(dot + 1);
    return ext == "jpg" || ext == "png" || ext == "webp";
}

}  // namespace wangge::appeals
