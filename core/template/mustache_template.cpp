// Renders a parsed Mustache template against JSON data, and lists the names it reads.
#include "template/mustache_template.h"

#include "template/mustache_node.h"

#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

namespace ps::tmpl {

namespace {

using Node = MustacheTemplate::Node;
using nlohmann::json;

// Deep enough for any real prompt, shallow enough to stop a partial that includes itself.
constexpr int maxPartialDepth = 100;
// A prompt is sent to a model: no context window takes more than a few MB. Sections nested over
// a list repeat exponentially ("template bombs"), so both what is written and the work done to
// write it are capped, and rendering stops with an error instead of running for hours.
constexpr std::size_t maxRenderedBytes = 16u << 20;
// A step is a node rendered or a context searched for a name, so a deep stack costs its depth.
constexpr long long maxRenderSteps = 2'000'000;
// How often the innermost body may repeat: the product of the lengths of the lists around it.
// Checked on entering a section, so a bomb is refused before its first deep repetition rather
// than after millions of steps; 2,000 examples with 100 tags each is 200,000.
constexpr double maxRepeats = 1'000'000;

// JavaScript truthiness, as the spec's sections describe: false, null, 0, "" and [] are falsy.
bool isTruthy(const json &value)
{
    switch (value.type()) {
    case json::value_t::null:
    case json::value_t::discarded:
        return false;
    case json::value_t::boolean:
        return value.get<bool>();
    case json::value_t::number_integer:
        return value.get<std::int64_t>() != 0;
    case json::value_t::number_unsigned:
        return value.get<std::uint64_t>() != 0;
    case json::value_t::number_float:
        return value.get<double>() != 0.0;
    case json::value_t::string:
        return !value.get_ref<const std::string &>().empty();
    case json::value_t::array:
        return !value.empty();
    default:
        return true;
    }
}

void appendValue(std::string &out, const json &value, bool escape)
{
    std::string owned;
    const std::string *text = &owned;
    switch (value.type()) {
    case json::value_t::null:
    case json::value_t::discarded:
        return;
    case json::value_t::string:
        text = &value.get_ref<const std::string &>();
        break;
    default:
        // Numbers as JSON writes them (85, 1.21), true/false, and lists or objects as compact JSON.
        owned = value.dump();
        break;
    }
    if (!escape) {
        out += *text;
        return;
    }
    for (char c : *text) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '"':
            out += "&quot;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        default:
            out += c;
        }
    }
}

// The partial's text with `indent` before each of its lines, as a standalone partial tag wants.
std::string indentLines(const std::string &text, const std::string &indent)
{
    if (indent.empty())
        return text;
    std::string result;
    bool lineStart = true;
    for (char c : text) {
        if (lineStart)
            result += indent;
        result += c;
        lineStart = c == '\n';
    }
    return result;
}

class Renderer
{
public:
    Renderer(Escape escape, const Partials &partials)
        : m_escape(escape)
        , m_partials(partials)
    { }

    std::string render(const Node &root, const json &data)
    {
        m_stack.push_back(&data);
        renderChildren(root);
        return std::move(m_out);
    }

private:
    // Spec name resolution: "." is the top of the stack; otherwise the first part is looked up
    // from the innermost context outwards, and the rest only inside what it found.
    const json *lookup(const Node &node)
    {
        if (node.path.empty())
            return m_stack.back();
        const json *found = nullptr;
        for (auto it = m_stack.rbegin(); it != m_stack.rend(); ++it) {
            countStep();
            const json &context = **it;
            if (context.is_object()) {
                const auto entry = context.find(node.path.front());
                if (entry != context.end()) {
                    found = &*entry;
                    break;
                }
            }
        }
        for (std::size_t i = 1; found && i < node.path.size(); ++i) {
            if (!found->is_object())
                return nullptr;
            const auto entry = found->find(node.path[i]);
            found = entry == found->end() ? nullptr : &*entry;
        }
        return found;
    }

    void renderChildren(const Node &parent)
    {
        for (const Node &child : parent.children)
            renderNode(child);
    }

    void countStep()
    {
        if (++m_steps > maxRenderSteps || m_out.size() > maxRenderedBytes)
            tooMuch();
    }

    void renderNode(const Node &node)
    {
        countStep();
        switch (node.type) {
        case Node::Type::Root:
            renderChildren(node);
            break;
        case Node::Type::Text:
            m_out += node.text;
            break;
        case Node::Type::Variable:
            if (const json *value = lookup(node))
                appendValue(m_out, *value, node.escaped && m_escape == Escape::Html);
            break;
        case Node::Type::Section:
            renderSection(node);
            break;
        case Node::Type::Inverted: {
            const json *value = lookup(node);
            if (!value || !isTruthy(*value))
                renderChildren(node);
            break;
        }
        case Node::Type::Partial:
            renderPartial(node);
            break;
        }
    }

