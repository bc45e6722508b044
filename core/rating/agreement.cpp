#include "rating/agreement.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace ps::rating {

namespace {

bool given(const std::optional<double> &cell)
{
    return cell.has_value() && !std::isnan(*cell);
}

// The ratings a unit was given, in rater order.
std::vector<double> unitValues(const std::vector<std::optional<double>> &row)
{
    std::vector<double> values;
    for (const auto &cell : row)
        if (given(cell))
            values.push_back(*cell);
    return values;
}

// How many times each category occurs among `values`.
std::map<double, std::size_t> categoryCounts(const std::vector<double> &values)
{
    std::map<double, std::size_t> counts;
    for (double value : values)
        ++counts[value];
    return counts;
}

std::size_t raterCount(const RatingMatrix &ratings)
{
    std::size_t raters = 0;
    for (const auto &row : ratings)
        raters = std::max(raters, row.size());
    return raters;
}

double asDouble(std::size_t count)
{
    return static_cast<double>(count);
}

// The squared difference δ² between the c-th and k-th distinct values (ascending) under `level`;
// `counts` are the n_g marginals of the coincidence matrix, used by the ordinal metric only.
double squaredDifference(AlphaLevel level, const std::vector<double> &values,
    const std::vector<std::size_t> &counts, std::size_t c, std::size_t k)
{
    if (c == k)
        return 0.0;
    switch (level) {
    case AlphaLevel::Nominal:
        return 1.0;
    case AlphaLevel::Interval:
        return (values[c] - values[k]) * (values[c] - values[k]);
    case AlphaLevel::Ordinal:
        break;
    }
    // Ordinal is rank-based: how many values lie between the two, counting each end half.
    const std::size_t low = std::min(c, k);
    const std::size_t high = std::max(c, k);
    std::size_t between = 0;
    for (std::size_t g = low; g <= high; ++g)
        between += counts[g];
    const double distance
        = asDouble(between) - (asDouble(counts[low]) + asDouble(counts[high])) / 2.0;
    return distance * distance;
}

// `scaled` / 10^decimals as text ("-0.10", "0.815"), so the words and the digits shown always
// come from the same rounding.
std::string scaledText(long long scaled, int decimals)
{
    long long divisor = 1;
    for (int i = 0; i < decimals; ++i)
        divisor *= 10;
    const long long magnitude = scaled < 0 ? -scaled : scaled;
    std::string fraction = std::to_string(magnitude % divisor);
    fraction.insert(0, static_cast<std::size_t>(decimals) - fraction.size(), '0');
    return (scaled < 0 ? "-" : "") + std::to_string(magnitude / divisor) + "." + fraction;
}

long long roundedTo(double value, int decimals)
{
    // Clamped so the rounding stays defined for any finite input.
    return std::llround(std::clamp(value, -1e6, 1e6) * std::pow(10.0, decimals));
}

} // namespace

std::optional<double> cohenKappa(const RatingMatrix &ratings)
{
    if (raterCount(ratings) != 2)
        return std::nullopt;
    std::size_t units = 0;
    std::size_t agreeing = 0;
    std::map<double, std::pair<std::size_t, std::size_t>> margins;
    for (const auto &row : ratings) {
        if (row.size() != 2 || !given(row[0]) || !given(row[1]))
            continue;
        ++units;
        if (*row[0] == *row[1])
            ++agreeing;
        ++margins[*row[0]].first;
        ++margins[*row[1]].second;
    }
    if (units < 2)
        return std::nullopt;
    // Kept in whole counts so that "expected agreement is 1" is an exact test:
    // kappa = (N·agreeing − Σ a_c·b_c) / (N² − Σ a_c·b_c).
    std::size_t chancePairs = 0;
    for (const auto &[category, margin] : margins)
        chancePairs += margin.first * margin.second;
    const std::size_t allPairs = units * units;
    if (chancePairs == allPairs)
        return std::nullopt;
    return (asDouble(units * agreeing) - asDouble(chancePairs))
        / (asDouble(allPairs) - asDouble(chancePairs));
}

std::optional<double> fleissKappa(const RatingMatrix &ratings)
{
    // Fleiss' kappa assumes every subject has the same number of ratings; take the most common
    // count so one unit a rater skipped leaves out that unit, not the whole study.
    std::map<std::size_t, std::size_t> unitsByCount;
    for (const auto &row : ratings) {
        const std::size_t ratingCount = unitValues(row).size();
        if (ratingCount >= 2)
            ++unitsByCount[ratingCount];
    }
    std::size_t raters = 0;
    std::size_t mostUnits = 0;
    for (const auto &[count, units] : unitsByCount) {
        if (units >= mostUnits) {
            raters = count;
            mostUnits = units;
        }
    }
    if (raters == 0)
        return std::nullopt;

    std::size_t units = 0;
    std::size_t squaredCounts = 0; // Σ_i Σ_j n_ij²
    std::map<double, std::size_t> totals;
    for (const auto &row : ratings) {
        const std::vector<double> values = unitValues(row);
        if (values.size() != raters)
            continue;
        ++units;
        for (const auto &[category, count] : categoryCounts(values)) {
            squaredCounts += count * count;
            totals[category] += count;
        }
    }
    if (totals.size() < 2)
        return std::nullopt;

    const double ratingsTotal = asDouble(units * raters);
    const double observed
        = (asDouble(squaredCounts) - ratingsTotal) / (ratingsTotal * asDouble(raters - 1));
    double expected = 0.0;
    for (const auto &[category, total] : totals) {
        const double share = asDouble(total) / ratingsTotal;
        expected += share * share;
    }
    return (observed - expected) / (1.0 - expected);
}

