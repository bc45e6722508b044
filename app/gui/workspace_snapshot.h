#pragma once

#include "project_snapshot.h"

#include "run/call_pricing.h"
#include "store/change_probe.h"
#include "store/project.h"
#include "store/provider_catalog.h"
#include "store/spec_store.h"
#include "model/badcase_record.h"
#include "model/rating_record.h"

#include <map>
#include <memory>
#include <optional>
#include <string>

// What the window needs of a project, read off the GUI thread: prompts, versions, drafts, and
// the providers, targets and prices its runs are built from.
namespace ps::app {

struct WorkspaceSnapshot
{
    widgets::ProjectSnapshot project;
    std::map<std::string, store::Draft> drafts; // by prompt name
    std::map<std::string, std::vector<store::SpecRecord>> specs; // by prompt name
    std::vector<model::RatingSessionRecord> ratingSessions; // oldest first
    std::vector<model::BadcaseTag> badcaseTags; // the taxonomy a pane's answer is marked with
    bool onlyEcho = true; // no provider other than the built-in echo
    // Both empty, and catalogError saying why, when they cannot be read (prompts still show).
    std::optional<store::CatalogSnapshot> catalog;
    std::optional<run::CallPricing> pricing;
    std::string catalogError;
    // Opened on the file just before it was read (null when it could not be): it sees every
    // commit made after the read, for the window to follow.
    std::shared_ptr<store::ChangeProbe> changes;

    // Never throws: errors land in project.error. `watch` opens `changes` first.
    static WorkspaceSnapshot load(const std::string &path, bool watch = false);

    // The prompt to open first: `remembered` when the project still has it, else the one with
    // the most versions; "" when there is none.
    std::string startPrompt(const std::string &remembered) const;
    std::size_t versionCount() const; // over all prompts
    // A stored or updated run into the recent runs (newest first, at most kRecentRuns).
    void recordRun(const model::RunRecord &run);
};

// The draft to open instead of the newest version: one saved after it (or with no version).
bool draftIsNewer(const store::Draft &draft, const std::vector<model::VersionRecord> &versions);

} // namespace ps::app
