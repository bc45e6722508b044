#include "eval/bootstrap.h"

#include <cmath>
#include <cstdint>
#include <random>

namespace ps::eval {

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
    std::vector<std::size_t> indices(n);
    std::vector<std::vector<double>> values(count);
    for (std::vector<double> &list : values)
        list.reserve(static_cast<std::size_t>(options.resamples));
    for (int resample = 0; resample < options.resamples; ++resample) {
        for (std::size_t &index : indices)
            index = uniformBelow(random, n);
        const std::vector<double> measured = statistics(indices);
        for (std::size_t i = 0; i < count && i < measured.size(); ++i)
            if (std::isfinite(measured[i]))
                values[i].push_back(measured[i]);
    }
    for (std::size_t i = 0; i < count; ++i)
        if (!values[i].empty())
            intervals[i] = Interval {*percentile(values[i], 2.5), *percentile(values[i], 97.5)};
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
    return bootstrapInterval(
        values.size(),
        [&values](Resample indices) {
            double sum = 0.0;
            for (const std::size_t index : indices)
                sum += values[index];
            return sum / double(indices.size());
        },
        options);
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
