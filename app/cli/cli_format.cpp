#include "cli_format.h"

#include "eval/code_points.h"

#include <algorithm>

namespace ps::cli {

namespace {

// Display width in code points, so accented names keep columns aligned.
std::size_t displayWidth(const std::string &text)
{
    return static_cast<std::size_t>(std::count_if(text.begin(), text.end(),
        [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

} // namespace

nlohmann::json versionSummaryJson(const model::VersionRecord &version)
{
    return {
        {"number", version.number},
        {"hash", version.hash},
        {"labels", version.labels},
        {"message", version.message},
        {"author", version.author},
        {"created", version.created},
        {"parent", version.parentNumber ? nlohmann::json(*version.parentNumber) : nlohmann::json()},
    };
}

nlohmann::json promptJson(const model::PromptRecord &prompt)
{
    return {
        {"name", prompt.name},
        {"description", prompt.description},
        {"tags", prompt.tags},
        {"versions", prompt.versionCount},
        {"created", prompt.created},
    };
}

std::string shortTimestamp(const std::string &iso)
{
    // Only the expected shape is shortened; anything else is shown as stored.
    if (iso.size() >= 16 && iso[10] == 'T')
        return iso.substr(0, 10) + " " + iso.substr(11, 5);
    return iso;
}

std::string shortHash(const std::string &hash)
{
    return hash.substr(0, 7);
}

std::string versionRef(const model::VersionRecord &version)
{
    return version.promptName + "@" + std::to_string(version.number);
}

std::string joined(const std::vector<std::string> &parts, const std::string &separator)
{
    std::string out;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        if (i)
            out += separator;
        out += parts[i];
    }
    return out;
}

void TextTable::addRow(std::vector<std::string> cells)
{
    m_rows.push_back(std::move(cells));
}

std::string TextTable::toString() const
{
    std::vector<std::size_t> widths;
    for (const auto &row : m_rows) {
        if (widths.size() < row.size())
            widths.resize(row.size(), 0);
        for (std::size_t i = 0; i < row.size(); ++i)
            widths[i] = std::max(widths[i], displayWidth(row[i]));
    }
    std::string out;
    for (const auto &row : m_rows) {
        std::string line;
        for (std::size_t i = 0; i < row.size(); ++i) {
            line += row[i];
            if (i + 1 < row.size())
                line += std::string(widths[i] - displayWidth(row[i]) + 2, ' ');
        }
        // Empty trailing cells would leave trailing blanks.
        line.erase(line.find_last_not_of(' ') + 1);
        out += line + '\n';
    }
    return out;
}

std::string brief(const std::string &text, std::size_t limit)
{
    std::u32string codePoints = eval::toCodePoints(text);
    for (char32_t &c : codePoints) {
        if (c == U'\n' || c == U'\r' || c == U'\t')
            c = U' ';
    }
    if (codePoints.size() > limit) {
        codePoints.resize(limit - 1);
        codePoints += U'…';
    }
    return eval::toUtf8(codePoints);
}

} // namespace ps::cli
