#pragma once

#include <string>
#include <string_view>

// SHA-256 of a byte string as lower-case hex (OpenSSL's libcrypto does the work).
namespace ps::util {

std::string sha256Hex(std::string_view bytes);

// HMAC-SHA-256 of `bytes` under `key`, as lower-case hex: proves who wrote a record.
std::string hmacSha256Hex(std::string_view key, std::string_view bytes);

} // namespace ps::util
