#include "share_commands.h"

#include "share/git_repository.h"
#include "share/prompt_share.h"
#include "store/version_queries.h"

#include <memory>

namespace ps::cli {

using nlohmann::json;

namespace {

struct InitArgs
{
    std::string remote;
    std::string path = "prompts";
    std::string branch;
};

json statusJson(const share::ShareStatus &status)
{
    return {{"remote", status.remote}, {"path", status.path}, {"branch", status.branch}, {"ahead", status.ahead},
        {"behind", status.behind}, {"last_sync", status.lastSync.empty() ? json() : json(status.lastSync)}};
}

std::string statusText(const share::ShareStatus &status)
{
    return "Shared through " + status.remote + " (" + status.branch + ", folder " + status.path + ")\n"
        + std::to_string(status.ahead) + (status.ahead == 1 ? " version" : " versions") + " here not pushed, "
        + std::to_string(status.behind) + (status.behind == 1 ? " commit" : " commits") + " there not pulled"
        + (status.lastSync.empty() ? ", never synced\n" : ", last synced " + status.lastSync + "\n");
}

json pullJson(const share::PullResult &pulled)
{
    json prompts = json::array();
    for (const share::PulledPrompt &prompt : pulled.prompts)
        prompts.push_back({{"prompt", prompt.name}, {"added", prompt.added}, {"created", prompt.created},
            {"both_changed", prompt.bothChanged}});
    return {{"prompts", prompts}, {"versions_added", pulled.versionsAdded()}, {"labels", pulled.labels},
        {"label_conflicts", pulled.labelConflicts}, {"datasets", pulled.datasets}, {"commits", pulled.commits}};
}

std::string pullText(const share::PullResult &pulled)
{
    std::string text;
    for (const share::PulledPrompt &prompt : pulled.prompts) {
        if (prompt.added == 0)
            continue;
        text += "  " + prompt.name + ": " + std::to_string(prompt.added) + (prompt.added == 1 ? " version" : " versions")
            + (prompt.created ? " (a new prompt)" : "")
            + (prompt.bothChanged ? " — changed here and there: both lines of versions are kept" : "") + "\n";
    }
    for (const std::string &label : pulled.labels)
        text += "  label " + label + "\n";
    for (const std::string &dataset : pulled.datasets)
        text += "  dataset " + dataset + "\n";
    return text;
}

template <typename Work>
auto shared(Work &&work)
{
    try {
        return work();
    } catch (const share::ShareError &error) {
        throw CliError(ExitBadInput, "share", error.what());
    }
}

} // namespace

void addShareCommands(CLI::App &app, CliContext &ctx, Action &action)
{
    CLI::App *shareCmd = app.add_subcommand("share", "Share the project's prompts through a git repository");
    shareCmd->require_subcommand(1);

    auto initArgs = std::make_shared<InitArgs>();
    CLI::App *init = shareCmd->add_subcommand("init", "Connect the project to a repository and a folder in it");
    init->add_option("REPO", initArgs->remote, "A path, file://, ssh:// or https:// URL")->required();
    init->add_option("--path", initArgs->path, "The folder in the repository (default: prompts)");
    init->add_option("--branch", initArgs->branch, "The branch (default: the remote's HEAD, or main)");
    onChosen(init, action, [&ctx, initArgs] {
        const store::Project project = ctx.openProject(store::ProjectAccess::Read);
        const share::ShareStatus status
            = shared([&] { return share::shareInit(project, {initArgs->remote, initArgs->path, initArgs->branch}); });
        if (ctx.options.json)
            ctx.printJson(statusJson(status));
        else
            ctx.print(statusText(status));
    });

    auto message = std::make_shared<std::string>();
    CLI::App *push = shareCmd->add_subcommand("push", "Commit the versions the repository lacks and push them");
    push->add_option("-m,--message", *message, "The message of the labels' and datasets' commits");
    onChosen(push, action, [&ctx, message] {
        store::Project project = ctx.openProject(store::ProjectAccess::Write);
        const share::PushResult pushed
            = shared([&] { return share::sharePush(project, resolveAuthor(std::nullopt), store::utcNow(), *message); });
        if (ctx.options.json) {
            ctx.printJson({{"pushed", pushed.versionsPushed}, {"commits", pushed.commits}, {"head", pushed.head},
                {"pulled", pullJson(pushed.pulled)}});
            return;
        }
        for (const std::string &conflict : pushed.pulled.labelConflicts)
            ctx.warn(conflict);
        std::string text;
        if (pushed.pulled.versionsAdded() > 0)
            text += "Pulled first:\n" + pullText(pushed.pulled);
        text += "Pushed " + std::to_string(pushed.versionsPushed) + (pushed.versionsPushed == 1 ? " version" : " versions")
            + " in " + std::to_string(pushed.commits) + (pushed.commits == 1 ? " commit" : " commits")
            + (pushed.head.empty() ? "" : " (" + pushed.head.substr(0, 8) + ")") + ".\n";
        ctx.print(text);
    });

    CLI::App *pull = shareCmd->add_subcommand("pull", "Add the versions made elsewhere; nothing here is changed");
    onChosen(pull, action, [&ctx] {
        store::Project project = ctx.openProject(store::ProjectAccess::Write);
        const share::PullResult pulled = shared([&] { return share::sharePull(project, store::utcNow()); });
        for (const std::string &conflict : pulled.labelConflicts)
            ctx.warn(conflict);
        if (ctx.options.json)
            ctx.printJson(pullJson(pulled));
        else
            ctx.print("Pulled " + std::to_string(pulled.versionsAdded())
                + (pulled.versionsAdded() == 1 ? " version" : " versions") + " from "
                + std::to_string(pulled.commits) + (pulled.commits == 1 ? " commit" : " commits") + ".\n"
                + pullText(pulled));
    });

    CLI::App *status = shareCmd->add_subcommand("status", "What is here and not there, and there and not here");
    onChosen(status, action, [&ctx] {
        const store::Project project = ctx.openProject(store::ProjectAccess::Read);
        const share::ShareStatus found = shared([&] { return share::shareStatus(project); });
        if (ctx.options.json)
            ctx.printJson(statusJson(found));
        else
            ctx.print(statusText(found));
    });
}

} // namespace ps::cli
