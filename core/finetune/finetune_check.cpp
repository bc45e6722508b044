#include "finetune/finetune_check.h"

#include "tokens/token_count.h"

#include "eval/json_schema.h"
#include "eval/schema_resources.h"
#include "util/number_text.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <set>

namespace ps::finetune {

namespace {

using nlohmann::json;

constexpr std::size_t maxProblems = 50;

// OpenAI's published input schemas (resources/schemas), one compiled validator per format.
const eval::JsonSchema &schemaFor(FinetuneFormat format)
{
    static const auto compile = [](const char *definition) {
        json schema = json::parse(*eval::schemaResource("openai-finetune-schemas.json"));
        // The file is draft 2020-12; valijson reads its keywords here as draft 7 does, and a
        // root reference picks the format's definition out of $defs.
        schema.erase("$schema");
        schema["$ref"] = std::string("#/$defs/") + definition;
        return std::make_unique<eval::JsonSchema>(schema);
    };
    static const auto sft = compile("FineTuneChatRequestInput");
    static const auto dpo = compile("FineTunePreferenceRequestInput");
    return format == FinetuneFormat::Sft ? *sft : *dpo;
}

// The guide counts with a public encoding: exactly that, else about four characters a token.
TokenCounter exactCounter(const std::string &encodingName)
{
    const auto encoding = tokens::encodingFromName(encodingName);
    if (!encoding)
        return [](std::string_view text) { return tokens::estimateTokens(text); };
    return [encoding = *encoding](std::string_view text) {
        return static_cast<long long>(tokens::BpeEncoding::get(encoding).count(text));
    };
}

class Checker
{
public:
    Checker(FinetuneFormat format, const CheckOptions &options)
        : m_format(format)
        , m_options(options)
        , m_count(options.countTokens ? options.countTokens : exactCounter(options.encoding))
    {
        m_report.format = format;
        m_report.tokenLimit = options.tokenLimit;
        m_report.exactTokens = bool(options.countTokens) || tokens::encodingFromName(options.encoding).has_value();
        m_report.encoding = options.encoding;
    }

    void line(int number, std::string_view text)
    {
        ++m_report.examples;
        m_line = number;
        json example;
        try {
            example = json::parse(text);
        } catch (const json::exception &error) {
            problem("invalid_json", std::string("not JSON: ") + error.what());
            return;
        }
        if (!example.is_object()) {
            problem("data_type", "not a JSON object");
            return;
        }
        if (m_format == FinetuneFormat::Sft)
            supervised(example);
        else
            preference(example);
        // After the guide's checks, whose sentences say more plainly what is wrong.
        if (const std::string violation = schemaFor(m_format).violation(example); !violation.empty())
            problem("schema", std::string("does not match OpenAI's ")
                    + (m_format == FinetuneFormat::Sft ? "supervised" : "preference")
                    + " fine-tuning schema: " + violation);
    }

    CheckReport finish()
    {
        m_report.messagesPerExample = Distribution::of(m_messages);
        m_report.tokensPerExample = Distribution::of(m_tokens);
        m_report.assistantTokensPerExample = Distribution::of(m_assistantTokens);
        m_report.epochs = defaultEpochs(m_report.examples);
        for (double tokens : m_tokens)
            m_report.billingTokens += std::min(m_options.tokenLimit, static_cast<long long>(tokens));
        m_report.chargedTokens = m_report.billingTokens * m_report.epochs;
        return std::move(m_report);
    }

private:
    void problem(const std::string &key, std::string message)
    {
        ++m_report.errors[key];
        if (m_report.problems.size() < maxProblems)
            m_report.problems.push_back({m_line, key, std::move(message)});
    }

    void warn(const std::string &key) { ++m_report.warnings[key]; }

    // The guide's checks of one message list; `needsAssistant` for supervised examples.
    bool messagesValid(const json &messages, const std::string &where, bool needsAssistant)
    {
        if (!messages.is_array() || messages.empty()) {
            problem("missing_messages_list", "no " + where + " list, or an empty one");
            return false;
        }
        static const std::set<std::string> knownKeys {"role", "content", "name", "function_call",
            "weight", "tool_calls", "tool_call_id"};
        static const std::set<std::string> knownRoles {"system", "user", "assistant", "function", "tool"};
        for (std::size_t i = 0; i < messages.size(); ++i) {
            const json &message = messages[i];
            const std::string at = where + "[" + std::to_string(i) + "]";
            if (!message.is_object() || !message.contains("role") || !message.contains("content")) {
                problem("message_missing_key", at + " has no role or no content");
                if (!message.is_object())
                    continue;
            }
            for (const auto &[key, value] : message.items())
                if (!knownKeys.contains(key)) {
                    problem("message_unrecognized_key", at + " has a key OpenAI does not read: \"" + key + "\"");
                    break;
                }
            const json role = message.value("role", json());
            if (!role.is_string() || !knownRoles.contains(role.get<std::string>()))
                problem("unrecognized_role", at + " has the role " + role.dump()
                        + (role == "developer" ? " (fine-tuning data says system)" : ""));
            const json content = message.value("content", json());
            const bool calls = message.contains("function_call") || message.contains("tool_calls");
            const bool hasText = (content.is_string() && !content.get<std::string>().empty())
                || (content.is_array() && !content.empty());
            if (!hasText && !(calls && (content.is_null() || content.is_string())))
                problem("missing_content", at + " has no text");
        }
        if (needsAssistant
            && std::none_of(messages.begin(), messages.end(), [](const json &m) {
                   return m.is_object() && m.value("role", json()) == "assistant";
               }))
            problem("example_missing_assistant_message", "no assistant message to learn from");
        return true;
    }

