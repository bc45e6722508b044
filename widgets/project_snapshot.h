#pragma once

#include "store/project.h"

#include <map>
#include <string>
#include <vector>

// An immutable picture of a project's prompts and versions, read off the GUI
// thread and handed to the views.
namespace ps::widgets {

struct ProjectSnapshot
{
    std::string path;
    std::string error; // set when the project could not be read
    std::vector<store::PromptRecord> prompts;
    std::map<std::string, std::vector<store::VersionRecord>> versions; // by prompt name

    // Reads everything the views need; never throws (errors land in `error`).
    static ProjectSnapshot load(const std::string &path);
};

} // namespace ps::widgets
