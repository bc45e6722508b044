#pragma once

#include "diff/version_diff.h"

#include <string>
#include <string_view>
#include <vector>

// Sequence alignment (dtl's O(NP) LCS) and the line and word diffs built on it.
namespace ps::diff {

// One step of an alignment of two sequences; indexes are 0-based, -1 when absent.
struct Aligned
{
    ChangeKind kind = ChangeKind::Same;
    int oldIndex = -1;
    int newIndex = -1;
};

// Aligns two sequences of keys by longest common subsequence. With pairChanges, each
// removed item directly followed by an added one (in the same run of edits) becomes one
// Changed step; otherwise a run lists its removals before its additions.
std::vector<Aligned> alignKeys(const std::vector<std::string_view> &before,
    const std::vector<std::string_view> &after, bool pairChanges);

// Splits on '\n'; "" is one empty line and a trailing newline ends with an empty line.
std::vector<std::string_view> splitLines(std::string_view text);

// Words, whitespace runs and single punctuation marks; a UTF-8 sequence is never split,
// and CJK characters stand alone because those scripts do not separate words by spaces.
std::vector<std::string_view> tokenizeWords(std::string_view text);

// The words of two lines interleaved: Same, then Removed before Added within each edit.
std::vector<WordSpan> diffWords(std::string_view before, std::string_view after);

// Every line of both texts aligned; adjacent removed/added lines are paired as Changed.
std::vector<LineChange> diffLines(std::string_view before, std::string_view after);

} // namespace ps::diff
