// RFC 4180 CSV records, each with the physical line it starts on (for error messages).
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace ps::eval {

struct CsvRecord
{
    int line = 1; // 1-based physical line where the record starts
    std::vector<std::string> fields;
};

// A text that is not CSV: an unterminated quote or text after a closing quote, at `line`.
class CsvError : public std::runtime_error
{
public:
    CsvError(int line, const std::string &reason)
        : std::runtime_error(reason)
        , m_line(line)
    { }
    int line() const { return m_line; }

private:
    int m_line;
};

// Reads `text` one record at a time, so a caller need not hold them all (see readCsv for the
// rules); `text` must outlive the reader. next() throws CsvError.
class CsvReader
{
public:
    explicit CsvReader(std::string_view text);
    std::optional<CsvRecord> next(); // nullopt at the end

private:
    bool atLineEnd() const;
    void skipLineEnd();
    CsvRecord record();
    std::string plainField();
    std::string quotedField(std::size_t column);

    std::string_view m_text;
    std::size_t m_pos = 0;
    int m_line = 1; // follows every line end, also those inside quotes
};

// Splits `text` into records: comma-separated fields, "quoted" fields that may hold commas,
// newlines and doubled quotes, LF, CRLF or CR line ends, a leading UTF-8 BOM skipped. Blank
// lines are skipped (they are no record). A quote inside an unquoted field is kept as text.
std::vector<CsvRecord> readCsv(std::string_view text);

} // namespace ps::eval
