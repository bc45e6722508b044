#pragma once

// dataset import/list/show: a project's test cases, read from JSONL or CSV (CLI.md "Datasets").

#include "cli_context.h"

#include <string>

namespace ps::cli {

struct DatasetImportArgs
{
    std::string name;
    std::string file;
};

// Exit 3 with "FILE:LINE: reason" when the file cannot be imported; nothing is stored then.
void runDatasetImport(const CliContext &ctx, const DatasetImportArgs &args);
void runDatasetList(const CliContext &ctx);
void runDatasetShow(const CliContext &ctx, const std::string &name);

} // namespace ps::cli
