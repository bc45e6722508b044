#include "util/json_locator.h"

namespace ps::util {

namespace {

// A forward scanner over text already known to be valid JSON: it only needs to skip values.
class Scanner
{
public:
    explicit Scanner(std::string_view text)
        : m_text(text)
    { }

    std::size_t offset() const { return m_at; }
    char peek()
    {
        skipSpace();
        return m_at < m_text.size() ? m_text[m_at] : '\0';
    }
    void take() { ++m_at; }

    // A string's decoded text is not needed, only its raw bytes between the quotes: keys are
    // compared raw, which is right for the ASCII keys of schemas and tools.
    std::string_view string()
    {
        skipSpace();
        const std::size_t start = ++m_at; // past the opening quote
        while (m_at < m_text.size() && m_text[m_at] != '"')
            m_at += m_text[m_at] == '\\' ? 2 : 1;
        const std::string_view raw = m_text.substr(start, m_at - start);
        ++m_at; // the closing quote
        return raw;
    }

    void skipValue()
    {
        const char c = peek();
        if (c == '"') {
            string();
            return;
        }
        if (c == '{' || c == '[') {
            int depth = 0;
            while (m_at < m_text.size()) {
                const char here = m_text[m_at];
                if (here == '"') {
                    string();
                    continue;
                }
                if (here == '{' || here == '[')
                    ++depth;
                else if ((here == '}' || here == ']') && --depth == 0) {
                    ++m_at;
                    return;
                }
                ++m_at;
            }
            return;
        }
        while (m_at < m_text.size() && m_text[m_at] != ',' && m_text[m_at] != '}'
            && m_text[m_at] != ']' && !isSpace(m_text[m_at]))
            ++m_at;
    }

private:
    static bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
    void skipSpace()
    {
        while (m_at < m_text.size() && isSpace(m_text[m_at]))
            ++m_at;
    }

    std::string_view m_text;
    std::size_t m_at = 0;
};

// Moves `scanner` to the start of member `step` of the object or array it stands before;
// false (and the scanner back where it was worth stopping) when there is none.
bool enter(Scanner &scanner, const std::string &step)
{
    const char open = scanner.peek();
    if (open == '{') {
        scanner.take();
        while (scanner.peek() == '"') {
            const std::string_view key = scanner.string();
            scanner.peek();
            scanner.take(); // the colon
            if (key == step)
                return true;
            scanner.skipValue();
            if (scanner.peek() != ',')
                return false;
            scanner.take();
        }
        return false;
    }
    if (open == '[') {
        std::size_t index = 0;
        for (char c : step) {
            if (c < '0' || c > '9')
                return false;
            index = index * 10 + std::size_t(c - '0');
        }
        scanner.take();
        for (std::size_t i = 0; i < index; ++i) {
            if (scanner.peek() == ']')
                return false;
            scanner.skipValue();
            if (scanner.peek() != ',')
                return false;
            scanner.take();
        }
        return scanner.peek() != ']';
    }
    return false;
}

} // namespace

TextPosition positionOfOffset(std::string_view text, std::size_t offset)
{
    TextPosition position;
    for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
        if (text[i] == '\n') {
            ++position.line;
            position.column = 1;
        } else {
            ++position.column;
        }
    }
    return position;
}

TextPosition locateJsonPath(std::string_view text, const std::vector<std::string> &path)
{
    Scanner scanner(text);
    scanner.peek();
    std::size_t found = scanner.offset();
    for (const std::string &step : path) {
        Scanner attempt = scanner;
        if (!enter(attempt, step))
            break;
        scanner = attempt;
        scanner.peek();
        found = scanner.offset();
    }
    return positionOfOffset(text, found);
}

} // namespace ps::util
