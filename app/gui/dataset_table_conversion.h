#pragma once

#include "dataset_table.h"

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

namespace ps::eval {
struct DatasetCase;
}

// Stored cases in the grid's form, and back: variables become columns (in name order), values
// that are not strings are shown as JSON and kept as JSON, keys the grid does not show ride along.
namespace ps::app {

// Builds a table from cases handed over in any order and from several threads at once, as
// store::DatasetStore::visitCases hands them.
class DatasetTableBuilder
{
public:
    void resize(std::size_t count);
    void add(std::size_t index, const eval::DatasetCase &item); // thread-safe for distinct indexes
    widgets::DatasetTable finish(); // the variables are the union of all cases', in name order

private:
    std::uint32_t layoutOf(const std::vector<std::string> &names);

    widgets::DatasetTable m_table;
    std::vector<std::uint32_t> m_layoutOfRow; // each row's values follow its layout's names
    std::mutex m_layoutMutex;
    std::vector<std::vector<std::string>> m_layouts; // distinct variable-name sets (sorted)
};

widgets::DatasetTable datasetTable(const std::vector<eval::DatasetCase> &cases);
// DatasetError naming the case for assertions that are not a JSON array.
std::vector<eval::DatasetCase> datasetCases(const widgets::DatasetTable &table);
// One row of `table` (its variables) as a case; `line` (1-based) names it in an error.
eval::DatasetCase datasetCase(const widgets::DatasetTable &table, const widgets::DatasetRow &row, int line);

} // namespace ps::app
