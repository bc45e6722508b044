// Inter-rater agreement: how far several raters labelling the same items agree beyond chance.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace ps::rating {

// Ratings as [unit][rater]; an empty cell (or a NaN) is a rating not given, and a row shorter
// than the widest one is missing its last raters. Categories are numbers: for nominal data the
// caller maps labels to 0, 1, 2, ...
using RatingMatrix = std::vector<std::vector<std::optional<double>>>;

// Cohen's kappa for exactly two raters (columns), over the units both rated, categories nominal.
// nullopt for any other number of raters, fewer than 2 such units, or an expected agreement
// of 1 (everyone used one category), where kappa is undefined.
std::optional<double> cohenKappa(const RatingMatrix &ratings);

// Fleiss' kappa (Fleiss 1971), nominal, over the units rated by the same number n >= 2 of
// raters: n is the most common count among units with two or more ratings (the larger on a
// tie), and units rated by a different number are left out. nullopt when no unit qualifies or
// only one category occurs.
std::optional<double> fleissKappa(const RatingMatrix &ratings);

enum class AlphaLevel { Nominal, Ordinal, Interval };

// Krippendorff's alpha as Krippendorff (2011) "Computing Krippendorff's Alpha-Reliability"
// computes it from the coincidence matrix. Missing ratings are fine; units with fewer than two
// values are not pairable and are left out. nullopt when nothing is pairable or the expected
// disagreement is 0 (a single value occurs).
std::optional<double> krippendorffAlpha(const RatingMatrix &ratings, AlphaLevel level);

// What a kappa (Landis and Koch bands) or an alpha (Krippendorff's 0.800 / 0.667 thresholds)
// means, in one plain sentence for a report.
std::string agreementSentence(double value, bool isAlpha);

// Up to `count` units to discuss when tightening an annotation guideline: those whose ratings
// disagree most (the fraction of pairs of ratings within the unit that differ, nominal),
// highest first, ties by unit index. Units with fewer than two ratings, or that agree fully,
// are not disputed and never listed.
std::vector<std::size_t> mostDisputedUnits(const RatingMatrix &ratings, std::size_t count);

} // namespace ps::rating
