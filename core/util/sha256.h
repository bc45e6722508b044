#pragma once

#include <string>
#include <string_view>

// SHA-256 of a byte string as lower-case hex (OpenSSL's libcrypto does the work).
namespace ps::util {

std::string sha256Hex(std::string_view bytes);

} // namespace ps::util
