#include "eval/statistics.h"

#include <algorithm>
#include <cmath>

namespace ps::eval {

Interval wilsonInterval(int successes, int trials, double z)
{
    return wilsonIntervalOfShare(double(successes), trials, z);
}

Interval wilsonIntervalOfShare(double successes, int trials, double z)
{
    if (trials <= 0)
        return {};
    const double n = trials;
    const double p = successes / n;
    const double z2 = z * z;
    const double denominator = 1.0 + z2 / n;
    const double centre = (p + z2 / (2 * n)) / denominator;
    const double half = z / denominator * std::sqrt(p * (1 - p) / n + z2 / (4 * n * n));
    // At 0/n and n/n the bound is exactly 0 or 1; the formula leaves a rounding error there.
    return {successes <= 0 ? 0.0 : std::max(0.0, centre - half),
        successes >= n ? 1.0 : std::min(1.0, centre + half)};
}

std::optional<double> percentile(std::vector<double> values, double p)
{
    if (values.empty() || !(p >= 0.0 && p <= 100.0))
        return std::nullopt;
    std::sort(values.begin(), values.end());
    const double rank = p / 100.0 * double(values.size() - 1);
    const auto below = static_cast<std::size_t>(std::floor(rank));
    const std::size_t above = std::min(below + 1, values.size() - 1);
    const double fraction = rank - double(below);
    const double difference = values[above] - values[below];
    // numpy interpolates from the nearer end, which decides the last bit of the result.
    if (fraction >= 0.5)
        return values[above] - difference * (1.0 - fraction);
    return values[below] + difference * fraction;
}

std::optional<int> twoProportionCasesNeeded(double p1, double p2)
{
    if (!(p1 >= 0 && p1 <= 1 && p2 >= 0 && p2 <= 1) || p1 == p2)
        return std::nullopt;
    constexpr double zAlpha = 1.959963984540054;
    constexpr double zPower = 0.8416212335729143;
    const double mean = (p1 + p2) / 2;
    const double root = zAlpha * std::sqrt(2 * mean * (1 - mean))
        + zPower * std::sqrt(p1 * (1 - p1) + p2 * (1 - p2));
    return static_cast<int>(std::ceil(root * root / ((p1 - p2) * (p1 - p2))));
}

std::optional<double> passHatK(const std::vector<CaseTrials> &cases, int k)
{
    if (k < 1)
        return std::nullopt;
    double sum = 0.0;
    int counted = 0;
    for (const CaseTrials &trials : cases) {
        if (trials.trials < k)
            continue;
        // C(c, k) / C(n, k) = Π_{i<k} (c − i) / (n − i): no factorial can overflow.
        double ratio = 1.0;
        for (int i = 0; i < k; ++i)
            ratio *= double(std::max(trials.successes - i, 0)) / double(trials.trials - i);
        sum += ratio;
        ++counted;
    }
    if (counted == 0)
        return std::nullopt;
    return sum / counted;
}

} // namespace ps::eval
