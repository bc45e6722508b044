#pragma once

#include "model/version_content.h"

#include <filesystem>
#include <string>

// Benchmark projects of a given size, built once and cached in a temp directory.
namespace ps::bench {

// Prompts hold 100 versions each (1,000 versions = 10 prompts, 100,000 = 1,000 prompts),
// saved round by round so one prompt's rows are spread through the file as in real use.
// Each prompt has labels "production" (v90) and "staging" (v100). The prompt "long-context"
// holds two 20 KB versions that differ in about one line in ten.
struct Fixture
{
    std::filesystem::path path; // the cached project; benchmarks must not write to it
    int prompts = 0;
    int versionsPerPrompt = 0;
};

// Builds the project on first use (minutes at 100,000) or reuses the cached file.
// PS_BENCH_DIR overrides the cache directory.
const Fixture &fixture(int versions);

std::string promptName(int index);
// A realistic ~1 KB version: instructions, a template, variables, params and examples.
model::VersionContent promptContent(int prompt, int version);
// One of the two 20 KB versions (which = 0 or 1).
model::VersionContent longContent(int which);

} // namespace ps::bench
