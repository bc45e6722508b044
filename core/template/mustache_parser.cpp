// Turns Mustache text into a node tree: tags, set delimiters and the spec's standalone-line rules.
#include "template/mustache_node.h"
#include "util/ascii_text.h"

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ps::tmpl {

namespace {

using Node = MustacheTemplate::Node;

// Far deeper than any prompt; the node tree is walked recursively, so its depth is bounded.
constexpr std::size_t maxSectionDepth = 100;

bool isBlank(char c)
{
    return c == ' ' || c == '\t';
}

bool isSpace(char c)
{
    return isBlank(c) || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

std::vector<std::string> splitPath(std::string_view name)
{
    std::vector<std::string> path;
    if (name == ".")
        return path;
    std::size_t start = 0;
    while (true) {
        const std::size_t dot = name.find('.', start);
        path.emplace_back(name.substr(start, dot - start));
        if (dot == std::string_view::npos)
            break;
        start = dot + 1;
    }
    return path;
}

// 1-based line and column of byte offsets, asked for in increasing order. Columns count
// UTF-8 code points, so they match what an editor shows.
class Position
{
public:
    explicit Position(std::string_view text)
        : m_text(text)
    { }

    std::pair<int, int> at(std::size_t offset)
    {
        for (; m_offset < offset && m_offset < m_text.size(); ++m_offset) {
            const auto c = static_cast<unsigned char>(m_text[m_offset]);
            if (c == '\n') {
                ++m_line;
                m_column = 1;
            } else if ((c & 0xC0) != 0x80) {
                ++m_column;
            }
        }
        return {m_line, m_column};
    }

private:
    std::string_view m_text;
    std::size_t m_offset = 0;
    int m_line = 1;
    int m_column = 1;
};

class Parser
{
public:
    explicit Parser(std::string_view text)
        : m_src(text)
        , m_position(text)
    {
        m_stack.push_back(&m_root);
    }

    Node parse()
    {
        while (m_pos < m_src.size()) {
            const std::size_t tagStart = m_src.find(m_open, m_pos);
            if (tagStart == std::string_view::npos) {
                addText(m_src.substr(m_pos));
                break;
            }
            parseTag(tagStart);
        }
        if (m_stack.size() > 1) {
            const Node &open = *m_stack.back();
            throw TemplateError(
                "section '" + open.text + "' opened here is never closed", open.line, open.column);
        }
        return std::move(m_root);
    }

private:
    struct Tag
    {
        char type = 0; // 0 for a plain variable
        std::string_view name; // trimmed
        std::size_t start = 0; // offset of the open delimiter
        std::size_t end = 0; // offset just past the close delimiter
        std::size_t contentStart = 0; // for '='
        std::size_t contentEnd = 0;
        int line = 1;
        int column = 1;
    };

    [[noreturn]] void fail(const std::string &reason, const Tag &tag) const
    {
        throw TemplateError(reason, tag.line, tag.column);
    }

    void parseTag(std::size_t tagStart)
    {
        Tag tag;
        tag.start = tagStart;
        std::tie(tag.line, tag.column) = m_position.at(tagStart);

        const std::size_t inner = tagStart + m_open.size();
        const char first = inner < m_src.size() ? m_src[inner] : '\0';
        static constexpr std::string_view sigils = "#^/>!=&{";
        const bool hasSigil = first != '\0' && sigils.find(first) != std::string_view::npos;
        tag.type = hasSigil ? first : '\0';
        const std::size_t nameStart = hasSigil ? inner + 1 : inner;

        // A triple mustache closes with '}' plus the close delimiter.
        const std::string closeSeq = tag.type == '{' ? "}" + m_close : m_close;
        const std::size_t closePos = m_src.find(closeSeq, nameStart);
        if (closePos == std::string_view::npos)
            fail("tag is never closed: no '" + closeSeq + "' follows", tag);
        tag.end = closePos + closeSeq.size();
        tag.contentStart = nameStart;
        tag.contentEnd = closePos;
        const std::string_view raw = m_src.substr(nameStart, closePos - nameStart);
        tag.name = util::trimAsciiSpace(raw);

        if (tag.type != '!' && tag.type != '=') {
            // An open delimiter or a line break inside a name means the tag was left open
            // and the close delimiter found belongs to some later tag.
            if (raw.find(m_open) != std::string_view::npos
                || raw.find('\n') != std::string_view::npos)
                fail("tag is never closed: no '" + closeSeq + "' on its line", tag);
            if (tag.name.empty())
                fail("empty tag name", tag);
        }

        std::string_view text = m_src.substr(m_pos, tagStart - m_pos);
        std::size_t next = tag.end;
        std::string indent;
        if (tag.type != '\0' && tag.type != '&' && tag.type != '{') {
            const std::size_t lineStart = lineStartBefore(tagStart);
            std::size_t after = tag.end;
            if (lineStart >= m_pos && isStandalone(lineStart, tagStart, after)) {
                indent = std::string(m_src.substr(lineStart, tagStart - lineStart));
                text.remove_suffix(indent.size());
                next = after;
            }
        }
        addText(text);
        m_pos = next;

        switch (tag.type) {
        case '!':
            break;
        case '=':
            setDelimiters(tag);
            break;
        case '#':
        case '^':
            openSection(tag);
            break;
        case '/':
            closeSection(tag);
            break;
        case '>': {
            Node &node = addNode(Node::Type::Partial, tag);
            node.indent = std::move(indent);
            break;
        }
        default: {
            Node &node = addNode(Node::Type::Variable, tag);
            node.escaped = tag.type == '\0';
            break;
        }
        }
    }

    // Tags are met in increasing order, so the scan goes on from the last one: searching back
    // from each tag made a long line of tags quadratic.
    std::size_t lineStartBefore(std::size_t offset)
    {
        for (; m_lineScan < offset && m_lineScan < m_src.size(); ++m_lineScan) {
            if (m_src[m_lineScan] == '\n')
                m_lineStart = m_lineScan + 1;
        }
        return m_lineStart;
    }

    // A tag alone on its line (only blanks around it) takes the whole line with it.
    // On success `after` moves past the blanks and the line ending that follow the tag.
    bool isStandalone(std::size_t lineStart, std::size_t tagStart, std::size_t &after) const
    {
        for (std::size_t i = lineStart; i < tagStart; ++i) {
            if (!isBlank(m_src[i]))
                return false;
        }
        std::size_t i = after;
        while (i < m_src.size() && isBlank(m_src[i]))
            ++i;
        if (i == m_src.size()) {
            after = i;
            return true;
        }
        if (m_src[i] == '\n') {
            after = i + 1;
            return true;
        }
        if (m_src[i] == '\r' && i + 1 < m_src.size() && m_src[i + 1] == '\n') {
            after = i + 2;
            return true;
        }
        return false;
    }

    void setDelimiters(const Tag &tag)
    {
        const std::string expected
            = "malformed set-delimiter tag: expected " + m_open + "=<open> <close>=" + m_close;
        std::string_view content
            = m_src.substr(tag.contentStart, tag.contentEnd - tag.contentStart);
        if (content.empty() || content.back() != '=')
            fail(expected, tag);
        content.remove_suffix(1);
        content = util::trimAsciiSpace(content);
        std::size_t split = 0;
        while (split < content.size() && !isSpace(content[split]))
            ++split;
        const std::string_view open = content.substr(0, split);
        const std::string_view close = util::trimAsciiSpace(content.substr(split));
        const auto bad = [](std::string_view d) {
            if (d.empty())
                return true;
            for (char c : d) {
                if (isSpace(c) || c == '=')
                    return true;
            }
            return false;
        };
        if (bad(open) || bad(close))
            fail(expected, tag);
        m_open = std::string(open);
        m_close = std::string(close);
    }

    void openSection(const Tag &tag)
    {
        if (m_stack.size() > maxSectionDepth)
            fail("sections nest deeper than " + std::to_string(maxSectionDepth) + " levels", tag);
        Node &node = addNode(tag.type == '#' ? Node::Type::Section : Node::Type::Inverted, tag);
        m_stack.push_back(&node);
    }

    void closeSection(const Tag &tag)
    {
        if (m_stack.size() == 1)
            fail("closing tag '" + std::string(tag.name) + "' has no open section", tag);
        const Node &open = *m_stack.back();
        if (open.text != tag.name)
            fail("closing tag '" + std::string(tag.name) + "' does not match open section '"
                    + open.text + "' (line " + std::to_string(open.line) + ", column "
                    + std::to_string(open.column) + ")",
                tag);
        m_stack.pop_back();
    }

    Node &addNode(Node::Type type, const Tag &tag)
    {
        Node node;
        node.type = type;
        node.text = std::string(tag.name);
        node.path = splitPath(tag.name);
        node.line = tag.line;
        node.column = tag.column;
        auto &children = m_stack.back()->children;
        children.push_back(std::move(node));
        return children.back();
    }

    void addText(std::string_view text)
    {
        if (text.empty())
            return;
        auto &children = m_stack.back()->children;
        if (!children.empty() && children.back().type == Node::Type::Text) {
            children.back().text.append(text);
            return;
        }
        Node node;
        node.type = Node::Type::Text;
        node.text = std::string(text);
        children.push_back(std::move(node));
    }

    std::string_view m_src;
    Position m_position;
    std::string m_open = "{{";
    std::string m_close = "}}";
    std::size_t m_pos = 0;
    std::size_t m_lineScan = 0; // lineStartBefore has looked at the bytes before this
    std::size_t m_lineStart = 0; // the start of the line holding m_lineScan
    Node m_root;
    std::vector<Node *> m_stack; // open sections, the root at the bottom
};

} // namespace

MustacheTemplate::Node parseMustache(std::string_view text)
{
    return Parser(text).parse();
}

} // namespace ps::tmpl
