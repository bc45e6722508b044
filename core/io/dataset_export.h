#pragma once

#include "eval/dataset.h"

#include <string>
#include <vector>

// A dataset's cases as a file other tools (and `dataset import`) read: JSONL keeps everything;
// CSV keeps what a table can hold and names what it could not.
namespace ps::io {

struct DatasetFile
{
    std::string text;
    std::vector<std::string> lost; // "case 3: its prior messages"; empty for JSONL
};

DatasetFile datasetAsJsonl(const std::vector<eval::DatasetCase> &cases);
// A column per variable, then expected, tags, description and promptfoo's __expectedN columns
// for assertions. Whatever does not read back the same (checked by reading the text back) is
// listed in `lost`, case by case.
DatasetFile datasetAsCsv(const std::vector<eval::DatasetCase> &cases);

} // namespace ps::io
