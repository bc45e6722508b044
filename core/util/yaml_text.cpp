#include "util/yaml_text.h"

#include "util/json_depth.h"
#include "util/utf8.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <regex>

namespace ps::util {

using nlohmann::ordered_json;

YamlError::YamlError(int line, int column, const std::string &reason)
    : std::runtime_error(line > 0 ? "line " + std::to_string(line)
                  + (column > 0 ? ", column " + std::to_string(column) : std::string()) + ": " + reason
                                  : reason)
    , m_line(line)
    , m_column(column)
{ }

namespace {

bool isReservedWord(std::string lower)
{
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    // YAML 1.1's booleans too: readers that still follow it (PyYAML) read `on` and `no` so.
    static const char *const words[] = {"true", "false", "yes", "no", "on", "off", "y", "n", "null", "~"};
    return std::find(std::begin(words), std::end(words), lower) != std::end(words);
}

bool isPlainSafe(const std::string &text)
{
    if (text.empty() || isReservedWord(text))
        return false;
    const auto first = static_cast<unsigned char>(text.front());
    if (!(std::isalpha(first) || first == '_' || first == '/'))
        return false; // digits, signs and dots could read as numbers; indicators as syntax
    if (text.back() == ' ' || text.back() == ':')
        return false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c >= 0x80)
            continue; // UTF-8 text is plain text
        if (c < 0x20 || c == 0x7f)
            return false;
        // In block context only ": " and " #" end a plain scalar early; brackets and quotes
        // inside one are text.
        if (c == ':' && i + 1 < text.size() && text[i + 1] == ' ')
            return false;
        if (c == '#' && i > 0 && text[i - 1] == ' ')
            return false;
    }
    return true;
}

// A `|` block keeps every character of text whose lines hold no control characters and no line
// is only spaces (a block reads those as empty).
bool fitsBlock(const std::string &text)
{
    if (text.find('\n') == std::string::npos || text.find_first_not_of('\n') == std::string::npos)
        return false; // a block of line breaks only reads as empty text
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string::npos)
            end = text.size();
        const std::string_view line(text.data() + start, end - start);
        if (!line.empty() && line.find_first_not_of(' ') == std::string_view::npos)
            return false;
        for (const char ch : line) {
            const auto c = static_cast<unsigned char>(ch);
            if ((c < 0x20 && c != '\t') || c == 0x7f)
                return false;
        }
        if (line.starts_with('\t'))
            return false; // a tab cannot start a block's line
        start = end + 1;
    }
    return true;
}

void writeScalar(std::string &out, const ordered_json &value, int indent)
{
    if (!value.is_string()) {
        out += value.dump(); // null, booleans and numbers read back as written
        return;
    }
    const std::string &text = value.get_ref<const std::string &>();
    if (isPlainSafe(text)) {
        out += text;
        return;
    }
    if (!fitsBlock(text)) {
        out += ordered_json(text).dump(); // a JSON string is a YAML double-quoted scalar
        return;
    }
    std::size_t trailing = 0;
    while (trailing < text.size() && text[text.size() - 1 - trailing] == '\n')
        ++trailing;
    out += '|';
    if (text.front() == ' ' || text.front() == '\n')
        out += '2'; // the content's indentation, when its first line starts with a space
    out += trailing == 0 ? "-" : trailing == 1 ? "" : "+";
    const std::string pad(std::size_t(indent) + 2, ' ');
    std::size_t start = 0;
    const std::size_t end = text.size() - trailing;
    while (start <= end) {
        std::size_t stop = text.find('\n', start);
        if (stop == std::string::npos || stop > end)
            stop = end;
        const std::string_view line(text.data() + start, stop - start);
        out += '\n';
        if (!line.empty())
            out += pad + std::string(line);
        start = stop + 1;
    }
    for (std::size_t i = 1; i < trailing; ++i)
        out += '\n';
}

bool isCollection(const ordered_json &value)
{
    return (value.is_object() || value.is_array()) && !value.empty();
}

void writeValue(std::string &out, const ordered_json &value, int indent);

void writeMap(std::string &out, const ordered_json &map, int indent, bool firstInline)
{
    bool first = true;
    for (const auto &[key, item] : map.items()) {
        if (!(first && firstInline))
            out += '\n' + std::string(std::size_t(indent), ' ');
        first = false;
        writeScalar(out, ordered_json(key), indent);
        out += ':';
        if (isCollection(item)) {
            if (item.is_object()) {
                writeMap(out, item, indent + 2, false);
            } else {
                writeValue(out, item, indent); // sequences under a key sit at its indentation
            }
        } else {
            out += ' ';
            writeValue(out, item, indent);
        }
    }
}

