#include "eval/bleu.h"

#include "eval/code_points.h"

#include <cmath>
#include <map>

namespace ps::eval {

namespace {

constexpr int maxOrder = 4;

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

bool isPeriodOrComma(char c)
{
    return c == '.' || c == ',';
}

// The 13a class [\{-\~\[-\` -\&\(-\+\:-\@\/]: ASCII symbols and space, but not ' , - . or digits.
bool isSeparatedSymbol(char c)
{
    return (c >= '{' && c <= '~') || (c >= '[' && c <= '`') || (c >= ' ' && c <= '&')
        || (c >= '(' && c <= '+') || (c >= ':' && c <= '@') || c == '/';
}

void replaceAll(std::string &text, std::string_view from, std::string_view to)
{
    std::string out;
    std::size_t pos = 0;
    while (true) {
        const std::size_t hit = text.find(from, pos);
        if (hit == std::string::npos)
            break;
        out.append(text, pos, hit - pos);
        out.append(to);
        pos = hit + from.size();
    }
    out.append(text, pos);
    text = std::move(out);
}

// Emulates Python's re.sub for a two-character pattern (first, second) → before first between
// second after: matches are found left to right and never overlap. Working on bytes is exact
// because every pattern ends in an ASCII character and [^0-9] never splits a UTF-8 sequence.
template<typename First, typename Second>
std::string substitutePairs(const std::string &text, First first, Second second,
    std::string_view before, std::string_view between, std::string_view after)
{
    std::string out;
    out.reserve(text.size() * 2);
    std::size_t i = 0;
    while (i < text.size()) {
        if (i + 1 < text.size() && first(text[i]) && second(text[i + 1])) {
            out.append(before);
            out.push_back(text[i]);
            out.append(between);
            out.push_back(text[i + 1]);
            out.append(after);
            i += 2;
        } else {
            out.push_back(text[i]);
            ++i;
        }
    }
    return out;
}

std::vector<std::string> splitPythonWhitespace(std::string_view text)
{
    std::vector<std::string> tokens;
    std::u32string current;
    for (char32_t c : toCodePoints(text)) {
        if (isPythonSpace(c)) {
            if (!current.empty())
                tokens.push_back(toUtf8(current));
            current.clear();
        } else {
            current.push_back(c);
        }
    }
    if (!current.empty())
        tokens.push_back(toUtf8(current));
    return tokens;
}

// sacreBLEU's preprocessing strips trailing whitespace before tokenising.
std::string_view rstrip(std::string_view text)
{
    const std::string_view trimmed = trim(text);
    const std::size_t end = static_cast<std::size_t>(trimmed.data() - text.data()) + trimmed.size();
    return text.substr(0, trimmed.empty() ? 0 : end);
}

using NgramCounts = std::map<std::vector<std::string>, int>;

NgramCounts countNgrams(const std::vector<std::string> &tokens)
{
    NgramCounts counts;
    for (int n = 1; n <= maxOrder; ++n) {
        for (std::size_t i = 0; i + static_cast<std::size_t>(n) <= tokens.size(); ++i)
            ++counts[std::vector<std::string>(
                tokens.begin() + static_cast<long>(i), tokens.begin() + static_cast<long>(i) + n)];
    }
    return counts;
}

} // namespace

std::vector<std::string> tokenize13a(std::string_view text)
{
    std::string line(text);
    replaceAll(line, "<skipped>", "");
    replaceAll(line, "-\n", "");
    replaceAll(line, "\n", " ");
    if (line.find('&') != std::string::npos) {
        replaceAll(line, "&quot;", "\"");
        replaceAll(line, "&amp;", "&");
        replaceAll(line, "&lt;", "<");
        replaceAll(line, "&gt;", ">");
    }
    // 13a pads the line with a space on each side; it decides whether an edge '.' is separated.
    std::string spaced;
    spaced.reserve(line.size() * 2 + 2);
    spaced.push_back(' ');
    for (char c : line) {
        if (isSeparatedSymbol(c)) {
            spaced.push_back(' ');
            spaced.push_back(c);
            spaced.push_back(' ');
        } else {
            spaced.push_back(c);
        }
    }
    spaced.push_back(' ');
    auto notDigit = [](char c) {
        return !isDigit(c);
    };
    auto isDash = [](char c) {
        return c == '-';
    };
    spaced = substitutePairs(spaced, notDigit, isPeriodOrComma, "", " ", " ");
    spaced = substitutePairs(spaced, isPeriodOrComma, notDigit, " ", " ", "");
    spaced = substitutePairs(spaced, isDigit, isDash, "", " ", " ");
    return splitPythonWhitespace(spaced);
}

namespace {

// Adds one segment's statistics to `result`: its matches clipped by the most any reference has
// of each n-gram, and the reference length closest to the hypothesis's (the shorter on a tie).
void addSegment(BleuScore &result, std::string_view hypothesis,
    const std::vector<std::string_view> &references)
{
    const std::vector<std::string> hyp = tokenize13a(rstrip(hypothesis));
    const int hypLength = static_cast<int>(hyp.size());
    NgramCounts refCounts;
    int closestDiff = -1;
    int closestLength = -1;
    for (const std::string_view reference : references) {
        const std::vector<std::string> ref = tokenize13a(rstrip(reference));
        const int length = static_cast<int>(ref.size());
        const int diff = std::abs(hypLength - length);
        if (closestDiff == -1 || diff < closestDiff) {
            closestDiff = diff;
            closestLength = length;
        } else if (diff == closestDiff && length < closestLength) {
            closestLength = length;
        }
        for (const auto &[ngram, count] : countNgrams(ref))
            refCounts[ngram] = std::max(refCounts[ngram], count);
    }
    result.hypothesisLength += hypLength;
    result.referenceLength += std::max(closestLength, 0);
    for (const auto &[ngram, count] : countNgrams(hyp)) {
        const std::size_t order = ngram.size() - 1;
        result.total[order] += count;
        if (const auto it = refCounts.find(ngram); it != refCounts.end())
            result.correct[order] += std::min(count, it->second);
    }
}

// sacreBLEU's compute_bleu over the statistics in `result`, with exp smoothing; with
// `effectiveOrder` the orders the hypothesis has no n-gram of are left out of the mean.
void score(BleuScore &result, bool effectiveOrder)
{
    if (result.hypothesisLength < result.referenceLength) {
        result.brevityPenalty = result.hypothesisLength > 0
            ? std::exp(1.0 - double(result.referenceLength) / result.hypothesisLength)
            : 0.0;
    }
    if (result.correct[0] == 0 && result.correct[1] == 0 && result.correct[2] == 0
        && result.correct[3] == 0)
        return; // sacreBLEU stops early: no match at all scores 0

    double smooth = 1.0;
    int orders = maxOrder;
    for (int n = 0; n < maxOrder; ++n) {
        if (result.total[n] == 0)
            break;
        if (effectiveOrder)
            orders = n + 1;
        if (result.correct[n] == 0) {
            smooth *= 2.0;
            result.precisions[n] = 1.0 / (smooth * result.total[n]);
        } else {
            result.precisions[n] = double(result.correct[n]) / result.total[n];
        }
    }
    // An order with no n-gram at all keeps precision 0, which sacreBLEU's my_log turns into
    // -9999999999: the score is 0 for all purposes.
    double logSum = 0.0;
    for (int n = 0; n < orders; ++n)
        logSum += result.precisions[n] > 0 ? std::log(result.precisions[n]) : -9999999999.0;
    result.score = result.brevityPenalty * std::exp(logSum / orders);
}

} // namespace

BleuScore sentenceBleu(std::string_view hypothesis, std::string_view reference)
{
    BleuScore result;
    addSegment(result, hypothesis, {reference});
    score(result, true);
    return result;
}

BleuScore corpusBleu(const std::vector<std::string> &hypotheses,
    const std::vector<std::vector<std::string>> &references)
{
    BleuScore result;
    for (std::size_t i = 0; i < hypotheses.size(); ++i) {
        std::vector<std::string_view> refs;
        if (i < references.size())
            refs.assign(references[i].begin(), references[i].end());
        addSegment(result, hypotheses[i], refs);
    }
    score(result, false);
    return result;
}

} // namespace ps::eval
