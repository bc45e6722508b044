#include "eval/bootstrap.h"

#include <cstdint>
#include <random>

namespace ps::eval {

namespace {

// An unbiased draw from 0..bound-1 (a draw past the last whole multiple of `bound` is drawn
// again): std's distributions differ between standard libraries, which would make the same
// seed give different intervals on different machines.
std::size_t drawBelow(std::mt19937_64 &random, std::uint64_t bound)
{
    const std::uint64_t limit = UINT64_MAX - UINT64_MAX % bound;
    std::uint64_t draw = random();
    while (draw >= limit)
        draw = random();
    return static_cast<std::size_t>(draw % bound);
}

} // namespace

std::optional<Interval> bootstrapInterval(std::size_t n,
    const std::function<double(Resample indices)> &statistic, const BootstrapOptions &options)
{
    if (n == 0 || options.resamples < 1)
        return std::nullopt;
    std::mt19937_64 random(options.seed);
    std::vector<std::size_t> indices(n);
    std::vector<double> values;
    values.reserve(static_cast<std::size_t>(options.resamples));
    for (int resample = 0; resample < options.resamples; ++resample) {
        for (std::size_t &index : indices)
            index = drawBelow(random, n);
        values.push_back(statistic(indices));
    }
    return Interval {*percentile(values, 2.5), *percentile(values, 97.5)};
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
