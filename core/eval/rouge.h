// ROUGE-1, ROUGE-2 and ROUGE-L exactly as Google's rouge-score (rouge_scorer) computes them.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace ps::eval {

// rouge-score's default tokenizer without stemming: lower-case, every run of characters other
// than [a-z0-9] becomes a space, split on whitespace. Accented letters and CJK therefore vanish.
std::vector<std::string> tokenizeRouge(std::string_view text);

struct RougeScore
{
    double precision = 0.0;
    double recall = 0.0;
    double fmeasure = 0.0; // what the assertions use
};

// ROUGE-N (n = 1 or 2): clipped n-gram overlap over the prediction's and the target's n-gram
// counts (each at least 1, as rouge-score divides).
RougeScore rougeN(std::string_view prediction, std::string_view target, int n);

// ROUGE-L: longest common subsequence over the whole token sequence (not rougeLsum);
// 0 when either side has no token.
RougeScore rougeL(std::string_view prediction, std::string_view target);

} // namespace ps::eval
