#include "diff/text_diff.h"

#include <dtl/dtl.hpp>

#include <algorithm>
#include <unordered_map>

namespace ps::diff {

namespace {

// Adds the pending run of edits to `out`: removals paired with additions, or listed apart.
void flushRun(
    std::vector<int> &removed, std::vector<int> &added, bool pairChanges, std::vector<Aligned> &out)
{
    std::size_t paired = pairChanges ? std::min(removed.size(), added.size()) : 0;
    for (std::size_t i = 0; i < paired; ++i)
        out.push_back({ChangeKind::Changed, removed[i], added[i]});
    for (std::size_t i = paired; i < removed.size(); ++i)
        out.push_back({ChangeKind::Removed, removed[i], -1});
    for (std::size_t i = paired; i < added.size(); ++i)
        out.push_back({ChangeKind::Added, -1, added[i]});
    removed.clear();
    added.clear();
}

enum class CharClass { Word, Space, Punct, Alone };

bool isCjk(char32_t cp)
{
    return (cp >= 0x2E80 && cp <= 0x9FFF) || (cp >= 0xAC00 && cp <= 0xD7AF)
        || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFF00 && cp <= 0xFFEF) || cp >= 0x1F000;
}

CharClass classify(char32_t cp)
{
    if (cp < 0x80) {
        const char c = static_cast<char>(cp);
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f')
            return CharClass::Space;
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')
            return CharClass::Word;
        return CharClass::Punct;
    }
    if (cp == 0xA0 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x3000)
        return CharClass::Space;
    if ((cp >= 0xA1 && cp <= 0xBF) || cp == 0xD7 || cp == 0xF7 || (cp >= 0x2010 && cp <= 0x2BFF))
        return CharClass::Punct;
    if (isCjk(cp) || (cp >= 0x3000 && cp <= 0x303F))
        return CharClass::Alone;
    return CharClass::Word;
}

// Decodes the code point at `pos`; a malformed byte counts as a one-byte code point.
std::size_t decode(std::string_view text, std::size_t pos, char32_t &cp)
{
    const auto lead = static_cast<unsigned char>(text[pos]);
    std::size_t length = 1;
    if (lead >= 0xC2 && lead <= 0xDF)
        length = 2;
    else if (lead >= 0xE0 && lead <= 0xEF)
        length = 3;
    else if (lead >= 0xF0 && lead <= 0xF4)
        length = 4;
    if (length == 1 || pos + length > text.size()) {
        cp = lead < 0x80 ? lead : 0xFFFD;
        return 1;
    }
    char32_t value = lead & (0x3F >> (length - 1));
    for (std::size_t i = 1; i < length; ++i) {
        const auto next = static_cast<unsigned char>(text[pos + i]);
        if ((next & 0xC0) != 0x80) {
            cp = 0xFFFD;
            return 1;
        }
        value = (value << 6) | (next & 0x3F);
    }
    cp = value;
    return length;
}

bool isBlank(std::string_view text)
{
    return std::all_of(text.begin(), text.end(),
        [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; });
}

struct Op
{
    ChangeKind kind;
    std::string_view text;
};

char firstChar(const std::vector<Op> &ops, std::size_t index)
{
    return ops[index].text.empty() ? '\0' : ops[index].text.front();
}

char lastChar(const std::vector<Op> &ops, std::size_t index)
{
    return ops[index].text.empty() ? '\0' : ops[index].text.back();
}

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

bool isAlnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || (static_cast<unsigned char>(c) & 0x80);
}

// How natural a cut between two characters reads: the line's edge, a sentence end,
// a space, punctuation, or the middle of a word (after diff-match-patch's semantic cleanup).
int boundaryScore(char left, char right, bool edge)
{
    if (edge)
        return 6;
    if (isSpace(right) && (left == '.' || left == '!' || left == '?' || left == ':' || left == ';'))
        return 3;
    if (isSpace(left) || isSpace(right))
        return 2;
    if (!isAlnum(left) || !isAlnum(right))
        return 1;
    return 0;
}

