#pragma once

#include "model/dataset_record.h"
#include "model/prompt_record.h"
#include "model/run_record.h"

#include <map>
#include <string>
#include <vector>

// An immutable picture of a project's prompts, versions, datasets and recent runs, read off the
// GUI thread by the app and handed to the views (which never read the project themselves).
namespace ps::widgets {

struct ProjectSnapshot
{
    std::string path;
    std::string error; // set when the project could not be read
    std::vector<model::PromptRecord> prompts;
    std::map<std::string, std::vector<model::VersionRecord>> versions; // by prompt name
    std::vector<model::DatasetRecord> datasets; // newest revision of each, by name
    std::vector<model::RunRecord> runs; // newest first, at most kRecentRuns

    static constexpr std::size_t kRecentRuns = 50;
};

} // namespace ps::widgets