std::optional<double> krippendorffAlpha(const RatingMatrix &ratings, AlphaLevel level)
{
    std::vector<std::vector<double>> pairable;
    std::vector<double> values;
    for (const auto &row : ratings) {
        std::vector<double> unit = unitValues(row);
        if (unit.size() < 2)
            continue;
        values.insert(values.end(), unit.begin(), unit.end());
        pairable.push_back(std::move(unit));
    }
    std::sort(values.begin(), values.end());
    values.erase(std::unique(values.begin(), values.end()), values.end());
    if (values.size() < 2)
        return std::nullopt;

    const std::size_t valueCount = values.size();
    const auto indexOf = [&values](double value) {
        return static_cast<std::size_t>(
            std::lower_bound(values.begin(), values.end(), value) - values.begin());
    };
    // The coincidence matrix o_ck: each unit adds its ordered pairs of values from different
    // raters, weighted 1/(m_u − 1) so that every pairable value counts once in total.
    std::vector<double> coincidences(valueCount * valueCount, 0.0);
    std::vector<std::size_t> marginals(valueCount, 0); // n_c
    std::size_t pairableValues = 0; // n
    for (const auto &unit : pairable) {
        const double weight = 1.0 / asDouble(unit.size() - 1);
        const std::map<double, std::size_t> counts = categoryCounts(unit);
        for (const auto &[first, firstCount] : counts) {
            const std::size_t c = indexOf(first);
            marginals[c] += firstCount;
            for (const auto &[second, secondCount] : counts) {
                const std::size_t k = indexOf(second);
                const std::size_t pairs
                    = c == k ? firstCount * (firstCount - 1) : firstCount * secondCount;
                coincidences[c * valueCount + k] += asDouble(pairs) * weight;
            }
        }
        pairableValues += unit.size();
    }

    // α = 1 − (n − 1) · Σ o_ck δ²_ck / Σ n_c n_k δ²_ck
    double observed = 0.0;
    double expected = 0.0;
    for (std::size_t c = 0; c < valueCount; ++c) {
        for (std::size_t k = 0; k < valueCount; ++k) {
            const double difference = squaredDifference(level, values, marginals, c, k);
            observed += coincidences[c * valueCount + k] * difference;
            expected += asDouble(marginals[c]) * asDouble(marginals[k]) * difference;
        }
    }
    if (!(expected > 0.0))
        return std::nullopt;
    return 1.0 - asDouble(pairableValues - 1) * observed / expected;
}

std::string agreementSentence(double value, bool isAlpha)
{
    if (!std::isfinite(value))
        return "No agreement could be computed.";
    if (isAlpha) {
        const long long thousandths = roundedTo(value, 3);
        const std::string text = "An alpha of " + scaledText(thousandths, 3);
        if (thousandths >= 800)
            return text + " means the ratings are reliable (Krippendorff asks for at least 0.800).";
        if (thousandths >= 667)
            return text
                + " allows tentative conclusions only (Krippendorff asks for 0.800, and 0.667 at "
                  "the very least).";
        return text
            + " means the ratings are not reliable (below Krippendorff's lowest acceptable "
              "0.667).";
    }
    const long long hundredths = roundedTo(value, 2);
    const std::string text = "A kappa of " + scaledText(hundredths, 2);
    if (hundredths < 0)
        return text + " means agreement worse than chance.";
    // Landis and Koch (1977).
    const char *band = hundredths <= 20 ? "slight"
        : hundredths <= 40              ? "fair"
        : hundredths <= 60              ? "moderate"
        : hundredths <= 80              ? "substantial"
                                        : "almost perfect";
    return text + " means " + band + " agreement beyond chance (Landis and Koch).";
}

std::vector<std::size_t> mostDisputedUnits(const RatingMatrix &ratings, std::size_t count)
{
    struct Dispute
    {
        std::size_t unit = 0;
        std::size_t differing = 0; // pairs of ratings that differ
        std::size_t pairs = 0; // all pairs of ratings
    };
    std::vector<Dispute> disputes;
    for (std::size_t unit = 0; unit < ratings.size(); ++unit) {
        const std::vector<double> values = unitValues(ratings[unit]);
        if (values.size() < 2)
            continue;
        const std::size_t pairs = values.size() * (values.size() - 1) / 2;
        std::size_t agreeing = 0;
        for (const auto &[category, n] : categoryCounts(values))
            agreeing += n * (n - 1) / 2;
        if (agreeing < pairs)
            disputes.push_back(Dispute {unit, pairs - agreeing, pairs});
    }
    // Fractions compared by cross-multiplying, so equal fractions tie exactly.
    std::sort(disputes.begin(), disputes.end(), [](const Dispute &a, const Dispute &b) {
        const std::size_t left = a.differing * b.pairs;
        const std::size_t right = b.differing * a.pairs;
        return left != right ? left > right : a.unit < b.unit;
    });
    std::vector<std::size_t> units;
    for (std::size_t i = 0; i < disputes.size() && i < count; ++i)
        units.push_back(disputes[i].unit);
    return units;
}

} // namespace ps::rating
