#include "eval/rouge.h"

#include "eval/code_points.h"

#include <algorithm>
#include <map>

namespace ps::eval {

namespace {

double fmeasure(double precision, double recall)
{
    return precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0.0;
}

using Ngrams = std::map<std::vector<std::string>, int>;

Ngrams ngrams(const std::vector<std::string> &tokens, int n)
{
    Ngrams counts;
    for (std::size_t i = 0; i + static_cast<std::size_t>(n) <= tokens.size(); ++i)
        ++counts[std::vector<std::string>(
            tokens.begin() + static_cast<long>(i), tokens.begin() + static_cast<long>(i) + n)];
    return counts;
}

int total(const Ngrams &counts)
{
    int sum = 0;
    for (const auto &entry : counts)
        sum += entry.second;
    return sum;
}

} // namespace

std::vector<std::string> tokenizeRouge(std::string_view text)
{
    std::vector<std::string> tokens;
    std::string current;
    auto flush = [&] {
        if (!current.empty())
            tokens.push_back(std::move(current));
        current.clear();
    };
    for (char32_t c : toCodePoints(text)) {
        // Python's lower() turns two non-ASCII capitals into ASCII letters: the Kelvin sign
        // into 'k', and dotted capital I into 'i' followed by a combining dot,
        // which then separates it from the rest of the word.
        if (c == 0x130) {
            current.push_back('i');
            flush();
            continue;
        }
        if (c == 0x212A)
            c = U'k';
        else if (c < 0x80)
            c = toLower(c);
        if ((c >= U'a' && c <= U'z') || (c >= U'0' && c <= U'9'))
            current.push_back(static_cast<char>(c));
        else
            flush();
    }
    flush();
    return tokens;
}

RougeScore rougeN(std::string_view prediction, std::string_view target, int n)
{
    const Ngrams predicted = ngrams(tokenizeRouge(prediction), n);
    const Ngrams wanted = ngrams(tokenizeRouge(target), n);
    int overlap = 0;
    for (const auto &[ngram, count] : wanted) {
        if (const auto it = predicted.find(ngram); it != predicted.end())
            overlap += std::min(count, it->second);
    }
    RougeScore score;
    score.precision = double(overlap) / std::max(total(predicted), 1);
    score.recall = double(overlap) / std::max(total(wanted), 1);
    score.fmeasure = fmeasure(score.precision, score.recall);
    return score;
}

RougeScore rougeL(std::string_view prediction, std::string_view target)
{
    const std::vector<std::string> predicted = tokenizeRouge(prediction);
    const std::vector<std::string> wanted = tokenizeRouge(target);
    if (predicted.empty() || wanted.empty())
        return {};
    // One row of the LCS table at a time: memory linear in the prediction's length.
    std::vector<int> previous(predicted.size() + 1, 0);
    std::vector<int> current(predicted.size() + 1, 0);
    for (const std::string &word : wanted) {
        for (std::size_t j = 1; j <= predicted.size(); ++j)
            current[j] = word == predicted[j - 1] ? previous[j - 1] + 1
                                                  : std::max(previous[j], current[j - 1]);
        std::swap(previous, current);
    }
    const int lcs = previous.back();
    RougeScore score;
    score.precision = double(lcs) / double(predicted.size());
    score.recall = double(lcs) / double(wanted.size());
    score.fmeasure = fmeasure(score.precision, score.recall);
    return score;
}

} // namespace ps::eval