    // Tokens as the guide counts them: 3 a message, each string value, 1 more for a name, 3
    // for the reply.
    long long messageTokens(const json &messages) const
    {
        long long tokens = 3;
        for (const json &message : messages) {
            tokens += 3;
            if (!message.is_object())
                continue;
            for (const auto &[key, value] : message.items()) {
                if (value.is_string())
                    tokens += m_count(value.get_ref<const std::string &>());
                else if (value.is_array() || value.is_object())
                    tokens += m_count(value.dump());
                if (key == "name")
                    tokens += 1;
            }
        }
        return tokens;
    }

    long long assistantTokens(const json &messages) const
    {
        long long tokens = 0;
        for (const json &message : messages)
            if (message.is_object() && message.value("role", json()) == "assistant"
                && message.contains("content") && message["content"].is_string())
                tokens += m_count(message["content"].get_ref<const std::string &>());
        return tokens;
    }

    void figures(const json &messages, const json &outputs)
    {
        auto hasRole = [&](const char *role) {
            return std::any_of(messages.begin(), messages.end(),
                [&](const json &m) { return m.is_object() && m.value("role", json()) == role; });
        };
        if (!hasRole("system"))
            warn("missing_system");
        if (!hasRole("user"))
            warn("missing_user");
        json all = messages;
        for (const json &output : outputs)
            all.push_back(output);
        const long long tokens = messageTokens(all);
        m_messages.push_back(double(messages.size()));
        m_tokens.push_back(double(tokens));
        m_assistantTokens.push_back(double(assistantTokens(outputs.empty() ? messages : outputs)));
        if (tokens > m_options.tokenLimit)
            warn("over_token_limit");
    }

    void supervised(const json &example)
    {
        const json messages = example.value("messages", json());
        if (!messagesValid(messages, "messages", true))
            return;
        figures(messages, json::array());
    }

    // A preference example: an input conversation, and one preferred and one non-preferred
    // assistant message.
    void preference(const json &example)
    {
        const json input = example.value("input", json::object());
        const json messages = input.is_object() ? input.value("messages", json()) : json();
        const bool inputValid = messagesValid(messages, "input.messages", false);
        json outputs = json::array();
        for (const char *side : {"preferred_output", "non_preferred_output"}) {
            const json output = example.value(side, json());
            if (!output.is_array() || output.size() != 1 || !output[0].is_object()
                || output[0].value("role", json()) != "assistant") {
                problem(side, std::string(side) + " must hold exactly one assistant message");
                continue;
            }
            const json content = output[0].value("content", json());
            if (!content.is_string() || content.get<std::string>().empty())
                problem(side, std::string(side) + " has no text");
            outputs.push_back(output[0]);
        }
        if (inputValid)
            figures(messages, outputs);
    }

