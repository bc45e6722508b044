#pragma once

// rate create/list/items/add/import/report: blind human rating of an evaluation's answers.

#include "cli_context.h"

#include <cstdint>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace ps::cli {

struct RateArgs
{
    std::string runId;
    std::string session;
    std::string item;
    std::string mode = "pairwise";
    std::vector<std::string> columns;
    std::string scale;
    std::vector<std::string> criteria;
    std::string guidelineFile;
    std::uint64_t seed = 1;
    std::string rater;
    std::string choice;
    std::vector<std::string> scores;
    std::string note;
    std::string file;
    std::string output;
};

void runRateCreate(const CliContext &ctx, const RateArgs &args);
void runRateList(const CliContext &ctx);
void runRateItems(const CliContext &ctx, const RateArgs &args);
void runRateAdd(const CliContext &ctx, const RateArgs &args);
void runRateImport(const CliContext &ctx, const RateArgs &args);
void runRateExport(const CliContext &ctx, const RateArgs &args);
void runRateReport(const CliContext &ctx, const RateArgs &args);

} // namespace ps::cli
