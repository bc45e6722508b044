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

struct CasesNeededArgs
{
    std::string name; // optional: the dataset to hold the answer against
    double baseline = 0.0; // the pass rate (or accuracy) now, 0..1
    double difference = 0.0; // the change to detect, in points (5 = five percentage points)
};
// How many cases a difference needs before any run (and whether the dataset has them).
void runDatasetCasesNeeded(const CliContext &ctx, const CasesNeededArgs &args);

} // namespace ps::cli
