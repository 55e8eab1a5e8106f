// libsodium wrappers: argon2id password hashes, random tokens, SHA-256.
#include <sodium.h>

#include <stdexcept>

#include "domain/auth/auth_service.hpp"

namespace wangge::auth {
namespace {

void EnsureSodium() {
    static const bool ok = sodium_init() >= 0;
    if (!ok) throw std::runtime_error("libsodium failed to initialise");
}

std::string Hex(const unsigned char* data, size_t n) {
    std::string out(n * 2 + 1, '\0');
    sodium_bin2hex(out.data(), out.size(), data, n);
    out.pop_back();
    return out;
}

}  // namespace

Result<std::string> HashPassword(const std::string& password) {
    EnsureSodium();
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str_alg(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                              crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0)
        return Fail(ErrorCode::kResourceExhausted, "out of memory while hashing a password");
    return std::string(out);
}

bool VerifyPassword(const std::string& hash, const std::string& password) {
    EnsureSodium();
    return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

std::string RandomToken() {
    EnsureSodium();
    unsigned char bytes[32];
    randombytes_buf(bytes, sizeof bytes);
    return Hex(bytes, sizeof bytes);
}

std::string Sha256Hex(const std::string& text) {
    EnsureSodium();
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(text.data()), text.size());
    return Hex(digest, sizeof digest);
}

}  // namespace wangge::auth
