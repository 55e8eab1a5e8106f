// Responses whose body is a file (see FileBody in http.hpp), and the Content-Disposition they carry.
#include <cstdio>

#include "http/http.hpp"

namespace wangge::http {

FileBody::~FileBody() {
    if (remove_ == RemoveFile::kYes) std::remove(path_.c_str());
}

Response Response::File(std::string content_type, std::string path, RemoveFile remove) {
    Response response;
    response.content_type = std::move(content_type);
    response.file = std::make_shared<const FileBody>(std::move(path), remove);
    return response;
}

std::string AttachmentDisposition(std::string_view utf8_name, std::string_view ascii_fallback) {
    // RFC 5987 attr-char: ALPHA / DIGIT / "!" / "#" / "$" / "&" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~"
    constexpr std::string_view kAttrChars = "!#$&+-.^_`|~";
    constexpr char kHex[] = "0123456789ABCDEF";
    std::string fallback;
    for (char c : ascii_fallback) {
        const auto u = static_cast<unsigned char>(c);
        fallback += (u >= 0x20 && u < 0x7F && c != '"' && c != '\\') ? c : '_';
    }
    std::string encoded;
    for (char c : utf8_name) {
        const auto u = static_cast<unsigned char>(c);
        if ((u >= '0' && u <= '9') || (u >= 'A' && u <= 'Z') || (u >= 'a' && u <= 'z') ||
            kAttrChars.find(c) != std::string_view::npos) {
            encoded += c;
        } else {
            encoded += '%';
            encoded += kHex[u >> 4];
            encoded += kHex[u & 0xF];
        }
    }
    return "attachment; filename=\"" + fallback + "\"; filename*=UTF-8''" + encoded;
}

}  // namespace wangge::http