    FinetuneFormat m_format;
    CheckOptions m_options;
    TokenCounter m_count;
    CheckReport m_report;
    int m_line = 0;
    std::vector<double> m_messages, m_tokens, m_assistantTokens;
};

// Numbers as Python prints them in the guide, without its float noise: 3.8, 6.6, 20.
std::string plain(double value)
{
    if (value == std::floor(value) && std::abs(value) < 1e15)
        return std::to_string(static_cast<long long>(value));
    std::string text = util::fixed(value, 2);
    while (text.back() == '0')
        text.pop_back();
    return text;
}

} // namespace

const char *toString(FinetuneFormat format)
{
    return format == FinetuneFormat::Sft ? "openai-sft" : "openai-dpo";
}

std::optional<FinetuneFormat> formatFromName(std::string_view name)
{
    if (name == "openai-sft")
        return FinetuneFormat::Sft;
    if (name == "openai-dpo")
        return FinetuneFormat::Dpo;
    return std::nullopt;
}

FinetuneFormat detectFormat(std::string_view jsonl)
{
    std::size_t start = 0;
    while (start < jsonl.size()) {
        const std::size_t end = std::min(jsonl.find('\n', start), jsonl.size());
        const json line = json::parse(jsonl.substr(start, end - start), nullptr, false);
        if (line.is_object())
            return line.contains("input") || line.contains("preferred_output") ? FinetuneFormat::Dpo
                                                                              : FinetuneFormat::Sft;
        start = end + 1;
    }
    return FinetuneFormat::Sft;
}

int defaultEpochs(int examples)
{
    constexpr int target = 3, minExamples = 100, maxExamples = 25000, minEpochs = 1, maxEpochs = 25;
    if (examples <= 0)
        return 0;
    if (examples * target < minExamples)
        return std::min(maxEpochs, minExamples / examples);
    if (examples * target > maxExamples)
        return std::max(minEpochs, maxExamples / examples);
    return target;
}

Distribution Distribution::of(std::vector<double> values)
{
    Distribution d;
    if (values.empty())
        return d;
    std::sort(values.begin(), values.end());
    // numpy.quantile's default: linear between the two nearest ranks.
    auto quantile = [&](double q) {
        const double position = q * double(values.size() - 1);
        const auto below = static_cast<std::size_t>(std::floor(position));
        const std::size_t above = std::min(below + 1, values.size() - 1);
        return values[below] + (position - double(below)) * (values[above] - values[below]);
    };
    d.min = values.front();
    d.max = values.back();
    d.mean = std::accumulate(values.begin(), values.end(), 0.0) / double(values.size());
    d.median = quantile(0.5);
    d.p10 = quantile(0.1);
    d.p90 = quantile(0.9);
    return d;
}

json Distribution::toJson() const
{
    return {{"min", min}, {"max", max}, {"mean", mean}, {"median", median}, {"p10", p10}, {"p90", p90}};
}

CheckReport checkJsonl(std::string_view jsonl, FinetuneFormat format, const CheckOptions &options)
{
    Checker checker(format, options);
    int number = 0;
    std::size_t start = 0;
    while (start < jsonl.size()) {
        const std::size_t end = std::min(jsonl.find('\n', start), jsonl.size());
        ++number;
        std::string_view text = jsonl.substr(start, end - start);
        if (!text.empty() && text.back() == '\r')
            text.remove_suffix(1);
        if (text.find_first_not_of(" \t") != std::string_view::npos)
            checker.line(number, text);
        start = end + 1;
    }
    return checker.finish();
}

json CheckReport::toJson() const
{
    json problemList = json::array();
    for (const CheckProblem &problem : problems)
        problemList.push_back({{"line", problem.line}, {"key", problem.key}, {"message", problem.message}});
    return {{"format", toString(format)}, {"examples", examples}, {"errors", errors},
        {"warnings", warnings}, {"problems", std::move(problemList)},
        {"messages_per_example", messagesPerExample.toJson()},
        {"tokens_per_example", tokensPerExample.toJson()},
        {"assistant_tokens_per_example", assistantTokensPerExample.toJson()},
        {"token_limit", tokenLimit}, {"billing_tokens", billingTokens}, {"epochs", epochs},
        {"charged_tokens", chargedTokens}, {"exact", exactTokens}, {"encoding", encoding}};
}

std::string CheckReport::toText() const
{
    const std::string estimate = exactTokens ? "" : " (estimate)";
    std::string out = "Examples: " + util::grouped(examples) + " (" + toString(format) + ")\n";
    if (errors.empty()) {
        out += "No errors found\n";
    } else {
        out += "Errors:\n";
        for (const auto &[key, count] : errors)
            out += "  " + key + ": " + std::to_string(count) + "\n";
        for (const CheckProblem &problem : problems)
            out += "  line " + std::to_string(problem.line) + ": " + problem.message + "\n";
    }
    const auto warning = [&](const std::string &key) {
        const auto found = warnings.find(key);
        return std::to_string(found == warnings.end() ? 0 : found->second);
    };
    out += "Examples missing a system message: " + warning("missing_system") + "\n";
    out += "Examples missing a user message: " + warning("missing_user") + "\n";
    const auto distribution = [&](const std::string &name, const Distribution &d) {
        out += name + ": min / max " + plain(d.min) + ", " + plain(d.max) + "; mean / median "
            + plain(d.mean) + ", " + plain(d.median) + "; p10 / p90 " + plain(d.p10) + ", "
            + plain(d.p90) + "\n";
    };
    distribution("Messages per example", messagesPerExample);
    distribution("Tokens per example" + estimate, tokensPerExample);
    distribution("Assistant tokens per example" + estimate, assistantTokensPerExample);
    const std::string overLimit = warning("over_token_limit");
    out += overLimit + (overLimit == "1" ? " example" : " examples") + " may be over the "
        + util::grouped(tokenLimit) + "-token limit; " + (overLimit == "1" ? "it" : "they")
        + " will be truncated during fine-tuning\n";
    out += "Dataset has ~" + util::grouped(billingTokens) + " tokens that will be charged for during training"
        + estimate + "\n";
    out += "By default, you'll train for " + std::to_string(epochs) + " epochs on this dataset\n";
    out += "By default, you'll be charged for ~" + util::grouped(chargedTokens) + " tokens" + estimate + "\n";
    if (!exactTokens)
        out += "Token counts are estimates (about four characters a token), not " + encoding + "'s.\n";
    return out;
}

} // namespace ps::finetune
