#include "eval/levenshtein.h"

#include "eval/code_points.h"

#include <algorithm>
#include <numeric>
#include <vector>

namespace ps::eval {

namespace {

std::size_t distance(const std::u32string &a, const std::u32string &b)
{
    std::vector<std::size_t> row(b.size() + 1);
    std::iota(row.begin(), row.end(), std::size_t {0});
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1])});
            diagonal = above;
        }
    }
    return row.back();
}

} // namespace

std::size_t levenshteinDistance(std::string_view a, std::string_view b)
{
    return distance(toCodePoints(a), toCodePoints(b));
}

double levenshteinSimilarity(std::string_view a, std::string_view b)
{
    const std::u32string left = toCodePoints(a);
    const std::u32string right = toCodePoints(b);
    const std::size_t longest = std::max(left.size(), right.size());
    if (longest == 0)
        return 1.0;
    return 1.0 - double(distance(left, right)) / double(longest);
}

} // namespace ps::eval
