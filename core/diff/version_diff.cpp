#include "diff/version_diff.h"

#include "diff/text_diff.h"

#include <map>

namespace ps::diff {

using nlohmann::json;

namespace {

std::string messageKey(const model::Message &message)
{
    // NUL cannot appear in JSON-read text unescaped, and the length prefix keeps it unambiguous.
    std::string key = message.role;
    key += '\0';
    key += std::to_string(message.content.size());
    key += '\0';
    key += message.content;
    key += '\0';
    key += message.toolCallId;
    key += '\0';
    key += message.toolCalls.dump();
    return key;
}

std::vector<std::string_view> viewsOf(const std::vector<std::string> &keys)
{
    return {keys.begin(), keys.end()};
}

MessageDiff diffMessage(const Aligned &step, const std::vector<model::Message> &before,
    const std::vector<model::Message> &after)
{
    MessageDiff out;
    out.kind = step.kind;
    out.oldIndex = step.oldIndex;
    out.newIndex = step.newIndex;
    const model::Message *oldMessage
        = step.oldIndex >= 0 ? &before[static_cast<std::size_t>(step.oldIndex)] : nullptr;
    const model::Message *newMessage
        = step.newIndex >= 0 ? &after[static_cast<std::size_t>(step.newIndex)] : nullptr;
    if (oldMessage)
        out.oldRole = oldMessage->role;
    if (newMessage)
        out.newRole = newMessage->role;

    switch (step.kind) {
    case ChangeKind::Same:
        break;
    case ChangeKind::Added:
        for (std::string_view line : splitLines(newMessage->content))
            out.lines.push_back({ChangeKind::Added, {}, std::string(line), {}});
        break;
    case ChangeKind::Removed:
        for (std::string_view line : splitLines(oldMessage->content))
            out.lines.push_back({ChangeKind::Removed, std::string(line), {}, {}});
        break;
    case ChangeKind::Changed:
        out.lines = diffLines(oldMessage->content, newMessage->content);
        if (oldMessage->toolCallId != newMessage->toolCallId)
            out.fields.push_back({"tool_call_id", oldMessage->toolCallId, newMessage->toolCallId});
        if (oldMessage->toolCalls != newMessage->toolCalls)
            out.fields.push_back({"tool_calls", oldMessage->toolCalls, newMessage->toolCalls});
        break;
    }
    return out;
}

std::vector<ValueChange> diffObjects(
    const json &before, const json &after, const std::string &prefix = {})
{
    // Keys in sorted order (nlohmann objects are maps), each once.
    std::map<std::string, std::pair<json, json>> keys;
    for (const auto &[key, value] : before.items())
        keys[key].first = value;
    for (const auto &[key, value] : after.items())
        keys[key].second = value;
    std::vector<ValueChange> changes;
    for (auto &[key, values] : keys) {
        if (values.first != values.second)
            changes.push_back({prefix + key, std::move(values.first), std::move(values.second)});
    }
    return changes;
}

std::vector<ValueChange> diffVariables(
    const std::vector<model::Variable> &before, const std::vector<model::Variable> &after)
{
    auto toJson = [](const model::Variable &variable) {
        return json {{"name", variable.name}, {"default", variable.defaultValue},
            {"description", variable.description}};
    };
    auto find = [](const std::vector<model::Variable> &list, const std::string &name) {
        for (const model::Variable &variable : list) {
            if (variable.name == name)
                return &variable;
        }
        return static_cast<const model::Variable *>(nullptr);
    };
    std::vector<ValueChange> changes;
    for (const model::Variable &old : before) {
        const model::Variable *now = find(after, old.name);
        if (!now)
            changes.push_back({old.name, toJson(old), nullptr});
        else if (!(*now == old))
            changes.push_back({old.name, toJson(old), toJson(*now)});
    }
    for (const model::Variable &now : after) {
        if (!find(before, now.name))
            changes.push_back({now.name, nullptr, toJson(now)});
    }
    return changes;
}

json exampleJson(const model::Example &example)
{
    return {{"input", example.input}, {"output", example.output}, {"note", example.note},
        {"enabled", example.enabled}, {"tags", example.tags}};
}

// At most `limit` characters of `text` (UTF-8 aware), on one line, with "…" when cut.
std::string gist(const std::string &text, std::size_t limit)
{
    std::string out;
    std::size_t characters = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(text[i]);
        const bool continuation = (c & 0xC0) == 0x80;
        if (!continuation && ++characters > limit) {
            out += "…";
            return out;
        }
        out.push_back(c == '\n' || c == '\r' || c == '\t' ? ' ' : text[i]);
    }
    return out;
}

std::string exampleSummary(const model::Example &example)
{
    std::string out;
    for (const auto &[name, value] : example.input.items()) {
        if (!out.empty())
            out += ", ";
        out += name + "=\"" + gist(value.is_string() ? value.get<std::string>() : value.dump(), 48)
            + "\"";
    }
    out += " → " + gist(example.output, 32);
    if (!example.enabled)
        out += " (disabled)";
    return out;
}

std::vector<ExampleChange> diffExamples(
    const std::vector<model::Example> &before, const std::vector<model::Example> &after)
{
    std::vector<json> oldJson;
    std::vector<json> newJson;
    std::vector<std::string> oldKeys;
    std::vector<std::string> newKeys;
    for (const model::Example &example : before) {
        oldJson.push_back(exampleJson(example));
        oldKeys.push_back(oldJson.back().dump());
    }
    for (const model::Example &example : after) {
        newJson.push_back(exampleJson(example));
        newKeys.push_back(newJson.back().dump());
    }
    std::vector<ExampleChange> changes;
    for (const Aligned &step : alignKeys(viewsOf(oldKeys), viewsOf(newKeys), true)) {
        if (step.kind == ChangeKind::Same)
            continue;
        ExampleChange change {step.kind, step.oldIndex, step.newIndex, {}, {}};
        change.summary = exampleSummary(step.newIndex >= 0 ? after[std::size_t(step.newIndex)]
                                                           : before[std::size_t(step.oldIndex)]);
        if (step.kind == ChangeKind::Changed) {
            json &oldExample = oldJson[static_cast<std::size_t>(step.oldIndex)];
            json &newExample = newJson[static_cast<std::size_t>(step.newIndex)];
            // Inputs per variable, so "input.ticket" says which value moved.
            change.fields = diffObjects(oldExample["input"], newExample["input"], "input.");
            oldExample.erase("input");
            newExample.erase("input");
            for (ValueChange &field : diffObjects(oldExample, newExample))
                change.fields.push_back(std::move(field));
        }
        changes.push_back(std::move(change));
    }
    return changes;
}

} // namespace

