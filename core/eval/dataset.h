#pragma once

#include "eval/assertion.h"

#include <nlohmann/json.hpp>

#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

// A dataset's test cases as CLI.md "Datasets" defines them, read from JSONL or CSV text.
namespace ps::eval {

struct DatasetCase
{
    nlohmann::json vars = nlohmann::json::object(); // variable name -> value
    std::optional<std::string> expected;
    std::vector<std::string> tags;
    // Prior conversation placed before the version's last user message: [{"role","content"}].
    nlohmann::json messages = nlohmann::json::array();
    // The assertion specs as written (parsed again when evaluated; checked on import).
    nlohmann::json assertions = nlohmann::json::array();
    // Keys the format does not define (description, metadata, ...), kept verbatim.
    nlohmann::json extra = nlohmann::json::object();

    bool operator==(const DatasetCase &) const = default;

    // {"vars", "expected"?, "tags", "messages", "assert", ...extra}: the JSONL form.
    nlohmann::json toJson() const;
    static DatasetCase fromJson(nlohmann::json json); // throws DatasetError; moves from `json`
};

// The label a case expects of a classifier: its `classification` assertion's value, else its
// `expected`; nullopt when it has no (non-negated) classification assertion.
std::optional<std::string> expectedLabel(const DatasetCase &datasetCase);

// The reference text a case's answer is scored against for corpus BLEU and chrF: the value of
// its first bleu, rouge-1/2/l or levenshtein assertion, else its `expected`; nullopt when it has
// no such assertion.
std::optional<std::string> referenceText(const DatasetCase &datasetCase);

// A dataset that cannot be imported: `file`, 1-based `line` (0: the file as a whole) and why.
class DatasetError : public std::runtime_error
{
public:
    DatasetError(std::string file, int line, std::string reason);
    const std::string &file() const { return m_file; }
    int line() const { return m_line; }
    const std::string &reason() const { return m_reason; }

private:
    std::string m_file;
    int m_line;
    std::string m_reason;
};

// Reads a whole dataset, or throws DatasetError at the first bad line: malformed JSON or CSV, a
// case that is not an object, vars that are not an object, an unknown or invalid assertion.
// `file` names the source in errors. A CSV's first row is its header.
std::vector<DatasetCase> parseJsonlDataset(std::string_view text, const std::string &file);
std::vector<DatasetCase> parseCsvDataset(std::string_view text, const std::string &file);

// Cases as JSONL, one case's toJson() a line: what `dataset import` reads back unchanged.
std::string datasetJsonl(const std::vector<DatasetCase> &cases);

// By extension (.jsonl / .csv, case-insensitive); throws DatasetError (line 0) for another.
std::vector<DatasetCase> parseDatasetFile(std::string_view text, const std::string &file);
// The same, handing each case to `onCase` as it is read, so that a large file needs no
// vector of cases (the first bad line still throws, after the cases before it).
using DatasetCaseSink = std::function<void(DatasetCase &&)>;
void forEachDatasetCase(
    std::string_view text, const std::string &file, const DatasetCaseSink &onCase);

} // namespace ps::eval
