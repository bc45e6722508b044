#include "util/utf8.h"

namespace ps::util {

namespace {

// The sequence length a lead byte announces; 0 for a byte that cannot lead (a continuation
// byte, C0, C1, F5 and above).
std::size_t announcedLength(unsigned char lead)
{
    if (lead < 0x80)
        return 1;
    if (lead >= 0xC2 && lead <= 0xDF)
        return 2;
    if (lead >= 0xE0 && lead <= 0xEF)
        return 3;
    if (lead >= 0xF0 && lead <= 0xF4)
        return 4;
    return 0;
}

bool isContinuation(unsigned char byte)
{
    return (byte & 0xC0) == 0x80;
}

} // namespace

Utf8Character decodeUtf8(std::string_view text, std::size_t at)
{
    if (at >= text.size())
        return {};
    const auto lead = static_cast<unsigned char>(text[at]);
    const std::size_t length = announcedLength(lead);
    if (length == 0 || at + length > text.size())
        return {};
    if (length == 1)
        return {lead, 1};
    char32_t c = length == 2 ? (lead & 0x1F) : length == 3 ? (lead & 0x0F) : (lead & 0x07);
    for (std::size_t k = 1; k < length; ++k) {
        const auto next = static_cast<unsigned char>(text[at + k]);
        if (!isContinuation(next))
            return {};
        c = (c << 6) | (next & 0x3F);
    }
    static constexpr char32_t kSmallest[] = {0, 0, 0x80, 0x800, 0x10000};
    if (c < kSmallest[length] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        return {};
    return {c, length};
}

bool isValidUtf8(std::string_view text)
{
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t length = decodeUtf8(text, i).length;
        if (length == 0)
            return false;
        i += length;
    }
    return true;
}

std::size_t wholeCharactersPrefix(std::string_view text)
{
    // Walk back over at most three continuation bytes to the lead byte of the last character.
    std::size_t lead = text.size();
    std::size_t continuation = 0;
    while (lead > 0 && continuation < 3
        && isContinuation(static_cast<unsigned char>(text[lead - 1]))) {
        --lead;
        ++continuation;
    }
    if (lead == 0)
        return text.size();
    const std::size_t needed = announcedLength(static_cast<unsigned char>(text[lead - 1]));
    // ASCII, a malformed byte, or a character already whole: nothing to wait for.
    return needed > 1 && continuation + 1 < needed ? lead - 1 : text.size();
}

} // namespace ps::util
