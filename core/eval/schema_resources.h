#pragma once

// The files of resources/schemas (the JSON Schema meta-schema), compiled into core by
// cmake/EmbedResources.cmake.

#include <optional>
#include <string_view>

namespace ps::eval {

// The bytes of resources/schemas/<path>, or nullopt if no such file ships.
std::optional<std::string_view> schemaResource(std::string_view path);

} // namespace ps::eval
