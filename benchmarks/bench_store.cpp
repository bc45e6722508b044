// How the store and the diff scale: each benchmark runs on a 1,000- and a 100,000-version
// project; scripts/bench-store.sh prints the two side by side.
#include "bench_fixture.h"

#include "diff/version_diff.h"
#include "store/project.h"

#include <benchmark/benchmark.h>

#include <filesystem>

namespace {

using ps::bench::fixture;
using ps::bench::promptName;
using ps::store::Project;

// A middle prompt, so neither the first nor the last rows are favoured.
std::string probePrompt(int versions)
{
    return promptName(fixture(versions).prompts / 2);
}

// Saving writes, so each run saves into a fresh copy of the cached fixture, and only a few
// hundred times so the project stays the size it claims to be.
Project freshCopy(int versions)
{
    const auto &source = fixture(versions).path;
    const std::filesystem::path copy = source.string() + ".scratch";
    for (const char *suffix : {"", "-wal", "-shm"})
        std::filesystem::remove(copy.string() + suffix);
    std::filesystem::copy_file(source, copy);
    return Project::open(copy);
}

void saveVersion(benchmark::State &state)
{
    const int versions = static_cast<int>(state.range(0));
    Project project = freshCopy(versions);
    const int prompts = fixture(versions).prompts;
    int counter = 0;
    auto saveOne = [&] {
        ++counter;
        const int prompt = (counter * 7) % prompts;
        // A revision number past the fixture's makes the content differ from the newest.
        ps::store::SaveRequest request {promptName(prompt),
            ps::bench::promptContent(prompt, 1000 + counter), "bench save", "bench", {}, {}};
        return project.saveVersion(request).created;
    };
    // Untimed: the first saves after opening read the file into SQLite's cache.
    for (int i = 0; i < 20; ++i)
        saveOne();
    for (auto _ : state) {
        if (!saveOne())
            state.SkipWithError("save made no new version");
    }
}

void openProject(benchmark::State &state)
{
    const auto &path = fixture(static_cast<int>(state.range(0))).path;
    for (auto _ : state) {
        Project project = Project::open(path);
        benchmark::DoNotOptimize(project.path());
    }
}

void listVersions(benchmark::State &state)
{
    const int versions = static_cast<int>(state.range(0));
    const Project project = Project::open(fixture(versions).path);
    const std::string prompt = probePrompt(versions);
    for (auto _ : state) {
        const auto list = project.listVersions(prompt, false);
        if (list.size() != 100)
            state.SkipWithError("unexpected version count");
    }
}

void listVersionsWithContent(benchmark::State &state)
{
    const int versions = static_cast<int>(state.range(0));
    const Project project = Project::open(fixture(versions).path);
    const std::string prompt = probePrompt(versions);
    for (auto _ : state)
        benchmark::DoNotOptimize(project.listVersions(prompt, true));
}

void resolveRef(benchmark::State &state, const std::string &kind)
{
    const int versions = static_cast<int>(state.range(0));
    const Project project = Project::open(fixture(versions).path);
    const std::string prompt = probePrompt(versions);
    std::string ref = prompt + "@57";
    if (kind == "label")
        ref = prompt + "@production";
    else if (kind == "hash")
        ref = prompt + "@" + project.version(prompt, 42).hash.substr(0, 7);
    for (auto _ : state)
        benchmark::DoNotOptimize(project.resolve(ref));
}

void resolveByNumber(benchmark::State &state)
{
    resolveRef(state, "number");
}

void resolveByLabel(benchmark::State &state)
{
    resolveRef(state, "label");
}

void resolveByHashPrefix(benchmark::State &state)
{
    resolveRef(state, "hash");
}

// What `version diff long-context@1 long-context@2` does: two 20 KB versions from the store.
void diffLongVersions(benchmark::State &state)
{
    const Project project = Project::open(fixture(static_cast<int>(state.range(0))).path);
    for (auto _ : state) {
        const auto before = project.resolve("long-context@1");
        const auto after = project.resolve("long-context@2");
        const auto diff = ps::diff::diffVersions(before.content, after.content);
        benchmark::DoNotOptimize(diff.toText());
    }
}

// The diff alone, with no store: the part that does not depend on project size.
void diffOnly(benchmark::State &state)
{
    const auto before = ps::bench::longContent(0);
    const auto after = ps::bench::longContent(1);
    for (auto _ : state)
        benchmark::DoNotOptimize(ps::diff::diffVersions(before, after).toText());
}

void sizes(benchmark::internal::Benchmark *bench)
{
    bench->Arg(1000)->Arg(100000)->Unit(benchmark::kMicrosecond);
}

} // namespace

BENCHMARK(saveVersion)->Apply(sizes)->Iterations(300);
BENCHMARK(openProject)->Apply(sizes);
BENCHMARK(listVersions)->Apply(sizes);
BENCHMARK(listVersionsWithContent)->Apply(sizes);
BENCHMARK(resolveByNumber)->Apply(sizes);
BENCHMARK(resolveByLabel)->Apply(sizes);
BENCHMARK(resolveByHashPrefix)->Apply(sizes);
BENCHMARK(diffLongVersions)->Apply(sizes);
BENCHMARK(diffOnly)->Unit(benchmark::kMicrosecond);

BENCHMARK_MAIN();