    void renderSection(const Node &node)
    {
        const json *value = lookup(node);
        if (!value || !isTruthy(*value))
            return;
        if (value->is_array()) {
            const double outer = m_repeats;
            m_repeats *= static_cast<double>(value->size());
            if (m_repeats > maxRepeats)
                repeatsTooOften(node);
            for (const json &item : *value)
                renderWith(node, item);
            m_repeats = outer;
        } else {
            renderWith(node, *value);
        }
    }

    void renderWith(const Node &node, const json &context)
    {
        m_stack.push_back(&context);
        const Node *outer = m_section;
        m_section = &node;
        renderChildren(node);
        m_section = outer;
        m_stack.pop_back();
    }

    // Names the innermost section being repeated when the limit is reached: the one to fix.
    [[noreturn]] void tooMuch() const
    {
        const std::string reason = m_out.size() > maxRenderedBytes
            ? "the rendered text passed " + std::to_string(maxRenderedBytes >> 20) + " MB"
            : "rendering took more than " + std::to_string(maxRenderSteps) + " steps";
        const std::string where = m_section ? " (section '" + m_section->text + "' repeats)" : "";
        throw TemplateError(reason + where
                + "; sections nested over lists multiply: "
                  "rendering stopped",
            m_section ? m_section->line : 1, m_section ? m_section->column : 1);
    }

    [[noreturn]] void repeatsTooOften(const Node &node) const
    {
        throw TemplateError("section '" + node.text + "' repeats more than "
                + std::to_string(static_cast<long long>(maxRepeats))
                + " times: sections nested over lists multiply; rendering stopped",
            node.line, node.column);
    }

    void renderPartial(const Node &node)
    {
        const auto source = m_partials.find(node.text);
        if (source == m_partials.end())
            return; // the spec: an unknown partial renders as nothing
        if (m_depth >= maxPartialDepth)
            throw TemplateError("partial '" + node.text + "' nests deeper than "
                    + std::to_string(maxPartialDepth) + " levels",
                node.line, node.column);
        auto key = std::make_pair(node.text, node.indent);
        auto cached = m_cache.find(key);
        if (cached == m_cache.end()) {
            try {
                Node parsed = parseMustache(indentLines(source->second, node.indent));
                cached = m_cache.emplace(std::move(key), std::move(parsed)).first;
            } catch (const TemplateError &error) {
                throw TemplateError("in partial '" + node.text + "': " + error.reason(),
                    error.line(), error.column());
            }
        }
        ++m_depth;
        renderChildren(cached->second);
        --m_depth;
    }

    Escape m_escape;
    const Partials &m_partials;
    std::map<std::pair<std::string, std::string>, Node> m_cache; // parsed partials by name, indent
    std::vector<const json *> m_stack; // context stack, innermost last
    std::string m_out;
    int m_depth = 0;
    long long m_steps = 0;
    double m_repeats = 1; // how often the current body repeats: the enclosing lists' lengths multiplied
    const Node *m_section = nullptr; // the innermost section being rendered
};

void collectVariables(const Node &parent, std::vector<std::string> &sections,
    std::set<std::tuple<std::string, int, std::vector<std::string>>> &seen,
    std::vector<VariableUse> &uses)
{
    for (const Node &node : parent.children) {
        VariableUse::Kind kind;
        switch (node.type) {
        case Node::Type::Variable:
            kind = VariableUse::Kind::Interpolation;
            break;
        case Node::Type::Section:
            kind = VariableUse::Kind::Section;
            break;
        case Node::Type::Inverted:
            kind = VariableUse::Kind::InvertedSection;
            break;
        default:
            continue;
        }
        if (seen.emplace(node.text, static_cast<int>(kind), sections).second)
            uses.push_back({node.text, kind, sections, node.line, node.column});
        if (kind != VariableUse::Kind::Interpolation) {
            sections.push_back(node.text);
            collectVariables(node, sections, seen, uses);
            sections.pop_back();
        }
    }
}

} // namespace

MustacheTemplate::MustacheTemplate(std::unique_ptr<Node> root)
    : m_root(std::move(root))
{ }

MustacheTemplate::MustacheTemplate(MustacheTemplate &&) noexcept = default;
MustacheTemplate &MustacheTemplate::operator=(MustacheTemplate &&) noexcept = default;
MustacheTemplate::~MustacheTemplate() = default;

MustacheTemplate MustacheTemplate::parse(std::string_view text)
{
    return MustacheTemplate(std::make_unique<Node>(parseMustache(text)));
}

std::string MustacheTemplate::render(
    const nlohmann::json &data, Escape escape, const Partials &partials) const
{
    return Renderer(escape, partials).render(*m_root, data);
}

std::vector<VariableUse> MustacheTemplate::variables() const
{
    std::vector<std::string> sections;
    std::set<std::tuple<std::string, int, std::vector<std::string>>> seen;
    std::vector<VariableUse> uses;
    collectVariables(*m_root, sections, seen, uses);
    return uses;
}

std::string renderMustache(
    std::string_view text, const nlohmann::json &data, Escape escape, const Partials &partials)
{
    return MustacheTemplate::parse(text).render(data, escape, partials);
}

} // namespace ps::tmpl