// The score of the pure edit ops[start, end) where it stands.
int runScore(const std::vector<Op> &ops, std::size_t start, std::size_t end)
{
    const bool atStart = start == 0;
    const bool atEnd = end == ops.size();
    return boundaryScore(atStart ? '\0' : lastChar(ops, start - 1), firstChar(ops, start), atStart)
        + boundaryScore(lastChar(ops, end - 1), atEnd ? '\0' : firstChar(ops, end), atEnd);
}

// An insertion or deletion next to equal text can slide without changing either side
// ("other{+. Answer+}." is "other.{+ Answer.+}"): put each at the cut that reads best,
// the later one on a tie, so "label{+ support+} tickets" becomes "label {+support +}tickets".
void slideToBoundaries(std::vector<Op> &ops)
{
    std::size_t start = 0;
    while (start < ops.size()) {
        if (ops[start].kind == ChangeKind::Same) {
            ++start;
            continue;
        }
        std::size_t end = start;
        bool pure = true;
        while (end < ops.size() && ops[end].kind != ChangeKind::Same) {
            pure = pure && ops[end].kind == ops[start].kind;
            ++end;
        }
        if (!pure) {
            start = end;
            continue;
        }
        while (start > 0 && ops[start - 1].kind == ChangeKind::Same
            && ops[start - 1].text == ops[end - 1].text) {
            std::swap(ops[start - 1].kind, ops[end - 1].kind);
            --start;
            --end;
        }
        std::size_t best = start;
        int bestScore = runScore(ops, start, end);
        while (end < ops.size() && ops[end].kind == ChangeKind::Same
            && ops[end].text == ops[start].text) {
            std::swap(ops[start].kind, ops[end].kind);
            ++start;
            ++end;
            if (const int score = runScore(ops, start, end); score >= bestScore) {
                best = start;
                bestScore = score;
            }
        }
        while (start > best) {
            --start;
            --end;
            std::swap(ops[start].kind, ops[end].kind);
        }
        start = end;
    }
}

struct Segment
{
    bool same = true;
    std::string text; // same
    std::string removed; // edit
    std::string added; // edit
};

std::vector<Segment> segmentsOf(const std::vector<Op> &ops)
{
    std::vector<Segment> segments;
    for (const Op &op : ops) {
        const bool same = op.kind == ChangeKind::Same;
        if (segments.empty() || segments.back().same != same)
            segments.push_back(Segment {same, {}, {}, {}});
        Segment &segment = segments.back();
        (same                                    ? segment.text
                : op.kind == ChangeKind::Removed ? segment.removed
                                                 : segment.added)
            .append(op.text);
    }
    // A lone space between two edits reads better inside one edit: "[-a b-]{+c d+}".
    for (std::size_t i = 1; i + 1 < segments.size();) {
        Segment &prev = segments[i - 1];
        const Segment &next = segments[i + 1];
        const bool bothSides = !(prev.removed.empty() && next.removed.empty())
            && !(prev.added.empty() && next.added.empty());
        if (segments[i].same && isBlank(segments[i].text) && !prev.same && !next.same
            && bothSides) {
            prev.removed += segments[i].text + next.removed;
            prev.added += segments[i].text + next.added;
            segments.erase(segments.begin() + static_cast<std::ptrdiff_t>(i),
                segments.begin() + static_cast<std::ptrdiff_t>(i) + 2);
        } else {
            ++i;
        }
    }
    return segments;
}

