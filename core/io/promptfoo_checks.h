#pragma once

// The javascript checks the promptfoo export writes where promptfoo has no assertion that means
// ours, and that its import recognises to read them back.
namespace ps::io::promptfoo {

// `Array.from(output)` counts code points, as our length and similarity do.
inline constexpr const char *kSimilarityJs
    = "((a, b) => { const m = a.length, n = b.length; if (!m && !n) return 1; "
      "let row = Array.from({length: n + 1}, (_, j) => j); "
      "for (let i = 1; i <= m; i++) { let prev = row[0]; row[0] = i; "
      "for (let j = 1; j <= n; j++) { const keep = row[j]; "
      "row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1)); prev = keep; } } "
      "return 1 - row[n] / Math.max(m, n); })";

// Our label normalisation: ASCII space and punctuation trimmed, ASCII letters lower-cased.
inline constexpr const char *kLabelJs
    = "((s) => s.replace(/^[\\x00-\\x20!-\\/:-@\\[-`{-~\\x7f]+|[\\x00-\\x20!-\\/:-@\\[-`{-~\\x7f]+$/g, '')"
      ".replace(/[A-Z]/g, (c) => c.toLowerCase()))";

} // namespace ps::io::promptfoo
