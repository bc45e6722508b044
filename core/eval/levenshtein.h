// Levenshtein distance and similarity over Unicode code points.
#pragma once

#include <cstddef>
#include <string_view>

namespace ps::eval {

// Insertions, deletions and substitutions of code points (an "é" is one edit, not two bytes).
std::size_t levenshteinDistance(std::string_view a, std::string_view b);

// 1 − distance / max(length a, length b) in code points; two empty texts are identical (1).
double levenshteinSimilarity(std::string_view a, std::string_view b);

} // namespace ps::eval