// dtl's O(NP) costs about (M + N) x (edits); estimate it from the tokens the lines share.
bool worthAligning(const std::vector<std::string_view> &a, const std::vector<std::string_view> &b)
{
    constexpr std::size_t budget = 4'000'000;
    const std::size_t total = a.size() + b.size();
    if (total * std::max(a.size(), b.size()) <= budget)
        return true;
    std::unordered_map<std::string_view, long> counts;
    for (std::string_view token : a)
        ++counts[token];
    std::size_t common = 0;
    for (std::string_view token : b) {
        if (auto it = counts.find(token); it != counts.end() && it->second > 0) {
            --it->second;
            ++common;
        }
    }
    return total * (std::max(a.size(), b.size()) - common) <= budget;
}

} // namespace

std::vector<Aligned> alignKeys(const std::vector<std::string_view> &before,
    const std::vector<std::string_view> &after, bool pairChanges)
{
    // Common ends are cheap to strip and usually most of a prompt.
    std::size_t prefix = 0;
    while (prefix < before.size() && prefix < after.size() && before[prefix] == after[prefix])
        ++prefix;
    std::size_t suffix = 0;
    while (suffix < before.size() - prefix && suffix < after.size() - prefix
        && before[before.size() - 1 - suffix] == after[after.size() - 1 - suffix])
        ++suffix;

    std::vector<Aligned> out;
    out.reserve(std::max(before.size(), after.size()) + 1);
    for (std::size_t i = 0; i < prefix; ++i)
        out.push_back({ChangeKind::Same, static_cast<int>(i), static_cast<int>(i)});

    // dtl compares ints far faster than strings, so intern each key once.
    std::unordered_map<std::string_view, int> ids;
    auto intern = [&](const std::vector<std::string_view> &keys) {
        std::vector<int> result;
        for (std::size_t i = prefix; i + suffix < keys.size(); ++i)
            result.push_back(ids.try_emplace(keys[i], static_cast<int>(ids.size())).first->second);
        return result;
    };
    const std::vector<int> a = intern(before);
    const std::vector<int> b = intern(after);

    std::vector<int> removed;
    std::vector<int> added;
    const int offset = static_cast<int>(prefix);
    if (a.empty() || b.empty()) {
        for (std::size_t i = 0; i < a.size(); ++i)
            removed.push_back(offset + static_cast<int>(i));
        for (std::size_t i = 0; i < b.size(); ++i)
            added.push_back(offset + static_cast<int>(i));
    } else {
        dtl::Diff<int> diff(a, b);
        diff.compose();
        for (const auto &[id, info] : diff.getSes().getSequence()) {
            // dtl's indexes are 1-based.
            const int oldIndex = offset + static_cast<int>(info.beforeIdx) - 1;
            const int newIndex = offset + static_cast<int>(info.afterIdx) - 1;
            if (info.type == dtl::SES_COMMON) {
                flushRun(removed, added, pairChanges, out);
                out.push_back({ChangeKind::Same, oldIndex, newIndex});
            } else if (info.type == dtl::SES_DELETE) {
                removed.push_back(oldIndex);
            } else {
                added.push_back(newIndex);
            }
        }
    }
    flushRun(removed, added, pairChanges, out);

    for (std::size_t i = 0; i < suffix; ++i)
        out.push_back({ChangeKind::Same, static_cast<int>(before.size() - suffix + i),
            static_cast<int>(after.size() - suffix + i)});
    return out;
}

std::vector<std::string_view> splitLines(std::string_view text)
{
    std::vector<std::string_view> lines;
    std::size_t start = 0;
    for (;;) {
        const std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) {
            lines.push_back(text.substr(start));
            return lines;
        }
        lines.push_back(text.substr(start, end - start));
        start = end + 1;
    }
}

