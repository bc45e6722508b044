#pragma once

// The promptsmith-cli commands, each a function of its parsed arguments (cli_app.cpp does the
// parsing).

#include "cli_context.h"

#include <optional>
#include <string>
#include <vector>

namespace ps::cli {

// project_commands.cpp
struct InitArgs
{
    std::string file;
    bool demo = false;
};
void runInit(const CliContext &ctx, const InitArgs &args);
void runInfo(const CliContext &ctx);

struct PromptAddArgs
{
    std::string name;
    std::string description;
    std::vector<std::string> tags;
};
void runPromptAdd(const CliContext &ctx, const PromptAddArgs &args);
void runPromptList(const CliContext &ctx);

// version_commands.cpp
struct VersionSaveArgs
{
    std::string name;
    std::string fromFile;
    std::string message;
    std::optional<std::string> parent;
    std::optional<std::string> author;
};
void runVersionSave(const CliContext &ctx, const VersionSaveArgs &args);
void runVersionList(const CliContext &ctx, const std::string &name);
void runVersionShow(const CliContext &ctx, const std::string &ref);
void runVersionDiff(const CliContext &ctx, const std::string &refA, const std::string &refB);

struct LabelSetArgs
{
    std::string name;
    std::string label;
    int number = 0;
};
void runLabelSet(const CliContext &ctx, const LabelSetArgs &args);

// render_command.cpp
struct RenderArgs
{
    std::string ref; // empty with --template
    std::vector<std::string> vars; // K=V
    std::string varsFile;
    std::string templateFile;
    std::string dataFile;
    std::string partialsFile;
    std::string escape = "none";
};
void runRender(const CliContext &ctx, const RenderArgs &args);

} // namespace ps::cli
