// Percentile bootstrap intervals, seeded so that a report can be reproduced to the last digit.
#pragma once

#include "eval/statistics.h"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <random>
#include <span>
#include <vector>

namespace ps::eval {

// How a report resamples: reported with its numbers, so anyone can get the same intervals.
struct BootstrapOptions
{
    int resamples = 10000;
    std::uint64_t seed = 1;
};

// An unbiased draw from 0..bound-1 off mt19937_64 (a sequence the C++ standard fixes), unlike
// std's distributions, which differ between standard libraries: one seed, one result anywhere.
std::size_t uniformBelow(std::mt19937_64 &random, std::uint64_t bound);

// The same draws as uniformBelow, for millions of draws with one bound: the rejection limit is
// worked out once and the remainder by Lemire's exact "fastmod" (two multiplications) instead
// of a 64-bit division, which costs tens of cycles on each draw of a report's bootstrap.
class UniformDraw
{
public:
    explicit UniformDraw(std::uint64_t bound); // bound > 0

    std::size_t operator()(std::mt19937_64 &random) const
    {
        std::uint64_t draw = random();
        while (draw >= m_limit)
            draw = random();
        const Uint128 low = m_inverse * draw;
        const Uint128 top = Uint128(std::uint64_t(low >> 64)) * m_bound;
        const Uint128 bottom = (Uint128(std::uint64_t(low)) * m_bound) >> 64;
        return static_cast<std::size_t>((top + bottom) >> 64);
    }

private:
    __extension__ typedef unsigned __int128 Uint128; // GCC and Clang; -Wpedantic knows why

    std::uint64_t m_bound;
    std::uint64_t m_limit;
    Uint128 m_inverse;
};

// The indices of one resample: n draws with replacement from 0..n-1.
using Resample = std::span<const std::size_t>;

// The 95% percentile interval of `statistic` over `options.resamples` resamples of n items
// (numpy's linear percentiles 2.5 and 97.5 of the resampled values). The draws come from
// mt19937_64 (a sequence the C++ standard fixes) mapped to 0..n-1 without bias, so one seed
// gives the same interval on every machine. nullopt for n = 0.
std::optional<Interval> bootstrapInterval(std::size_t n,
    const std::function<double(Resample indices)> &statistic, const BootstrapOptions &options);

// Several statistics over the same resamples (one call per resample gives all `count` values):
// the interval of each. A value that is not finite marks a resample where that statistic is
// undefined (a Bradley-Terry fit with a column that never won); it is left out, and a
// statistic undefined in every resample has no interval.
std::vector<std::optional<Interval>> bootstrapIntervals(std::size_t n, std::size_t count,
    const std::function<std::vector<double>(Resample indices)> &statistics,
    const BootstrapOptions &options);

// The same for the mean of `values`.
std::optional<Interval> bootstrapMeanInterval(
    const std::vector<double> &values, const BootstrapOptions &options);

// Mean intervals a report asks for in several places, drawn together: one seed draws the same
// indices for every list of n values, so k lists of one size cost one stream of draws, not k.
// Each interval is exactly bootstrapMeanInterval's.
class MeanIntervals
{
public:
    explicit MeanIntervals(const BootstrapOptions &options);

    // Asks for the interval of the mean of `values`; `done` receives it when run() draws.
    void add(std::vector<double> values, std::function<void(std::optional<Interval>)> done);
    // The same for the mean of b − a over paired items (nullopt at once if the sizes differ).
    void addPairedDifference(const std::vector<double> &a, const std::vector<double> &b,
        std::function<void(std::optional<Interval>)> done);
    // Something to do once run() has handed out every interval (what reads several of them).
    void afterRun(std::function<void()> step);
    // Draws every interval asked for so far, hands each to its `done`, then takes the steps.
    void run();

private:
    struct Request
    {
        std::vector<double> values;
        std::function<void(std::optional<Interval>)> done;
    };

    BootstrapOptions m_options;
    std::vector<Request> m_requests;
    std::vector<std::function<void()>> m_afterRun;
};

// Two columns' values on the same items (a paired comparison): the interval of the mean of
// b − a, each resample drawing items, not values, so the pairing is kept.
std::optional<Interval> pairedBootstrapDifference(const std::vector<double> &a,
    const std::vector<double> &b, const BootstrapOptions &options);

} // namespace ps::eval
