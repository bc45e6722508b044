#pragma once

#include "finetune/finetune_check.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <set>
#include <string>
#include <vector>

namespace ps::store {
class Project;
}

// Fine-tuning data from what a team has judged: corrected bad answers, the prompts' approved
// examples, answers marked good and pairwise ratings, written as OpenAI's supervised or
// preference JSONL with the guideline and taxonomy beside it (`finetune export`).
namespace ps::finetune {

struct ExportRequest
{
    FinetuneFormat format = FinetuneFormat::Sft;
    std::string prompt; // "" for every prompt
    // corrected, examples, good (supervised), pairs (preference); empty: the format's defaults
    // (supervised: corrected, examples, good; preference: corrected, pairs).
    std::set<std::string> sources;
};

struct ExportedExample
{
    nlohmann::json line; // one JSONL object in OpenAI's format
    std::string source; // where it came from, for the README ("bad case 4: RUN:2:a, corrected")
};

struct ExportPlan
{
    std::vector<ExportedExample> examples;
    std::vector<std::string> skipped; // what could not become an example, and why
};

// The sources' names a format can use; std::invalid_argument names one it cannot.
std::set<std::string> sourcesFor(FinetuneFormat format, const std::set<std::string> &asked);

// Collects the examples; reads the project only.
ExportPlan planExport(const store::Project &project, const ExportRequest &request);

struct ExportResult
{
    ExportPlan plan;
    CheckReport check; // of the written train.jsonl
    std::vector<std::filesystem::path> files;
};

// Writes DIR/train.jsonl, DIR/README.md (each line's source, the checks' summary),
// DIR/guideline.md (the newest annotation guideline, when there is one) and DIR/taxonomy.md;
// creates DIR. std::invalid_argument when DIR is a file, or when nothing can be exported.
ExportResult writeExport(const store::Project &project, const ExportRequest &request,
    const std::filesystem::path &dir, const CheckOptions &options = {});

} // namespace ps::finetune
