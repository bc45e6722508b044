#pragma once

#include "eval/bootstrap.h"
#include "eval/statistics.h"

#include <cstddef>
#include <optional>
#include <vector>

// Pairwise preferences between columns (version x target): win rates per pair and
// Bradley-Terry ratings on Chatbot Arena's scale, with a tie counting half a win, as Arena does.
namespace ps::rating {

// One judgement between two columns: `scoreA` is 1 when `a` was preferred, 0 when `b` was,
// 0.5 for a tie. "Both bad" is no preference and is not a battle.
struct Battle
{
    std::size_t a = 0;
    std::size_t b = 0;
    double scoreA = 0.5;
};

struct PairRecord
{
    std::size_t a = 0;
    std::size_t b = 0;
    int wins = 0; // of a over b
    int ties = 0;
    int losses = 0;
    double winRate = 0.0; // (wins + ties / 2) / battles
    eval::Interval winRateCi95; // Wilson, on the same half-counted share
};

// Each pair of columns that met, a < b, in column order.
std::vector<PairRecord> pairRecords(const std::vector<Battle> &battles, std::size_t columns);

// The maximum-likelihood Bradley-Terry strengths on a log10 scale (P(i beats j) =
// 1 / (1 + 10^(r_j - r_i))), centred on 0, fitted by Hunter's (2004) MM iteration. nullopt when
// the MLE does not exist: some column never beat (nor tied) a group of others that beat it,
// so its strength would run off to minus infinity.
std::optional<std::vector<double>> bradleyTerryStrengths(
    const std::vector<Battle> &battles, std::size_t columns);

// Arena's scale: 400 r + 1000, so a gap of 400 points means ten-to-one odds.
inline double arenaRating(double strength)
{
    return 400.0 * strength + 1000.0;
}

struct ColumnRating
{
    double rating = 1000.0; // Arena scale
    std::optional<eval::Interval> ci95; // bootstrap over battles; resamples with no MLE left out
};

// Ratings of all columns with their intervals (battles resampled, seeded); nullopt when the
// MLE of the battles themselves does not exist.
std::optional<std::vector<ColumnRating>> bradleyTerryRatings(const std::vector<Battle> &battles,
    std::size_t columns, const eval::BootstrapOptions &options);

} // namespace ps::rating
