#pragma once

// The files of resources/demo, compiled into core by cmake/EmbedResources.cmake.

#include <optional>
#include <string_view>

namespace ps::demo {

// The bytes of resources/demo/<path> (e.g. "demo.json"), or nullopt if no such file ships.
std::optional<std::string_view> demoResource(std::string_view path);

} // namespace ps::demo
