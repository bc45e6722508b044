#include "util/base64.h"

#include <openssl/evp.h>

namespace ps::util {

std::string base64Encode(std::string_view bytes)
{
    std::string text(4 * ((bytes.size() + 2) / 3), '\0');
    const int written = EVP_EncodeBlock(reinterpret_cast<unsigned char *>(text.data()),
        reinterpret_cast<const unsigned char *>(bytes.data()), int(bytes.size()));
    text.resize(std::size_t(written));
    return text;
}

std::optional<std::string> base64Decode(std::string_view text)
{
    if (text.size() % 4 != 0)
        return std::nullopt;
    std::string bytes(3 * (text.size() / 4), '\0');
    const int written = EVP_DecodeBlock(reinterpret_cast<unsigned char *>(bytes.data()),
        reinterpret_cast<const unsigned char *>(text.data()), int(text.size()));
    if (written < 0)
        return std::nullopt;
    // EVP_DecodeBlock writes the padding as zero bytes; drop one per '='.
    std::size_t padding = 0;
    if (!text.empty() && text.back() == '=')
        padding = text.size() >= 2 && text[text.size() - 2] == '=' ? 2 : 1;
    bytes.resize(std::size_t(written) - padding);
    return bytes;
}

} // namespace ps::util
