#pragma once

#include "eval/assertion.h"
#include "eval/dataset.h"
#include "model/version_content.h"
#include "providers/chat_types.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

// A dataset's cases made ready to send with a version: rendered messages, parsed assertions.
namespace ps::run {

// A case that cannot be evaluated with this version (a template error, a variable with no value,
// an invalid assertion); `what()` names the case (0-based, as `cells` report it).
class EvalInputError : public std::runtime_error
{
public:
    EvalInputError(int caseIndex, const std::string &reason);
    int caseIndex() const { return m_caseIndex; }

private:
    int m_caseIndex;
};

struct PreparedCase
{
    std::vector<providers::ChatMessage> messages; // as sent
    std::vector<eval::Assertion> assertions;
    std::optional<std::string> expected;
    std::optional<double> threshold; // the case's "threshold", when it sets one
    nlohmann::json variables = nlohmann::json::object(); // what groundedness reads its source from
};

// Renders `content` with `defaults` (the run's --var values) under the case's own vars — a case
// sets its own values — and places the case's prior `messages` before the version's last user
// message. Throws EvalInputError.
PreparedCase prepareCase(const model::VersionContent &content, const eval::DatasetCase &datasetCase,
    int caseIndex, const nlohmann::json &defaults);

} // namespace ps::run
