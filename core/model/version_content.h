#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

// The content of one prompt version: messages, variables, parameters and
// few-shot examples, with its JSON form (CLI.md "Version content") and hash.
namespace ps::model {

// A version's content could not be read: `path` names the field ("messages[2].role").
class ContentError : public std::runtime_error
{
public:
    ContentError(std::string path, const std::string &reason)
        : std::runtime_error(path.empty() ? reason : path + ": " + reason)
        , m_path(std::move(path))
    { }
    const std::string &path() const { return m_path; }

private:
    std::string m_path;
};

// An image a user message shows the model: stored in the project once by the SHA-256 of its
// bytes (store::ImageStore), or a URL the provider fetches itself.
struct ImageRef
{
    std::string sha256; // of the bytes in the project; empty for a URL
    std::string url; // http(s); empty for a stored image
    std::string mediaType; // image/png, image/jpeg, image/gif or image/webp; empty for a URL
    int width = 0; // pixels; 0 for a URL (not known before the provider fetches it)
    int height = 0;
    std::string detail; // OpenAI's "low", "high" or "auto"; empty: the provider's default

    bool operator==(const ImageRef &) const = default;
    nlohmann::json toJson() const;
    // Throws ContentError naming `path` and the field.
    static ImageRef fromJson(const nlohmann::json &json, const std::string &path);
};

struct Message
{
    std::string role; // system, user, assistant or tool
    std::string content; // template text
    std::string toolCallId; // tool messages: the call this answers
    nlohmann::json toolCalls = nlohmann::json::array(); // assistant messages: mocked calls
    std::vector<ImageRef> images; // user messages: shown after the text

    bool operator==(const Message &) const = default;
};

struct Variable
{
    std::string name;
    std::string defaultValue;
    std::string description;

    bool operator==(const Variable &) const = default;
};

struct Params
{
    std::optional<double> temperature;
    std::optional<double> topP;
    std::optional<long long> maxTokens;
    std::vector<std::string> stop;
    std::optional<long long> seed;
    std::optional<std::string> reasoningEffort;
    nlohmann::json responseFormat; // null or {"type": ..., ...}
    nlohmann::json tools = nlohmann::json::array(); // [{"name", "description", "parameters"}]
    nlohmann::json extra = nlohmann::json::object(); // provider-specific keys, kept verbatim

    bool operator==(const Params &) const = default;

    // The normalised "params" object of a version's content.
    nlohmann::json toJson() const;
    // Reads a "params" object; throws ContentError naming the field ("params.temperature").
    static Params fromJson(const nlohmann::json &json);
    // These params with each key of `overrides` replacing ours (null clears it): a target's
    // parameters laid over a version's, checked exactly as a saved version's are.
    Params withOverrides(const nlohmann::json &overrides) const;
};

struct Example
{
    nlohmann::json input = nlohmann::json::object(); // variable name -> value
    std::string output;
    std::string note;
    bool enabled = true;
    std::vector<std::string> tags;
    // Shown with the example's question when examples go as turns (the user turn's images);
    // a section of examples is text, and carries none.
    std::vector<ImageRef> images;

    bool operator==(const Example &) const = default;
};

enum class ExamplesMode { Section, Turns };

struct VersionContent
{
    std::vector<Message> messages;
    std::vector<Variable> variables;
    Params params;
    std::vector<Example> examples;
    ExamplesMode examplesMode = ExamplesMode::Section;

    bool operator==(const VersionContent &) const = default;

    // Reads the CLI.md shape; only "messages" is required. Throws ContentError.
    static VersionContent fromJson(const nlohmann::json &json);
    // The normalised form: every field present, defaults filled, numbers typed.
    nlohmann::json toJson() const;
    // SHA-256 (lower-case hex) of toJson() as compact, key-sorted UTF-8.
    std::string contentHash() const;
};

const char *toString(ExamplesMode mode);
bool isValidRole(const std::string &role);

} // namespace ps::model
