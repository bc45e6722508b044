#include "eval/bootstrap.h"

#include <cmath>
#include <cstdint>
#include <random>

namespace ps::eval {

namespace {

std::optional<Interval> intervalOf(std::vector<double> &values)
{
    if (values.empty())
        return std::nullopt;
    return Interval {*percentile(values, 2.5), *percentile(values, 97.5)};
}

} // namespace

UniformDraw::UniformDraw(std::uint64_t bound)
    : m_bound(bound)
    , m_limit(UINT64_MAX - UINT64_MAX % bound)
    , m_inverse(~Uint128(0) / bound + 1) // wraps to 0 for a bound of 1, which then gives 0
{ }

std::size_t uniformBelow(std::mt19937_64 &random, std::uint64_t bound)
{
    // A draw past the last whole multiple of `bound` is drawn again.
    const std::uint64_t limit = UINT64_MAX - UINT64_MAX % bound;
    std::uint64_t draw = random();
    while (draw >= limit)
        draw = random();
    return static_cast<std::size_t>(draw % bound);
}

std::vector<std::optional<Interval>> bootstrapIntervals(std::size_t n, std::size_t count,
    const std::function<std::vector<double>(Resample indices)> &statistics,
    const BootstrapOptions &options)
{
    std::vector<std::optional<Interval>> intervals(count);
    if (n == 0 || options.resamples < 1)
        return intervals;
    std::mt19937_64 random(options.seed);
    const UniformDraw draw(n);
    std::vector<std::size_t> indices(n);
    std::vector<std::vector<double>> values(count);
    for (std::vector<double> &list : values)
        list.reserve(static_cast<std::size_t>(options.resamples));
    for (int resample = 0; resample < options.resamples; ++resample) {
        for (std::size_t &index : indices)
            index = draw(random);
        const std::vector<double> measured = statistics(indices);
        for (std::size_t i = 0; i < count && i < measured.size(); ++i)
            if (std::isfinite(measured[i]))
                values[i].push_back(measured[i]);
    }
    for (std::size_t i = 0; i < count; ++i)
        intervals[i] = intervalOf(values[i]);
    return intervals;
}

std::optional<Interval> bootstrapInterval(std::size_t n,
    const std::function<double(Resample indices)> &statistic, const BootstrapOptions &options)
{
    return bootstrapIntervals(
        n, 1, [&statistic](Resample indices) { return std::vector<double> {statistic(indices)}; },
        options)
        .front();
}

std::optional<Interval> bootstrapMeanInterval(
    const std::vector<double> &values, const BootstrapOptions &options)
{
    // The same draws and sums as bootstrapInterval with a mean statistic, without an index list
    // or a call per resample: the one statistic every report draws for each column.
    const std::size_t n = values.size();
    if (n == 0 || options.resamples < 1)
        return std::nullopt;
    std::mt19937_64 random(options.seed);
    const UniformDraw draw(n);
    std::vector<double> means;
    means.reserve(static_cast<std::size_t>(options.resamples));
    for (int resample = 0; resample < options.resamples; ++resample) {
        double sum = 0.0;
        for (std::size_t i = 0; i < n; ++i)
            sum += values[draw(random)];
        if (const double mean = sum / double(n); std::isfinite(mean))
            means.push_back(mean);
    }
    return intervalOf(means);
}

std::optional<Interval> pairedBootstrapDifference(const std::vector<double> &a,
    const std::vector<double> &b, const BootstrapOptions &options)
{
    if (a.size() != b.size())
        return std::nullopt;
    std::vector<double> differences(a.size());
    for (std::size_t i = 0; i < a.size(); ++i)
        differences[i] = b[i] - a[i];
    return bootstrapMeanInterval(differences, options);
}

} // namespace ps::eval
