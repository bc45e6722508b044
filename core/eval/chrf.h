// chrF exactly as sacreBLEU 2.x computes it (CHRF with its defaults: character n-grams up to 6,
// no word n-grams, β = 2, whitespace left out, effective-order averaging).
#pragma once

#include <string>
#include <vector>

namespace ps::eval {

struct ChrfOptions
{
    int charOrder = 6;
    double beta = 2.0;
    // sacreBLEU's eps_smoothing=True (chrF++.py and NLTK): each order's F averaged over all
    // orders, an order with nothing counting ε. The default averages precision and recall over
    // the orders both sides have n-grams of, then takes their F.
    bool epsSmoothing = false;
};

// corpus_chrf(hypotheses, [references]): each segment's [hypothesis, reference, match] n-gram
// counts (from the reference giving it the best F, when it has several) added up over the
// corpus, then one score, 0..100. `references[i]` are segment i's references.
double corpusChrf(const std::vector<std::string> &hypotheses,
    const std::vector<std::vector<std::string>> &references, const ChrfOptions &options = {});

} // namespace ps::eval
