#pragma once

#include "store/project.h"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

// Sharing a project's prompts through git (CLI.md "Sharing through git"): one use case that
// `share` and the window's Share menu drive. Each prompt is a folder of plain files in the
// repository — content.yaml (the version's messages, variables, parameters and examples, so a
// changed word is a changed line), prompt.yaml, versions.jsonl (one line per version) and
// labels.yaml — each version its own commit by its author at its time; datasets are JSONL files.
// Push commits the versions the remote does not have; pull adds the versions made elsewhere and
// never changes one here. The local repository lives beside the project (PROJECT.share); no
// credential is stored by it.
namespace ps::share {

struct ShareSettings
{
    std::string remote; // a path, file://, ssh:// or https:// URL
    std::string path = "prompts"; // the folder in the repository
    std::string branch; // empty: the remote's default branch, else main
};

struct ShareStatus
{
    std::string remote;
    std::string path;
    std::string branch;
    int ahead = 0; // versions here the remote does not have
    int behind = 0; // commits there not yet pulled
    std::string lastSync; // ISO 8601 UTC, empty when never
};

struct PulledPrompt
{
    std::string name;
    int added = 0;
    bool created = false;
    bool bothChanged = false; // versions were made here and there since the last sync
};

struct PullResult
{
    std::vector<PulledPrompt> prompts;
    std::vector<std::string> labels; // "production → v5 (moved there)"
    std::vector<std::string> labelConflicts; // "production moved on both sides: took the remote's, v5"
    std::vector<std::string> datasets; // "tickets r3"
    int commits = 0;
    int versionsAdded() const;
};

struct PushResult
{
    PullResult pulled; // what came in first, when the remote had moved
    int versionsPushed = 0;
    int commits = 0;
    std::string head; // the remote's tip after the push
};

// PROJECT.share: the project's local repository.
std::filesystem::path shareFolder(const std::filesystem::path &project);

// Connects the project to a repository and a folder in it (ShareError when the remote cannot be
// reached). The branch defaults to the remote's HEAD, or main for an empty repository.
ShareStatus shareInit(const store::Project &project, ShareSettings settings);
// `author`: who commits (the version authors stay the commits' authors); `now` ISO 8601 UTC;
// `message`: the labels' and datasets' commits' (empty: "Labels of NAME", "Datasets").
PushResult sharePush(store::Project &project, const std::string &author, const std::string &now,
    const std::string &message = {});
PullResult sharePull(store::Project &project, const std::string &now);
ShareStatus shareStatus(const store::Project &project);

} // namespace ps::share
