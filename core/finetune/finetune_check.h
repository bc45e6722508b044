#pragma once

#include <nlohmann/json.hpp>

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// OpenAI's fine-tuning data checks: each line against the published schema, the checks and the
// summary of OpenAI's data-preparation guide (examples, messages and tokens per example,
// billing tokens, epochs) — what `finetune check` prints and `finetune export` runs on its file.
namespace ps::finetune {

enum class FinetuneFormat { Sft, Dpo };
const char *toString(FinetuneFormat format); // "openai-sft", "openai-dpo"
std::optional<FinetuneFormat> formatFromName(std::string_view name);
// The format a file's first object line is in: DPO when it has `input` or `preferred_output`.
FinetuneFormat detectFormat(std::string_view jsonl);

// Tokens in a text; the guide counts with cl100k_base.
using TokenCounter = std::function<long long(std::string_view)>;

struct CheckOptions
{
    long long tokenLimit = 4096; // the guide's MAX_TOKENS_PER_EXAMPLE
    // Empty: counted exactly in `encoding` (an estimate, said so, for an encoding not known).
    TokenCounter countTokens;
    std::string encoding = "cl100k_base";
};

// min, max, mean, median and the 10th and 90th percentiles (numpy's linear interpolation; the
// guide computes these two with quantile(0.1) and quantile(0.9)).
struct Distribution
{
    double min = 0, max = 0, mean = 0, median = 0, p10 = 0, p90 = 0;
    static Distribution of(std::vector<double> values);
    nlohmann::json toJson() const;
};

struct CheckProblem
{
    int line = 0; // 1-based
    std::string key; // an errors key
    std::string message;
};

struct CheckReport
{
    FinetuneFormat format = FinetuneFormat::Sft;
    int examples = 0; // non-blank lines
    // The guide's error keys (data_type, missing_messages_list, message_missing_key,
    // message_unrecognized_key, unrecognized_role, missing_content,
    // example_missing_assistant_message), and invalid_json, schema and, for preference data,
    // preferred_output / non_preferred_output: how many times each occurred.
    std::map<std::string, int> errors;
    // missing_system, missing_user, over_token_limit: examples each applies to.
    std::map<std::string, int> warnings;
    std::vector<CheckProblem> problems; // the first 50, by line
    Distribution messagesPerExample;
    Distribution tokensPerExample;
    Distribution assistantTokensPerExample;
    long long tokenLimit = 4096;
    long long billingTokens = 0; // sum of min(limit, tokens) over the examples
    int epochs = 0; // OpenAI's default for this many examples
    long long chargedTokens = 0; // billing tokens x epochs
    bool exactTokens = false;
    std::string encoding;

    bool ok() const { return errors.empty(); }
    // CLI.md's `finetune` document.
    nlohmann::json toJson() const;
    // The guide's printout, in sentences.
    std::string toText() const;
};

// Checks a JSONL file's text. Blank lines are skipped, as OpenAI's upload does.
CheckReport checkJsonl(std::string_view jsonl, FinetuneFormat format, const CheckOptions &options = {});

// OpenAI's default epochs for `examples` training examples (the guide's rule).
int defaultEpochs(int examples);

} // namespace ps::finetune
