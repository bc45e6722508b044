#pragma once

#include "model/version_content.h"

#include <string>
#include <string_view>
#include <vector>

// Few-shot examples in the files datasets use, so a dataset's cases can become examples and
// examples can be edited in a spreadsheet: read through the dataset reader, written so that it
// reads them back unchanged.
//   JSONL: {"vars": {...}, "expected": "...", "tags": [...], "note": "...", "enabled": false}
//   CSV:   a column per variable, expected, tags ("a, b"), __note, __enabled (true/false)
// A case's vars are the example's input, its expected the output; "note" (or "description")
// and "enabled" are read where the dataset reader keeps keys it does not define.
namespace ps::io {

// Throws eval::DatasetError naming `file`, the line and why, at the first bad line; nothing is
// returned then. The format follows the extension (.jsonl / .csv). A CSV column "note" or
// "enabled" is that field of the example unless it is one of the prompt's `variables`.
std::vector<model::Example> readExamplesFile(std::string_view text, const std::string &file,
    const std::vector<std::string> &variables = {});

std::string writeExamplesJsonl(const std::vector<model::Example> &examples);
// The variable columns are `variables` first (in that order), then any other input names.
std::string writeExamplesCsv(
    const std::vector<model::Example> &examples, const std::vector<std::string> &variables);

} // namespace ps::io
