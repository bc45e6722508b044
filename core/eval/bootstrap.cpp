#include "eval/bootstrap.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
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

MeanIntervals::MeanIntervals(const BootstrapOptions &options)
    : m_options(options)
{ }

void MeanIntervals::add(
    std::vector<double> values, std::function<void(std::optional<Interval>)> done)
{
    m_requests.push_back({std::move(values), std::move(done)});
}

void MeanIntervals::addPairedDifference(const std::vector<double> &a,
    const std::vector<double> &b, std::function<void(std::optional<Interval>)> done)
{
    if (a.size() != b.size()) {
        done(std::nullopt);
        return;
    }
    std::vector<double> differences(a.size());
    for (std::size_t i = 0; i < a.size(); ++i)
        differences[i] = b[i] - a[i];
    add(std::move(differences), std::move(done));
}

void MeanIntervals::afterRun(std::function<void()> step)
{
    m_afterRun.push_back(std::move(step));
}

void MeanIntervals::run()
{
    std::vector<Request> requests;
    requests.swap(m_requests);
    std::vector<std::function<void()>> steps;
    steps.swap(m_afterRun);
    std::map<std::size_t, std::vector<const Request *>> bySize;
    for (const Request &request : requests)
        bySize[request.values.size()].push_back(&request);
    for (const auto &[n, group] : bySize) {
        if (n == 0 || m_options.resamples < 1) {
            for (const Request *request : group)
                request->done(std::nullopt);
            continue;
        }
        // The draws of bootstrapMeanInterval, each index summed into every list of the group
        // in the same order, so every mean is the same double it would be alone.
        std::mt19937_64 random(m_options.seed);
        const UniformDraw draw(n);
        const std::size_t k = group.size();
        // Item by item, the k lists' values side by side: one draw reads one cache line.
        std::vector<double> rows(n * k);
        for (std::size_t j = 0; j < k; ++j)
            for (std::size_t i = 0; i < n; ++i)
                rows[i * k + j] = group[j]->values[i];
        std::vector<std::vector<double>> means(k);
        for (std::vector<double> &list : means)
            list.reserve(static_cast<std::size_t>(m_options.resamples));
        std::vector<double> sums(k);
        for (int resample = 0; resample < m_options.resamples; ++resample) {
            std::fill(sums.begin(), sums.end(), 0.0);
            double *const sum = sums.data();
            if (k == 1) {
                double alone = 0.0; // a register, not memory: the common single list
                for (std::size_t i = 0; i < n; ++i)
                    alone += rows[draw(random)];
                sum[0] = alone;
            } else {
                for (std::size_t i = 0; i < n; ++i) {
                    const double *const row = rows.data() + draw(random) * k;
                    for (std::size_t j = 0; j < k; ++j)
                        sum[j] += row[j];
                }
            }
            for (std::size_t j = 0; j < k; ++j)
                if (const double mean = sum[j] / double(n); std::isfinite(mean))
                    means[j].push_back(mean);
        }
        for (std::size_t j = 0; j < k; ++j)
            group[j]->done(intervalOf(means[j]));
    }
    for (const std::function<void()> &step : steps)
        step();
}

std::optional<Interval> bootstrapMeanInterval(
    const std::vector<double> &values, const BootstrapOptions &options)
{
    std::optional<Interval> interval;
    MeanIntervals intervals(options);
    intervals.add(values, [&interval](std::optional<Interval> drawn) { interval = drawn; });
    intervals.run();
    return interval;
}

std::optional<Interval> pairedBootstrapDifference(const std::vector<double> &a,
    const std::vector<double> &b, const BootstrapOptions &options)
{
    std::optional<Interval> interval;
    MeanIntervals intervals(options);
    intervals.addPairedDifference(
        a, b, [&interval](std::optional<Interval> drawn) { interval = drawn; });
    intervals.run();
    return interval;
}

} // namespace ps::eval
