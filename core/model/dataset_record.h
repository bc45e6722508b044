#pragma once

#include <cstdint>
#include <string>

// One revision of a dataset as the project holds it (its cases are read apart).
namespace ps::model {

struct DatasetRecord
{
    std::int64_t id = 0; // the revision's id; runs refer to it
    std::string name;
    int revision = 1; // 1, 2, ... per name
    std::string source; // the imported file's name
    int caseCount = 0;
    std::string imported; // ISO 8601 UTC
};

} // namespace ps::model
