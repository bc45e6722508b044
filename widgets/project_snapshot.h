#pragma once

#include "store/dataset_store.h"
#include "store/project.h"
#include "store/run_store.h"

#include <map>
#include <string>
#include <vector>

// An immutable picture of a project's prompts, versions, datasets and recent runs, read off the
// GUI thread and handed to the views.
namespace ps::widgets {

struct ProjectSnapshot
{
    std::string path;
    std::string error; // set when the project could not be read
    std::vector<store::PromptRecord> prompts;
    std::map<std::string, std::vector<store::VersionRecord>> versions; // by prompt name
    std::vector<store::DatasetRecord> datasets; // newest revision of each, by name
    std::vector<store::RunRecord> runs; // newest first, at most kRecentRuns

    static constexpr std::size_t kRecentRuns = 50;

    // Reads everything the views need; never throws (errors land in `error`).
    static ProjectSnapshot load(const std::string &path);
};

} // namespace ps::widgets
