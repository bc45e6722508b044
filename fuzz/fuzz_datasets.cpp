// The JSONL and CSV dataset readers on any file: a DatasetError naming file and line is the
// only way to fail.
#include "eval/dataset.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::string_view text(reinterpret_cast<const char *>(data), size);
    try {
        ps::eval::parseJsonlDataset(text, "fuzz.jsonl");
    } catch (const ps::eval::DatasetError &) { }
    try {
        ps::eval::parseCsvDataset(text, "fuzz.csv");
    } catch (const ps::eval::DatasetError &) { }
    return 0;
}
