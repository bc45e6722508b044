// VersionDiff's two renderings: a stable JSON shape and text for a terminal.
#include "diff/version_diff.h"

#include <cmath>

namespace ps::diff {

using nlohmann::json;

namespace {

json indexJson(int index)
{
    return index >= 0 ? json(index) : json(nullptr);
}

json changesJson(const std::vector<ValueChange> &changes)
{
    json out = json::array();
    for (const ValueChange &change : changes)
        out.push_back({{"key", change.key}, {"before", change.before}, {"after", change.after}});
    return out;
}

json lineJson(const LineChange &line)
{
    json out = {{"kind", toString(line.kind)}, {"old", nullptr}, {"new", nullptr}};
    if (line.kind != ChangeKind::Added)
        out["old"] = line.oldText;
    if (line.kind != ChangeKind::Removed)
        out["new"] = line.newText;
    if (line.kind == ChangeKind::Changed) {
        json words = json::array();
        for (const WordSpan &word : line.words)
            words.push_back({{"kind", toString(word.kind)}, {"text", word.text}});
        out["words"] = std::move(words);
    }
    return out;
}

// Cuts at a code point boundary so a long value never ends in half a character.
std::string shortened(std::string text, std::size_t limit = 70)
{
    if (text.size() <= limit)
        return text;
    std::size_t cut = limit;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
        --cut;
    text.resize(cut);
    return text + "…";
}

} // namespace

std::string valueText(const json &value)
{
    if (value.is_null())
        return "unset";
    if (value.is_number_float()) {
        // 0.0 reads as 0, as the user typed it; 0.7 stays 0.7.
        const double number = value.get<double>();
        if (std::floor(number) == number && std::abs(number) < 1e15)
            return std::to_string(static_cast<long long>(number));
    }
    return shortened(value.dump());
}

namespace {

std::string changeText(const ValueChange &change)
{
    return change.key + " " + valueText(change.before) + " → " + valueText(change.after);
}

std::string capitalised(std::string role)
{
    if (!role.empty() && role[0] >= 'a' && role[0] <= 'z')
        role[0] = static_cast<char>(role[0] - 'a' + 'A');
    return role;
}

std::string markedLine(const LineChange &line, ChangeKind side)
{
    std::string out;
    for (const WordSpan &word : line.words) {
        if (word.kind == ChangeKind::Same)
            out += word.text;
        else if (word.kind == side)
            out += side == ChangeKind::Removed ? "[-" + word.text + "-]" : "{+" + word.text + "+}";
    }
    return out;
}

std::string messageHeader(const MessageDiff &message)
{
    const int number
        = (message.kind == ChangeKind::Removed ? message.oldIndex : message.newIndex) + 1;
    std::string header = message.kind == ChangeKind::Removed ? capitalised(message.oldRole)
                                                             : capitalised(message.newRole);
    if (message.kind == ChangeKind::Changed && message.oldRole != message.newRole)
        header = capitalised(message.oldRole) + " → " + capitalised(message.newRole);
    header += " (message " + std::to_string(number);
    if (message.kind == ChangeKind::Added)
        header += ", added";
    else if (message.kind == ChangeKind::Removed)
        header += ", removed";
    return header + ")\n";
}

// Changed lines with two lines of context each side; longer unchanged stretches become "…".
void appendLines(const std::vector<LineChange> &lines, std::string &out)
{
    constexpr std::size_t context = 2;
    std::vector<bool> shown(lines.size(), false);
    for (std::size_t i = 0; i < lines.size(); ++i) {
        if (lines[i].kind == ChangeKind::Same)
            continue;
        const std::size_t from = i >= context ? i - context : 0;
        for (std::size_t j = from; j < lines.size() && j <= i + context; ++j)
            shown[j] = true;
    }
    bool gap = false;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        if (!shown[i]) {
            gap = true;
            continue;
        }
        if (gap)
            out += "  …\n";
        gap = false;
        const LineChange &line = lines[i];
        switch (line.kind) {
        case ChangeKind::Same:
            out += "  " + line.newText + "\n";
            break;
        case ChangeKind::Added:
            out += "+ " + line.newText + "\n";
            break;
        case ChangeKind::Removed:
            out += "- " + line.oldText + "\n";
            break;
        case ChangeKind::Changed:
            out += "- " + markedLine(line, ChangeKind::Removed) + "\n";
            out += "+ " + markedLine(line, ChangeKind::Added) + "\n";
            break;
        }
    }
    if (gap)
        out += "  …\n";
}

// "Title" padded to a column, then one line per item, later ones aligned under the first.
void appendSection(
    const std::string &title, const std::vector<std::string> &items, std::string &out)
{
    constexpr std::size_t column = 12;
    const std::string pad(column, ' ');
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i == 0)
            out += title + std::string(title.size() < column ? column - title.size() : 1, ' ');
        else
            out += pad;
        out += items[i] + "\n";
    }
}

