#pragma once

#include "eval/dataset.h"
#include "providers/provider_config.h"
#include "store/provider_catalog.h"

#include <string>
#include <vector>

// What an export for another tool is given besides the version: the targets it names as models
// and the dataset it turns into test cases.
namespace ps::io {

// A target with the provider it sends through.
struct ExportTarget
{
    store::TargetRecord target;
    providers::ProviderConfig provider;
};

struct ExportDataset
{
    std::string name;
    std::vector<eval::DatasetCase> cases;
};

} // namespace ps::io