std::vector<std::string_view> tokenizeWords(std::string_view text)
{
    std::vector<std::string_view> tokens;
    std::size_t pos = 0;
    while (pos < text.size()) {
        // A template tag ({{ticket}}, {{#examples}}) is one word: half a tag marked as
        // changed reads as noise.
        if (text.compare(pos, 2, "{{") == 0) {
            const std::size_t close = text.find("}}", pos + 2);
            const std::size_t newline = text.find('\n', pos);
            if (close != std::string_view::npos && close < newline) {
                std::size_t end = close + 2;
                if (end < text.size() && text[end] == '}' && text.compare(pos, 3, "{{{") == 0)
                    ++end;
                tokens.push_back(text.substr(pos, end - pos));
                pos = end;
                continue;
            }
        }
        char32_t cp = 0;
        std::size_t end = pos + decode(text, pos, cp);
        const CharClass cls = classify(cp);
        if (cls == CharClass::Word || cls == CharClass::Space) {
            while (end < text.size()) {
                const std::size_t length = decode(text, end, cp);
                if (classify(cp) != cls)
                    break;
                end += length;
            }
        }
        tokens.push_back(text.substr(pos, end - pos));
        pos = end;
    }
    return tokens;
}

std::vector<WordSpan> diffWords(std::string_view before, std::string_view after)
{
    const std::vector<std::string_view> a = tokenizeWords(before);
    const std::vector<std::string_view> b = tokenizeWords(after);
    if (!worthAligning(a, b)) {
        // Long lines with little in common: marking each word would cost seconds and
        // read no better than the whole line replaced.
        return {
            {ChangeKind::Removed, std::string(before)}, {ChangeKind::Added, std::string(after)}};
    }
    std::vector<Op> ops;
    for (const Aligned &step : alignKeys(a, b, false)) {
        if (step.kind == ChangeKind::Added)
            ops.push_back({ChangeKind::Added, b[static_cast<std::size_t>(step.newIndex)]});
        else
            ops.push_back({step.kind, a[static_cast<std::size_t>(step.oldIndex)]});
    }
    slideToBoundaries(ops);

    std::vector<WordSpan> spans;
    for (Segment &segment : segmentsOf(ops)) {
        if (segment.same) {
            spans.push_back({ChangeKind::Same, std::move(segment.text)});
            continue;
        }
        if (!segment.removed.empty())
            spans.push_back({ChangeKind::Removed, std::move(segment.removed)});
        if (!segment.added.empty())
            spans.push_back({ChangeKind::Added, std::move(segment.added)});
    }
    return spans;
}

namespace {

// True when at least 40% of the non-blank characters of the two lines are shared.
bool similarEnough(const std::vector<WordSpan> &words)
{
    auto visible = [](const std::string &text) {
        return static_cast<std::size_t>(
            std::count_if(text.begin(), text.end(), [](char c) { return c != ' ' && c != '\t'; }));
    };
    std::size_t same = 0;
    std::size_t total = 0;
    for (const WordSpan &span : words) {
        const std::size_t count = visible(span.text);
        total += span.kind == ChangeKind::Same ? 2 * count : count;
        if (span.kind == ChangeKind::Same)
            same += 2 * count;
    }
    return total == 0 || same * 10 >= total * 4;
}

} // namespace

std::vector<LineChange> diffLines(std::string_view before, std::string_view after)
{
    const std::vector<std::string_view> a = splitLines(before);
    const std::vector<std::string_view> b = splitLines(after);
    std::vector<LineChange> lines;
    for (const Aligned &step : alignKeys(a, b, true)) {
        LineChange line;
        line.kind = step.kind;
        if (step.oldIndex >= 0)
            line.oldText = a[static_cast<std::size_t>(step.oldIndex)];
        if (step.newIndex >= 0)
            line.newText = b[static_cast<std::size_t>(step.newIndex)];
        if (step.kind == ChangeKind::Changed) {
            line.words = diffWords(line.oldText, line.newText);
            if (!similarEnough(line.words)) {
                // Two different lines that merely stand in the same place: show them as
                // one removed and one added, as a reader expects.
                lines.push_back({ChangeKind::Removed, line.oldText, {}, {}});
                lines.push_back({ChangeKind::Added, {}, line.newText, {}});
                continue;
            }
        }
        lines.push_back(std::move(line));
    }
    return lines;
}

} // namespace ps::diff
