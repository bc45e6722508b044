#pragma once

// rate create/list/items/add/import/report/guideline: blind human rating of an evaluation's
// (or window runs') answers.

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
    std::vector<std::string> runIds;
    std::string session;
    std::string item;
    std::string mode = "pairwise";
    std::vector<std::string> columns;
    std::string scale;
    std::vector<std::string> criteria;
    std::string guideline; // a Markdown file, or a stored NAME[@N]
    std::string name; // rate guideline set/examples: the guideline's name
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
void runRateGuidelineList(const CliContext &ctx);
void runRateGuidelineShow(const CliContext &ctx, const RateArgs &args);
void runRateGuidelineSet(const CliContext &ctx, const RateArgs &args);
void runRateGuidelineExamples(const CliContext &ctx, const RateArgs &args);

} // namespace ps::cli
