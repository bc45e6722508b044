#include "eval/classification.h"

#include "eval/code_points.h"

#include <algorithm>
#include <set>

namespace ps::eval {

namespace {

bool isSpaceOrPunctuation(unsigned char c)
{
    // ASCII only: a byte of a multi-byte character is never trimmed.
    return c < 0x80 && (c <= ' ' || (c >= '!' && c <= '/') || (c >= ':' && c <= '@')
               || (c >= '[' && c <= '`') || (c >= '{' && c <= '~') || c == 0x7f);
}

// The per-class counts the metrics are made of, for `labels`.
struct Counts
{
    std::vector<int> truePositives;
    std::vector<int> predicted;
    std::vector<int> support;
    int correct = 0;
};

// Over the pairs `indices` names (a resample), or every pair when it is empty.
Counts count(
    const std::vector<LabelPair> &pairs, const std::vector<std::string> &labels, Resample indices)
{
    Counts counts;
    counts.truePositives.assign(labels.size(), 0);
    counts.predicted.assign(labels.size(), 0);
    counts.support.assign(labels.size(), 0);
    const auto position = [&labels](const std::string &label) -> std::ptrdiff_t {
        const auto found = std::lower_bound(labels.begin(), labels.end(), label);
        return found != labels.end() && *found == label ? found - labels.begin() : -1;
    };
    const std::size_t n = indices.empty() ? pairs.size() : indices.size();
    for (std::size_t i = 0; i < n; ++i) {
        const LabelPair &pair = pairs[indices.empty() ? i : indices[i]];
        const bool right = pair.expected == pair.predicted;
        counts.correct += right ? 1 : 0;
        const std::ptrdiff_t expected = position(pair.expected);
        const std::ptrdiff_t predicted = right ? expected : position(pair.predicted);
        if (expected >= 0)
            ++counts.support[std::size_t(expected)];
        if (predicted >= 0)
            ++counts.predicted[std::size_t(predicted)];
        if (right && expected >= 0)
            ++counts.truePositives[std::size_t(expected)];
    }
    return counts;
}

double ratio(int numerator, int denominator)
{
    return denominator > 0 ? double(numerator) / denominator : 0.0; // zero_division=0
}

// F1 as scikit-learn computes it: 2·tp / (2·tp + fp + fn), 0 when nothing was expected or
// predicted of the class.
double f1Of(const Counts &counts, std::size_t c)
{
    const int tp = counts.truePositives[c];
    const int falsePositives = counts.predicted[c] - tp;
    const int falseNegatives = counts.support[c] - tp;
    return ratio(2 * tp, 2 * tp + falsePositives + falseNegatives);
}

std::pair<double, double> macroAndWeightedF1(const Counts &counts)
{
    const std::size_t classes = counts.support.size();
    if (classes == 0)
        return {0.0, 0.0};
    double macro = 0.0;
    double weighted = 0.0;
    int total = 0;
    for (std::size_t c = 0; c < classes; ++c) {
        const double f1 = f1Of(counts, c);
        macro += f1;
        weighted += f1 * counts.support[c];
        total += counts.support[c];
    }
    return {macro / double(classes), total > 0 ? weighted / total : 0.0};
}

} // namespace

std::string normalizeLabel(std::string_view text)
{
    std::size_t begin = 0;
    std::size_t end = text.size();
    while (begin < end && isSpaceOrPunctuation(static_cast<unsigned char>(text[begin])))
        ++begin;
    while (end > begin && isSpaceOrPunctuation(static_cast<unsigned char>(text[end - 1])))
        --end;
    return toLower(text.substr(begin, end - begin));
}

ClassificationMetrics classificationMetrics(const std::vector<LabelPair> &pairs,
    std::vector<std::string> labels, const std::optional<BootstrapOptions> &bootstrap)
{
    ClassificationMetrics metrics;
    if (labels.empty())
        for (const LabelPair &pair : pairs)
            labels.push_back(pair.expected);
    std::sort(labels.begin(), labels.end());
    labels.erase(std::unique(labels.begin(), labels.end()), labels.end());
    metrics.labels = labels;
    metrics.n = static_cast<int>(pairs.size());

    const Counts counts = count(pairs, labels, {});
    metrics.accuracy = ratio(counts.correct, metrics.n);
    metrics.accuracyCi95 = wilsonInterval(counts.correct, metrics.n);
    for (std::size_t c = 0; c < labels.size(); ++c) {
        ClassMetrics &of = metrics.perClass[labels[c]];
        of.precision = ratio(counts.truePositives[c], counts.predicted[c]);
        of.recall = ratio(counts.truePositives[c], counts.support[c]);
        of.f1 = f1Of(counts, c);
        of.support = counts.support[c];
    }
    std::tie(metrics.macroF1, metrics.weightedF1) = macroAndWeightedF1(counts);
    for (const LabelPair &pair : pairs)
        ++metrics.confusion[pair.expected][pair.predicted];

    if (bootstrap && !pairs.empty()) {
        // One pass of resamples gives both intervals: the same draws, as a report states.
        std::vector<double> weighted;
        weighted.reserve(std::size_t(bootstrap->resamples));
        metrics.macroF1Ci95 = bootstrapInterval(
            pairs.size(),
            [&](Resample drawn) {
                const auto [macro, weightedF1] = macroAndWeightedF1(count(pairs, labels, drawn));
                weighted.push_back(weightedF1);
                return macro;
            },
            *bootstrap);
        metrics.weightedF1Ci95 = Interval {*percentile(weighted, 2.5), *percentile(weighted, 97.5)};
    }
    return metrics;
}

} // namespace ps::eval
