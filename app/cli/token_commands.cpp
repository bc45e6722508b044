#include "token_commands.h"

#include "tokens/token_count.h"

#include <memory>
#include <stdexcept>

namespace ps::cli {

using nlohmann::json;

namespace {

struct TokenArgs
{
    std::optional<std::string> text;
    std::string file;
    std::string messages;
    std::string model;
    std::string encoding;
};

std::optional<tokens::Encoding> chosenEncoding(const TokenArgs &args, const std::string &model)
{
    if (!args.encoding.empty()) {
        const auto encoding = tokens::encodingFromName(args.encoding);
        if (!encoding)
            throw CliError(ExitUsage, "usage", "--encoding " + args.encoding + ": use o200k_base or cl100k_base");
        return encoding;
    }
    if (model.empty())
        return tokens::Encoding::O200kBase; // today's OpenAI models
    return tokens::encodingForModel(model);
}

void runTokens(const CliContext &ctx, const TokenArgs &args)
{
    const int sources = int(args.text.has_value()) + int(!args.file.empty()) + int(!args.messages.empty());
    if (sources != 1)
        throw CliError(ExitUsage, "usage", "give one of --text, --file and --messages");
    std::string model = args.model;
    tokens::TokenCount count;
    if (!args.messages.empty()) {
        const json document = readJsonFile(args.messages, "messages");
        // A whole request body counts its messages, for the model it names unless --model says.
        const bool isRequest = document.is_object() && document.contains("messages");
        if (isRequest && model.empty() && args.encoding.empty() && document.value("model", json()).is_string())
            model = document["model"].get<std::string>();
        try {
            count = tokens::countOpenAiMessages(isRequest ? document["messages"] : document, chosenEncoding(args, model));
        } catch (const std::invalid_argument &error) {
            throw CliError(ExitBadInput, "bad_input", quoted(args.messages) + ": " + error.what());
        }
    } else {
        const std::string text = args.text ? *args.text : readTextFile(args.file, "text");
        count = tokens::countText(text, chosenEncoding(args, model));
    }
    if (ctx.options.json) {
        ctx.printJson({{"tokens", count.tokens},
            {"encoding", count.encoding ? json(tokens::encodingName(*count.encoding)) : json(nullptr)},
            {"exact", count.exact}});
        return;
    }
    const std::string number = std::to_string(count.tokens) + (count.tokens == 1 ? " token" : " tokens");
    if (count.exact)
        ctx.print(number + " (" + std::string(tokens::encodingName(*count.encoding)) + ")\n");
    else if (count.encoding)
        ctx.print("about " + number + " (" + std::string(tokens::encodingName(*count.encoding))
            + "; tool calls have no published counting rule)\n");
    else
        ctx.print("about " + number + " (an estimate: no public encoding for " + model
            + "; about four characters a token)\n");
}

} // namespace

void addTokenCommand(CLI::App &app, CliContext &ctx, Action &action)
{
    auto args = std::make_shared<TokenArgs>();
    CLI::App *cmd = app.add_subcommand("tokens", "Count tokens exactly for OpenAI's models, or estimate for others");
    cmd->add_option("--text", args->text, "The text to count");
    cmd->add_option("--file", args->file, "A text file to count");
    cmd->add_option("--messages", args->messages,
        "A JSON array of chat messages, or a request body with \"messages\" (and \"model\")");
    CLI::Option *model
        = cmd->add_option("--model", args->model, "Count for this model (its encoding, or an estimate)");
    cmd->add_option("--encoding", args->encoding, "o200k_base (the default) or cl100k_base")->excludes(model);
    onChosen(cmd, action, [&ctx, args] { runTokens(ctx, *args); });
}

} // namespace ps::cli
