#include "eval/chrf.h"

#include "eval/code_points.h"

#include <map>

namespace ps::eval {

namespace {

using Counts = std::map<std::u32string, int>;

// Character n-gram counts of orders 1..max, whitespace (Python's) removed first.
std::vector<Counts> charNgrams(const std::string &text, int maxOrder)
{
    std::u32string line;
    for (const char32_t c : toCodePoints(text))
        if (!isPythonSpace(c))
            line.push_back(c);
    std::vector<Counts> orders(static_cast<std::size_t>(maxOrder));
    for (int n = 1; n <= maxOrder; ++n)
        for (std::size_t i = 0; i + static_cast<std::size_t>(n) <= line.size(); ++i)
            ++orders[static_cast<std::size_t>(n - 1)][line.substr(i, static_cast<std::size_t>(n))];
    return orders;
}

// [hypothesis, reference, match] per order, flattened, as sacreBLEU's statistics are.
std::vector<double> matchStatistics(const std::vector<Counts> &hyp, const std::vector<Counts> &ref)
{
    std::vector<double> stats;
    for (std::size_t n = 0; n < hyp.size(); ++n) {
        int hypCount = 0;
        int matches = 0;
        for (const auto &[ngram, count] : hyp[n]) {
            hypCount += count;
            if (const auto found = ref[n].find(ngram); found != ref[n].end())
                matches += std::min(count, found->second);
        }
        int refCount = 0;
        for (const auto &[ngram, count] : ref[n])
            refCount += count;
        // A hypothesis n-gram counts only where the reference has n-grams of that order.
        stats.push_back(ref[n].empty() ? 0 : hypCount);
        stats.push_back(refCount);
        stats.push_back(matches);
    }
    return stats;
}

double fScore(const std::vector<double> &stats, const ChrfOptions &options)
{
    constexpr double eps = 1e-16;
    const double factor = options.beta * options.beta;
    const std::size_t orders = stats.size() / 3;
    double score = 0.0;
    double averagePrecision = 0.0;
    double averageRecall = 0.0;
    int effectiveOrder = 0;
    for (std::size_t i = 0; i < orders; ++i) {
        const double hyp = stats[3 * i];
        const double ref = stats[3 * i + 1];
        const double match = stats[3 * i + 2];
        const double precision = hyp > 0 ? match / hyp : eps;
        const double recall = ref > 0 ? match / ref : eps;
        const double denominator = factor * precision + recall;
        score += denominator > 0 ? (1 + factor) * precision * recall / denominator : eps;
        if (hyp > 0 && ref > 0) {
            averagePrecision += precision;
            averageRecall += recall;
            ++effectiveOrder;
        }
    }
    if (options.epsSmoothing)
        return 100 * score / double(orders);
    if (effectiveOrder == 0)
        return 0.0;
    averagePrecision /= effectiveOrder;
    averageRecall /= effectiveOrder;
    if (averagePrecision + averageRecall == 0)
        return 0.0;
    return 100 * (1 + factor) * averagePrecision * averageRecall
        / (factor * averagePrecision + averageRecall);
}

} // namespace

double corpusChrf(const std::vector<std::string> &hypotheses,
    const std::vector<std::vector<std::string>> &references, const ChrfOptions &options)
{
    std::vector<double> total(static_cast<std::size_t>(3 * options.charOrder), 0.0);
    for (std::size_t i = 0; i < hypotheses.size(); ++i) {
        const std::vector<Counts> hyp = charNgrams(hypotheses[i], options.charOrder);
        std::vector<double> best;
        double bestScore = -1.0;
        for (const std::string &reference : i < references.size() ? references[i]
                                                                  : std::vector<std::string> {}) {
            std::vector<double> stats
                = matchStatistics(hyp, charNgrams(reference, options.charOrder));
            const double f = fScore(stats, options);
            if (f > bestScore) {
                bestScore = f;
                best = std::move(stats);
            }
        }
        for (std::size_t k = 0; k < best.size(); ++k)
            total[k] += best[k];
    }
    return fScore(total, options);
}

} // namespace ps::eval
