#pragma once

#include <optional>
#include <string>

// Numbers as every report, the CLI and the window write them: plain decimals, never exponents.
namespace ps::util {

// `value` with `decimals` digits after the point; `sign` writes "+" before a positive number.
std::string fixed(double value, int decimals, bool sign = false);

// A whole number with a comma between thousands: "86,120".
std::string grouped(long long value);

// A cost in US dollars with three significant digits: "$0.0000228", "$0.00036", "$1.5"; "$0" for
// nothing (or less). The pane, the status bar, the CLI and the reports all show this text.
std::string dollars(double cost);
// The same, or "—" when no cost is known.
std::string dollars(const std::optional<double> &cost);

} // namespace ps::util