const char *toString(ChangeKind kind)
{
    switch (kind) {
    case ChangeKind::Same:
        return "same";
    case ChangeKind::Added:
        return "added";
    case ChangeKind::Removed:
        return "removed";
    case ChangeKind::Changed:
        return "changed";
    }
    return "same";
}

bool VersionDiff::identical() const
{
    for (const MessageDiff &message : messages) {
        if (message.kind != ChangeKind::Same)
            return false;
    }
    return params.empty() && variables.empty() && examples.empty()
        && oldExamplesMode == newExamplesMode;
}

VersionDiff diffVersions(const model::VersionContent &before, const model::VersionContent &after)
{
    VersionDiff diff;

    std::vector<std::string> oldKeys;
    std::vector<std::string> newKeys;
    for (const model::Message &message : before.messages)
        oldKeys.push_back(messageKey(message));
    for (const model::Message &message : after.messages)
        newKeys.push_back(messageKey(message));
    for (const Aligned &step : alignKeys(viewsOf(oldKeys), viewsOf(newKeys), true))
        diff.messages.push_back(diffMessage(step, before.messages, after.messages));

    // The normalised form, so a param absent on one side compares as its default.
    diff.params = diffObjects(before.toJson()["params"], after.toJson()["params"]);
    diff.variables = diffVariables(before.variables, after.variables);
    diff.examples = diffExamples(before.examples, after.examples);
    diff.oldExamplesMode = model::toString(before.examplesMode);
    diff.newExamplesMode = model::toString(after.examplesMode);
    return diff;
}

} // namespace ps::diff
