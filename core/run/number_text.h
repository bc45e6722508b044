#pragma once

#include <cstdio>
#include <string>

// How the run reports write numbers: plain decimals, the same in every report.
namespace ps::run {

// `value` with `decimals` digits after the point; `sign` writes "+" before a positive number.
inline std::string fixed(double value, int decimals, bool sign = false)
{
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, sign ? "%+.*f" : "%.*f", decimals, value);
    return buffer;
}

} // namespace ps::run
