// Sentence BLEU exactly as sacreBLEU 2.x sentence_bleu computes it (13a tokens, exp smoothing).
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

namespace ps::eval {

// The mteval-v13a tokenisation sacreBLEU applies by default: drops <skipped>, joins "-\n"
// hyphenation, unescapes &quot; &amp; &lt; &gt;, separates punctuation and symbols, and separates
// '.' and ',' except between digits ("3.5" stays one token) and '-' only after a digit.
std::vector<std::string> tokenize13a(std::string_view text);

struct BleuScore
{
    double score = 0.0; // 0..1; sacreBLEU prints it ×100
    std::array<int, 4> correct {}; // clipped n-gram matches, n = 1..4
    std::array<int, 4> total {}; // hypothesis n-grams, n = 1..4
    std::array<double, 4> precisions {}; // 0..1, after smoothing
    double brevityPenalty = 1.0;
    int hypothesisLength = 0;
    int referenceLength = 0;
};

// sacreBLEU's sentence_bleu(hypothesis, [reference]) with its defaults: case-sensitive, 13a,
// max order 4, smooth_method='exp' (the k-th order with no match gets precision
// 1 / (2^k × its n-gram count), as mteval-v13a does), use_effective_order=True (orders the
// hypothesis is too short to have are left out of the geometric mean). No unigram match → 0.
BleuScore sentenceBleu(std::string_view hypothesis, std::string_view reference);

// sacreBLEU's corpus_bleu(hypotheses, references) with its defaults: n-gram matches and lengths
// added up over the segments (each hypothesis against its references: the most of each n-gram
// any of them has, and the length closest to the hypothesis's, the shorter on a tie), then one
// brevity penalty and one geometric mean over all four orders (no effective order), exp
// smoothing. `references[i]` are segment i's references.
BleuScore corpusBleu(const std::vector<std::string> &hypotheses,
    const std::vector<std::vector<std::string>> &references);

} // namespace ps::eval
