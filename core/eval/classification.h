// Classification metrics as scikit-learn defines them (classification_report, confusion_matrix,
// zero_division=0), over labels normalised the one way the classification assertion compares.
#pragma once

#include "eval/bootstrap.h"
#include "eval/statistics.h"

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ps::eval {

// What the metrics and the `classification` assertion compare: the text with surrounding
// ASCII whitespace and punctuation trimmed and lowercased ("Billing." -> "billing",
// "NÉGATIF" -> "négatif").
std::string normalizeLabel(std::string_view text);
// The normalisation in words, for a report's methods.
inline constexpr const char *kLabelNormalisation
    = "labels are compared after trimming surrounding whitespace and punctuation and "
      "ignoring case";

// What an answer counts as: its normalised text, or, for a request that failed, "(no answer)",
// which is wrong and a column of its own in the confusion matrix.
inline constexpr const char *kNoAnswerLabel = "(no answer)";
inline std::string answeredLabel(std::string_view text, bool failed)
{
    return failed ? std::string(kNoAnswerLabel) : normalizeLabel(text);
}

// One answer: the expected label and the predicted one, both normalised.
struct LabelPair
{
    std::string expected;
    std::string predicted;
};

struct ClassMetrics
{
    double precision = 0.0;
    double recall = 0.0;
    double f1 = 0.0;
    int support = 0; // answers expected to be this class
};

struct ClassificationMetrics
{
    std::vector<std::string> labels; // the classes averaged over, sorted
    int n = 0;
    double accuracy = 0.0;
    Interval accuracyCi95; // Wilson
    double macroF1 = 0.0;
    double weightedF1 = 0.0;
    std::optional<Interval> macroF1Ci95; // bootstrap, when asked for
    std::optional<Interval> weightedF1Ci95;
    std::map<std::string, ClassMetrics> perClass; // by label
    // expected -> predicted -> count; predictions outside `labels` are columns of their own.
    std::map<std::string, std::map<std::string, int>> confusion;
};

// The metrics of `pairs` over `labels` (scikit-learn's `labels=`; empty: the sorted distinct
// expected labels). A class never predicted has precision 0; a class never expected has recall
// 0 and support 0 (zero_division=0). With `bootstrap`, macro and weighted F1 get intervals
// from resampling the pairs.
ClassificationMetrics classificationMetrics(const std::vector<LabelPair> &pairs,
    std::vector<std::string> labels = {},
    const std::optional<BootstrapOptions> &bootstrap = std::nullopt);

} // namespace ps::eval