std::string exampleSummary(const std::vector<ExampleChange> &examples)
{
    int added = 0;
    int removed = 0;
    int changed = 0;
    for (const ExampleChange &example : examples) {
        added += example.kind == ChangeKind::Added;
        removed += example.kind == ChangeKind::Removed;
        changed += example.kind == ChangeKind::Changed;
    }
    std::string summary;
    auto part = [&](int count, const std::string &text) {
        if (count == 0)
            return;
        summary += (summary.empty() ? "" : ", ") + text;
    };
    part(added, "+" + std::to_string(added) + " added");
    part(removed, "-" + std::to_string(removed) + " removed");
    part(changed, std::to_string(changed) + " changed");
    return summary;
}

} // namespace

json VersionDiff::toJson() const
{
    json jsonMessages = json::array();
    for (const MessageDiff &message : messages) {
        json lines = json::array();
        for (const LineChange &line : message.lines)
            lines.push_back(lineJson(line));
        jsonMessages.push_back({{"kind", toString(message.kind)},
            {"old_index", indexJson(message.oldIndex)}, {"new_index", indexJson(message.newIndex)},
            {"old_role", message.oldIndex >= 0 ? json(message.oldRole) : json()},
            {"new_role", message.newIndex >= 0 ? json(message.newRole) : json()},
            {"lines", std::move(lines)}, {"fields", changesJson(message.fields)}});
    }
    json jsonExamples = json::array();
    for (const ExampleChange &example : examples)
        jsonExamples.push_back({{"kind", toString(example.kind)},
            {"old_index", indexJson(example.oldIndex)}, {"new_index", indexJson(example.newIndex)},
            {"fields", changesJson(example.fields)}, {"summary", example.summary}});
    json mode = nullptr;
    if (oldExamplesMode != newExamplesMode)
        mode = {{"before", oldExamplesMode}, {"after", newExamplesMode}};
    return {{"identical", identical()}, {"messages", std::move(jsonMessages)},
        {"params", changesJson(params)}, {"variables", changesJson(variables)},
        {"examples", std::move(jsonExamples)}, {"examples_mode", std::move(mode)}};
}

std::string VersionDiff::toText() const
{
    if (identical())
        return "No differences.\n";
    std::string out;
    for (const MessageDiff &message : messages) {
        if (message.kind == ChangeKind::Same)
            continue;
        if (!out.empty())
            out += "\n";
        out += messageHeader(message);
        appendLines(message.lines, out);
        for (const ValueChange &field : message.fields)
            out += "  " + changeText(field) + "\n";
    }
    if (!out.empty()
        && (!params.empty() || !variables.empty() || !examples.empty()
            || oldExamplesMode != newExamplesMode))
        out += "\n";

    std::vector<std::string> items;
    for (const ValueChange &param : params)
        items.push_back(changeText(param));
    appendSection("Parameters", items, out);

    items.clear();
    for (const ValueChange &variable : variables) {
        if (variable.before.is_null()) {
            items.push_back("+ " + variable.key);
        } else if (variable.after.is_null()) {
            items.push_back("- " + variable.key);
        } else {
            std::string item = "~ " + variable.key;
            for (const char *field : {"default", "description"}) {
                if (variable.before[field] != variable.after[field])
                    item += std::string("  ") + field + " " + valueText(variable.before[field])
                        + " → " + valueText(variable.after[field]);
            }
            items.push_back(item);
        }
    }
    appendSection("Variables", items, out);

    if (!examples.empty()) {
        items = {exampleSummary(examples)};
        for (const ExampleChange &example : examples) {
            if (example.kind == ChangeKind::Added) {
                items.push_back(
                    "+ #" + std::to_string(example.newIndex + 1) + "  " + example.summary);
            } else if (example.kind == ChangeKind::Removed) {
                items.push_back(
                    "- #" + std::to_string(example.oldIndex + 1) + "  " + example.summary);
            } else {
                std::string item = "~ #" + std::to_string(example.newIndex + 1) + " ";
                for (const ValueChange &field : example.fields)
                    item += " " + changeText(field);
                items.push_back(item);
            }
        }
        appendSection("Examples", items, out);
    }
    if (oldExamplesMode != newExamplesMode)
        appendSection("Examples mode", {oldExamplesMode + " → " + newExamplesMode}, out);
    return out;
}

} // namespace ps::diff
