#pragma once

#include <optional>
#include <string>
#include <string_view>

// Standard base64 (RFC 4648, padded), through OpenSSL's libcrypto.
namespace ps::util {

std::string base64Encode(std::string_view bytes);

// nullopt when `text` is not padded base64 of the standard alphabet.
std::optional<std::string> base64Decode(std::string_view text);

} // namespace ps::util
