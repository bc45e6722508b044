#include "target_params.h"

#include "cli_context.h"
#include "util/json_depth.h"

namespace ps::cli {

nlohmann::json parseParamAssignments(const std::vector<std::string> &assignments)
{
    nlohmann::json params = nlohmann::json::object();
    for (const std::string &assignment : assignments) {
        const auto eq = assignment.find('=');
        if (eq == std::string::npos || eq == 0)
            throw CliError(ExitUsage, "usage",
                "--param " + quoted(assignment) + " must have the form NAME=VALUE");
        const std::string text = assignment.substr(eq + 1);
        nlohmann::json value = util::parseJsonOrDiscarded(text);
        if (value.is_discarded())
            value = text;
        params[assignment.substr(0, eq)] = std::move(value);
    }
    return params;
}

} // namespace ps::cli
