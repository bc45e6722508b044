#include "util/ascii_text.h"

namespace ps::util {

std::string_view trimAsciiSpace(std::string_view text)
{
    constexpr std::string_view kSpace = " \t\r\n\v\f"; // isspace() in the C locale
    const auto first = text.find_first_not_of(kSpace);
    if (first == std::string_view::npos)
        return {};
    const auto last = text.find_last_not_of(kSpace);
    return text.substr(first, last - first + 1);
}

std::string asciiLower(std::string_view text)
{
    std::string out(text);
    for (char &c : out) {
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

std::string join(const std::vector<std::string> &parts, std::string_view separator)
{
    std::string joined;
    for (const std::string &part : parts) {
        if (&part != &parts.front())
            joined += separator;
        joined += part;
    }
    return joined;
}

std::string markdownCell(std::string_view text)
{
    std::string cell;
    for (const char c : text) {
        if (c == '|' || c == '\\' || c == '`')
            cell += '\\';
        cell += c;
    }
    return cell;
}

} // namespace ps::util
