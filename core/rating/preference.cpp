#include "rating/preference.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace ps::rating {

std::vector<PairRecord> pairRecords(const std::vector<Battle> &battles, std::size_t columns)
{
    std::vector<PairRecord> pairs;
    for (std::size_t a = 0; a < columns; ++a)
        for (std::size_t b = a + 1; b < columns; ++b) {
            PairRecord pair {a, b, 0, 0, 0, 0.0, {}};
            for (const Battle &battle : battles) {
                if (!((battle.a == a && battle.b == b) || (battle.a == b && battle.b == a)))
                    continue;
                const double forA = battle.a == a ? battle.scoreA : 1.0 - battle.scoreA;
                if (forA > 0.5)
                    ++pair.wins;
                else if (forA < 0.5)
                    ++pair.losses;
                else
                    ++pair.ties;
            }
            const int total = pair.wins + pair.ties + pair.losses;
            if (total == 0)
                continue;
            const double share = pair.wins + 0.5 * pair.ties;
            pair.winRate = share / total;
            pair.winRateCi95 = eval::wilsonIntervalOfShare(share, total);
            pairs.push_back(pair);
        }
    return pairs;
}

namespace {

// The MLE exists exactly when every column reaches every other through "scored against"
// links (Zermelo; Ford 1957): i -> j when i won or tied at least once against j.
bool stronglyConnected(const std::vector<std::vector<double>> &scored, std::size_t columns)
{
    for (std::size_t start = 0; start < columns; ++start) {
        std::vector<bool> reached(columns, false);
        std::vector<std::size_t> stack {start};
        reached[start] = true;
        while (!stack.empty()) {
            const std::size_t from = stack.back();
            stack.pop_back();
            for (std::size_t to = 0; to < columns; ++to)
                if (!reached[to] && scored[from][to] > 0.0) {
                    reached[to] = true;
                    stack.push_back(to);
                }
        }
        if (std::find(reached.begin(), reached.end(), false) != reached.end())
            return false;
    }
    return true;
}

} // namespace

std::optional<std::vector<double>> bradleyTerryStrengths(
    const std::vector<Battle> &battles, std::size_t columns)
{
    if (columns < 2)
        return std::nullopt;
    // scored[i][j]: i's wins over j, a tie half; met[i][j]: battles between them.
    std::vector<std::vector<double>> scored(columns, std::vector<double>(columns, 0.0));
    std::vector<std::vector<double>> met(columns, std::vector<double>(columns, 0.0));
    for (const Battle &battle : battles) {
        if (battle.a >= columns || battle.b >= columns || battle.a == battle.b)
            continue;
        scored[battle.a][battle.b] += battle.scoreA;
        scored[battle.b][battle.a] += 1.0 - battle.scoreA;
        met[battle.a][battle.b] += 1.0;
        met[battle.b][battle.a] += 1.0;
    }
    if (!stronglyConnected(scored, columns))
        return std::nullopt;
    std::vector<double> wins(columns, 0.0);
    for (std::size_t i = 0; i < columns; ++i)
        for (std::size_t j = 0; j < columns; ++j)
            wins[i] += scored[i][j];

    // Hunter's MM update, p_i = W_i / sum_j n_ij / (p_i + p_j), normalised each round to a
    // geometric mean of 1; each step raises the likelihood, and it converges to the MLE.
    std::vector<double> strength(columns, 1.0);
    std::vector<double> next(columns);
    for (int round = 0; round < 100000; ++round) {
        for (std::size_t i = 0; i < columns; ++i) {
            double denominator = 0.0;
            for (std::size_t j = 0; j < columns; ++j)
                if (j != i && met[i][j] > 0.0)
                    denominator += met[i][j] / (strength[i] + strength[j]);
            next[i] = wins[i] / denominator;
        }
        double logMean = 0.0;
        for (const double p : next)
            logMean += std::log(p);
        logMean /= double(columns);
        double change = 0.0;
        for (std::size_t i = 0; i < columns; ++i) {
            next[i] /= std::exp(logMean);
            change = std::max(change, std::abs(std::log(next[i] / strength[i])));
        }
        strength.swap(next);
        if (change < 1e-13)
            break;
    }
    std::vector<double> r(columns);
    for (std::size_t i = 0; i < columns; ++i)
        r[i] = std::log10(strength[i]);
    return r;
}

std::optional<std::vector<ColumnRating>> bradleyTerryRatings(const std::vector<Battle> &battles,
    std::size_t columns, const eval::BootstrapOptions &options)
{
    const std::optional<std::vector<double>> fitted = bradleyTerryStrengths(battles, columns);
    if (!fitted)
        return std::nullopt;
    std::vector<Battle> drawn(battles.size());
    const std::vector<std::optional<eval::Interval>> intervals = eval::bootstrapIntervals(
        battles.size(), columns,
        [&](eval::Resample indices) {
            for (std::size_t i = 0; i < indices.size(); ++i)
                drawn[i] = battles[indices[i]];
            const auto strengths = bradleyTerryStrengths(drawn, columns);
            if (!strengths)
                return std::vector<double>(columns, std::numeric_limits<double>::quiet_NaN());
            std::vector<double> ratings(columns);
            for (std::size_t i = 0; i < columns; ++i)
                ratings[i] = arenaRating((*strengths)[i]);
            return ratings;
        },
        options);
    std::vector<ColumnRating> ratings(columns);
    for (std::size_t i = 0; i < columns; ++i)
        ratings[i] = {arenaRating((*fitted)[i]), intervals[i]};
    return ratings;
}

} // namespace ps::rating
