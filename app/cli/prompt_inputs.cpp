#include "prompt_inputs.h"

#include "cli_format.h"

namespace ps::cli {

nlohmann::json readVariableValues(
    const std::vector<std::string> &assignments, const std::string &varsFile)
{
    nlohmann::json values = nlohmann::json::object();
    if (!varsFile.empty()) {
        values = readJsonFile(varsFile, "variables file");
        if (!values.is_object())
            throw CliError(ExitBadInput, "bad_input",
                "variables file " + quoted(varsFile)
                    + " must hold a JSON object of name/value pairs",
                {{"file", varsFile}});
    }
    for (const std::string &assignment : assignments) {
        const auto eq = assignment.find('=');
        if (eq == std::string::npos || eq == 0)
            throw CliError(ExitUsage, "usage",
                "--var " + quoted(assignment) + " must have the form NAME=VALUE");
        values[assignment.substr(0, eq)] = assignment.substr(eq + 1);
    }
    return values;
}

tmpl::RenderedPrompt renderVersionPrompt(
    const CliContext &ctx, const model::VersionRecord &version, const nlohmann::json &values)
{
    tmpl::RenderedPrompt rendered;
    try {
        rendered = tmpl::renderPrompt(version.content, values);
    } catch (const tmpl::PromptTemplateError &error) {
        throw CliError(ExitBadInput, "template",
            "template of " + versionRef(version) + " message "
                + std::to_string(error.messageIndex() + 1) + ", line "
                + std::to_string(error.line()) + ", column " + std::to_string(error.column()) + ": "
                + error.reason(),
            {{"ref", versionRef(version)}, {"message_index", error.messageIndex()},
                {"line", error.line()}, {"column", error.column()}});
    }
    for (const std::string &name : rendered.missingVariables)
        ctx.warn("variable " + quoted(name) + " has no value and no default; it rendered empty");
    return rendered;
}

} // namespace ps::cli
