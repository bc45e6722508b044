#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

// Bad cases as the project holds them: the taxonomy of tags, and each marked answer with
// everything needed to reproduce it.
namespace ps::model {

struct BadcaseTag
{
    std::string name;
    std::string description; // one line the annotation guideline can cite
    std::string colour; // "#rrggbb", or "" for the window's choice
};

struct BadcaseRecord
{
    std::int64_t id = 0; // set by the store
    std::string answer; // how it was referred to: RUN_ID:CASE:COLUMN[:REPEAT] or RUN_ID:TARGET
    std::string runId;
    std::int64_t responseId = 0;
    std::optional<int> caseIndex; // an evaluation cell's case
    std::optional<std::int64_t> datasetId; // and the dataset revision it came from
    std::string prompt; // NAME
    std::string version; // NAME@N (" draft" when unsaved edits were sent)
    std::string target;
    std::string model;
    nlohmann::json request = nlohmann::json::object(); // exactly as sent, keys blanked
    nlohmann::json vars = nlohmann::json::object(); // the variable values it rendered
    std::string text; // the answer
    std::string verdict = "bad"; // or "good": a good answer is kept for fine-tuning data
    std::vector<std::string> tags;
    std::string note;
    std::optional<std::string> corrected; // the answer it should have given
    std::string status = "open"; // open, fixed or wontfix
    std::string fixedIn; // the version that fixed it, NAME@N
    std::string created; // ISO 8601 UTC; set by the store
    std::string by; // who marked it
};

} // namespace ps::model
