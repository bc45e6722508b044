// render: a version's messages with variable values, or a bare Mustache template with JSON data.

#include "cli_format.h"
#include "commands.h"
#include "prompt_inputs.h"

#include "template/mustache_template.h"
#include "template/prompt_renderer.h"

namespace ps::cli {

namespace {

std::string templateErrorMessage(const std::string &where, const tmpl::TemplateError &error)
{
    return where + ", line " + std::to_string(error.line()) + ", column "
        + std::to_string(error.column()) + ": " + error.reason();
}

void renderVersion(const CliContext &ctx, const RenderArgs &args)
{
    const nlohmann::json values = readVariableValues(args.vars, args.varsFile);
    const store::Project project = ctx.openProject(store::ProjectAccess::Read);
    const model::VersionRecord version = project.resolve(args.ref);
    const tmpl::RenderedPrompt rendered = renderVersionPrompt(ctx, version, values);

    if (ctx.options.json) {
        nlohmann::json messages = nlohmann::json::array();
        for (const auto &message : rendered.messages) {
            nlohmann::json item = {{"role", message.role}, {"content", message.content}};
            if (!message.toolCallId.empty())
                item["tool_call_id"] = message.toolCallId;
            if (!message.toolCalls.empty())
                item["tool_calls"] = message.toolCalls;
            messages.push_back(std::move(item));
        }
        ctx.printJson({{"messages", messages}, {"missing_variables", rendered.missingVariables}});
        return;
    }
    std::string text;
    for (std::size_t i = 0; i < rendered.messages.size(); ++i) {
        if (i)
            text += "\n\n";
        text += rendered.messages[i].role + ": " + rendered.messages[i].content;
    }
    ctx.print(text);
}

tmpl::Partials readPartials(const std::string &file)
{
    tmpl::Partials partials;
    if (file.empty())
        return partials;
    const nlohmann::json json = readJsonFile(file, "partials file");
    const auto refuse = [&file] {
        throw CliError(ExitBadInput, "bad_input",
            "partials file " + quoted(file) + " must hold a JSON object of name/template strings",
            {{"file", file}});
    };
    if (!json.is_object())
        refuse();
    for (const auto &[name, text] : json.items()) {
        if (!text.is_string())
            refuse();
        partials.emplace(name, text.get<std::string>());
    }
    return partials;
}

void renderTemplate(const CliContext &ctx, const RenderArgs &args)
{
    const std::string text = readTextFile(args.templateFile, "template");
    const nlohmann::json data = args.dataFile.empty() ? nlohmann::json::object()
                                                      : readJsonFile(args.dataFile, "data file");
    const tmpl::Partials partials = readPartials(args.partialsFile);
    const tmpl::Escape escape = args.escape == "html" ? tmpl::Escape::Html : tmpl::Escape::None;

    std::string rendered;
    try {
        rendered = tmpl::renderMustache(text, data, escape, partials);
    } catch (const tmpl::TemplateError &error) {
        throw CliError(ExitBadInput, "template",
            templateErrorMessage("template " + quoted(args.templateFile), error),
            {{"file", args.templateFile}, {"line", error.line()}, {"column", error.column()}});
    }
    if (ctx.options.json)
        ctx.printJson({{"text", rendered}});
    else
        ctx.print(rendered);
}

} // namespace

void runRender(const CliContext &ctx, const RenderArgs &args)
{
    const bool hasTemplate = !args.templateFile.empty();
    if (hasTemplate == !args.ref.empty())
        throw CliError(ExitUsage, "usage",
            hasTemplate ? "render takes either a REF or --template FILE, not both"
                        : "render needs a REF or --template FILE (see --help)");
    if (hasTemplate && (!args.vars.empty() || !args.varsFile.empty()))
        throw CliError(ExitUsage, "usage",
            "--var and --vars apply to a version; a template takes --data FILE.json");
    if (hasTemplate)
        renderTemplate(ctx, args);
    else
        renderVersion(ctx, args);
}

} // namespace ps::cli
