#include "util/number_text.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace ps::util {

std::string fixed(double value, int decimals, bool sign)
{
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, sign ? "%+.*f" : "%.*f", decimals, value);
    return buffer;
}

std::string dollars(double cost)
{
    if (!(cost > 0))
        return "$0";
    const int decimals = std::clamp(2 - static_cast<int>(std::floor(std::log10(cost))), 2, 12);
    std::string text = fixed(cost, decimals);
    while (text.back() == '0')
        text.pop_back();
    if (text.back() == '.')
        text.pop_back();
    return "$" + text;
}

std::string dollars(const std::optional<double> &cost)
{
    return cost ? dollars(*cost) : std::string("\u2014");
}

std::string grouped(long long value)
{
    std::string digits = std::to_string(value);
    for (int at = int(digits.size()) - 3; at > (digits.front() == '-' ? 1 : 0); at -= 3)
        digits.insert(std::size_t(at), ",");
    return digits;
}

} // namespace ps::util