void writeValue(std::string &out, const ordered_json &value, int indent)
{
    if (value.is_object() && !value.empty()) {
        writeMap(out, value, indent, true);
    } else if (value.is_array() && !value.empty()) {
        for (const ordered_json &item : value) {
            out += '\n' + std::string(std::size_t(indent), ' ') + "- ";
            if (item.is_object() && !item.empty())
                writeMap(out, item, indent + 2, true);
            else if (item.is_array() && !item.empty())
                out += item.dump(); // a list in a list: JSON's flow form is YAML too
            else
                writeValue(out, item, indent); // a block's text sits where the item's starts
        }
    } else if (value.is_object()) {
        out += "{}";
    } else if (value.is_array()) {
        out += "[]";
    } else {
        writeScalar(out, value, indent);
    }
}

constexpr std::size_t kMaxValues = 1'000'000;
constexpr std::size_t kMaxIndent = 1024;

int lineAt(std::string_view text, std::size_t offset)
{
    return 1 + int(std::count(text.begin(), text.begin() + std::ptrdiff_t(std::min(offset, text.size())), '\n'));
}

struct Reader
{
    std::size_t values = 0;

    ordered_json scalar(const YAML::Node &node) const
    {
        const std::string &text = node.Scalar();
        if (node.Tag() != "?")
            return text; // quoted, a block, or tagged: text as written
        static const std::regex integer(R"([-+]?[0-9]+)");
        static const std::regex decimal(R"([-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?)");
        if (text == "true" || text == "True" || text == "TRUE")
            return true;
        if (text == "false" || text == "False" || text == "FALSE")
            return false;
        if (text.empty() || text == "~" || text == "null" || text == "Null" || text == "NULL")
            return nullptr;
        if (text.size() < 40 && std::regex_match(text, integer)) {
            try {
                return std::stoll(text);
            } catch (const std::out_of_range &) {
                return text;
            }
        }
        if (text.size() < 60 && std::regex_match(text, decimal)) {
            try {
                return std::stod(text);
            } catch (const std::out_of_range &) {
                return text;
            }
        }
        return text;
    }

    ordered_json read(const YAML::Node &node, int depth)
    {
        if (++values > kMaxValues)
            throw YamlError(node.Mark().line + 1, node.Mark().column + 1,
                "more than a million values (aliases expanding without end?)");
        if (depth > kMaxJsonDepth)
            throw YamlError(node.Mark().line + 1, node.Mark().column + 1,
                "nested deeper than " + std::to_string(kMaxJsonDepth) + " levels");
        switch (node.Type()) {
        case YAML::NodeType::Null:
        case YAML::NodeType::Undefined:
            return nullptr;
        case YAML::NodeType::Scalar:
            return scalar(node);
        case YAML::NodeType::Sequence: {
            ordered_json list = ordered_json::array();
            for (const YAML::Node &item : node)
                list.push_back(read(item, depth + 1));
            return list;
        }
        case YAML::NodeType::Map: {
            ordered_json map = ordered_json::object();
            for (const auto &entry : node) {
                if (!entry.first.IsScalar())
                    throw YamlError(entry.first.Mark().line + 1, entry.first.Mark().column + 1,
                        "a key that is not text");
                map[entry.first.Scalar()] = read(entry.second, depth + 1);
            }
            return map;
        }
        }
        return nullptr;
    }
};

} // namespace

std::string yamlText(const ordered_json &value)
{
    std::string out;
    writeValue(out, value, 0);
    if (!out.empty() && out.front() == '\n')
        out.erase(0, 1);
    return out + "\n";
}

ordered_json parseYaml(std::string_view text)
{
    // yaml-cpp takes any bytes; JSON, and everything after it, takes UTF-8 only.
    for (std::size_t at = 0; at < text.size();) {
        const std::size_t length = decodeUtf8(text, at).length;
        if (length == 0)
            throw YamlError(lineAt(text, at), 0, "byte " + std::to_string(at) + " is not UTF-8 text");
        at += length;
    }
    // yaml-cpp's parser recurses once per level and has no limit of its own: deep nesting is
    // refused before it reads (flow brackets, and indentation with compact "- - -" entries).
    if (const std::size_t at = jsonDepthExceededAt(text); at != std::string_view::npos)
        throw YamlError(lineAt(text, at), 0, "nested deeper than " + std::to_string(kMaxJsonDepth) + " levels");
    std::size_t lineStart = 0;
    while (lineStart < text.size()) {
        const std::size_t prefix = text.find_first_not_of(" -?:", lineStart);
        if ((prefix == std::string_view::npos ? text.size() : prefix) - lineStart > kMaxIndent)
            throw YamlError(lineAt(text, lineStart), 0, "nested or indented too deeply");
        const std::size_t end = text.find('\n', lineStart);
        lineStart = end == std::string_view::npos ? text.size() : end + 1;
    }
    YAML::Node root;
    try {
        root = YAML::Load(std::string(text));
    } catch (const YAML::Exception &error) {
        throw YamlError(error.mark.line + 1, error.mark.column + 1, error.msg);
    }
    Reader reader;
    return reader.read(root, 0);
}

} // namespace ps::util
