#pragma once

#include "model/version_content.h"

#include <string>
#include <vector>

namespace ps::store {
class CatalogSnapshot;
}

// What a target does to a version's parameters before they are sent: the settings it
// overrides, and what its model refuses or names differently (providers::adaptRequestForModel),
// one sentence each, as the Parameters tab says them for the targets in the panes.
namespace ps::run {

// "mini sets temperature to 0.2"; "o3: temperature left out: o3 accepts only the default".
// An unknown or unreadable target says so in one sentence.
std::vector<std::string> targetNotes(const store::CatalogSnapshot &catalog,
    const std::string &targetId, const model::Params &versionParams);

} // namespace ps::run
