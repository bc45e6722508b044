#include "eval/csv_reader.h"

namespace ps::eval {

CsvReader::CsvReader(std::string_view text)
    : m_text(text)
{
    if (m_text.starts_with("\xEF\xBB\xBF"))
        m_text.remove_prefix(3);
}

std::optional<CsvRecord> CsvReader::next()
{
    while (m_pos < m_text.size()) {
        if (atLineEnd()) {
            skipLineEnd(); // a blank line
            continue;
        }
        return record();
    }
    return std::nullopt;
}

bool CsvReader::atLineEnd() const
{
    return m_text[m_pos] == '\n' || m_text[m_pos] == '\r';
}

// LF, CRLF or a lone CR each end one line.
void CsvReader::skipLineEnd()
{
    if (m_text[m_pos] == '\r' && m_pos + 1 < m_text.size() && m_text[m_pos + 1] == '\n')
        ++m_pos;
    ++m_pos;
    ++m_line;
}

CsvRecord CsvReader::record()
{
    CsvRecord record;
    record.line = m_line;
    while (true) {
        record.fields.push_back(m_pos < m_text.size() && m_text[m_pos] == '"'
                ? quotedField(record.fields.size() + 1)
                : plainField());
        if (m_pos >= m_text.size())
            break;
        if (m_text[m_pos] == ',') {
            ++m_pos;
            continue;
        }
        skipLineEnd();
        break;
    }
    return record;
}

std::string CsvReader::plainField()
{
    const std::size_t start = m_pos;
    while (m_pos < m_text.size() && m_text[m_pos] != ',' && !atLineEnd())
        ++m_pos;
    return std::string(m_text.substr(start, m_pos - start));
}

std::string CsvReader::quotedField(std::size_t column)
{
    const int openedOn = m_line;
    ++m_pos; // the opening quote
    std::string field;
    while (true) {
        if (m_pos >= m_text.size())
            throw CsvError(openedOn,
                "the quoted field in column " + std::to_string(column) + " is never closed");
        const char c = m_text[m_pos];
        if (c == '"') {
            if (m_pos + 1 < m_text.size() && m_text[m_pos + 1] == '"') {
                field += '"';
                m_pos += 2;
                continue;
            }
            ++m_pos;
            break;
        }
        if (c == '\r' || c == '\n') {
            // Kept as written, but counted so later errors name the right line.
            const std::size_t start = m_pos;
            skipLineEnd();
            field += m_text.substr(start, m_pos - start);
            continue;
        }
        field += c;
        ++m_pos;
    }
    if (m_pos < m_text.size() && m_text[m_pos] != ',' && !atLineEnd())
        throw CsvError(m_line,
            "unexpected text after the closing quote in column " + std::to_string(column)
                + " (a quote inside a quoted field is written twice: \"\")");
    return field;
}

std::vector<CsvRecord> readCsv(std::string_view text)
{
    std::vector<CsvRecord> records;
    CsvReader reader(text);
    while (auto record = reader.next())
        records.push_back(std::move(*record));
    return records;
}

} // namespace ps::eval
