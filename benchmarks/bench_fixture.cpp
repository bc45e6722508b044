#include "bench_fixture.h"

#include "store/project.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>

namespace ps::bench {

namespace {

// Bump when the recipe changes, so an old cache is not reused.
constexpr int recipeVersion = 1;
constexpr int versionsPerPrompt = 100;

std::filesystem::path cacheDir()
{
    if (const char *dir = std::getenv("PS_BENCH_DIR"); dir && *dir)
        return dir;
    return std::filesystem::temp_directory_path() / "promptsmith-bench";
}

bool usable(const std::filesystem::path &path, int versions)
{
    if (!std::filesystem::exists(path))
        return false;
    try {
        const store::Project project = store::Project::open(path);
        return project.info().versions == versions + 2; // + the two long-context versions
    } catch (const std::exception &) {
        return false;
    }
}

void build(const std::filesystem::path &path, int prompts)
{
    const auto started = std::chrono::steady_clock::now();
    std::filesystem::create_directories(path.parent_path());
    std::filesystem::remove(path);
    std::filesystem::remove(path.string() + "-wal");
    std::filesystem::remove(path.string() + "-shm");
    const std::filesystem::path partial = path.string() + ".partial";
    std::filesystem::remove(partial);
    {
        store::Project project = store::Project::create(partial);
        for (int p = 0; p < prompts; ++p)
            project.addPrompt(promptName(p), "Benchmark prompt " + std::to_string(p), {"bench"});
        for (int v = 1; v <= versionsPerPrompt; ++v) {
            for (int p = 0; p < prompts; ++p) {
                store::SaveRequest request;
                request.promptName = promptName(p);
                request.content = promptContent(p, v);
                request.message = "round " + std::to_string(v);
                request.author = "bench";
                project.saveVersion(request);
            }
            if (prompts >= 100 && v % 10 == 0)
                std::fprintf(stderr, "  fixture %d: %d of %d rounds\n", prompts * versionsPerPrompt,
                    v, versionsPerPrompt);
        }
        for (int p = 0; p < prompts; ++p) {
            project.setLabel(promptName(p), "production", 90);
            project.setLabel(promptName(p), "staging", 100);
        }
        for (int which = 0; which < 2; ++which)
            project.saveVersion({"long-context", longContent(which), "long", "bench", {}, {}});
    }
    std::filesystem::rename(partial, path);
    const double seconds
        = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::fprintf(stderr, "Built %s in %.1f s\n", path.c_str(), seconds);
}

} // namespace

std::string promptName(int index)
{
    char name[32];
    std::snprintf(name, sizeof name, "prompt-%04d", index);
    return name;
}

model::VersionContent promptContent(int prompt, int version)
{
    using nlohmann::json;
    const std::string v = std::to_string(version);
    const std::string p = std::to_string(prompt);
    std::string system = "You are the support assistant for shop " + p
        + ". You read one customer ticket and label it.\n"
          "Labels: billing (payments, refunds, invoices), bug (the app or site misbehaves), "
          "shipping (orders in transit), other (anything else).\n"
          "Answer with the label alone, in lower case, with no punctuation.\n"
          "If the ticket mentions two problems, label the one the customer asks to fix first.\n"
          "Never guess an order number; never promise a refund.\n"
          "Revision "
        + v + ": keep answers under " + std::to_string(5 + version % 7) + " words.";
    json examples = json::array();
    const char *const tickets[] = {"I was charged twice for May", "The app crashes on login",
        "Where is my parcel?", "Do you sell gift cards?"};
    const char *const labels[] = {"billing", "bug", "shipping", "other"};
    for (int i = 0; i < 2 + version % 3; ++i)
        examples.push_back({{"input", {{"ticket", tickets[i]}}}, {"output", labels[i]}});
    json value = {
        {"messages",
            {{{"role", "system"}, {"content", system}},
                {{"role", "user"}, {"content", "Customer tier: {{tier}}\nTicket:\n{{ticket}}"}}}},
        {"variables",
            {{{"name", "ticket"}, {"description", "the ticket text"}},
                {{"name", "tier"}, {"default", "standard"}}}},
        {"params",
            {{"temperature", version % 2 ? 0.0 : 0.2}, {"max_tokens", 16}, {"stop", {"\n"}}}},
        {"examples", examples}};
    return model::VersionContent::fromJson(value);
}

model::VersionContent longContent(int which)
{
    std::string system;
    for (int line = 0; system.size() < 20000; ++line) {
        system += "Rule " + std::to_string(line) + ": ";
        if (which == 1 && line % 10 == 3)
            system += "always answer the customer in their own language, briefly and kindly.\n";
        else
            system += "answer the customer in their own language, politely and briefly.\n";
    }
    return model::VersionContent::fromJson({{"messages",
        {{{"role", "system"}, {"content", system}},
            {{"role", "user"}, {"content", "{{ticket}}"}}}}});
}

const Fixture &fixture(int versions)
{
    static std::map<int, std::unique_ptr<Fixture>> cache;
    if (auto it = cache.find(versions); it != cache.end())
        return *it->second;
    auto made = std::make_unique<Fixture>();
    made->prompts = versions / versionsPerPrompt;
    made->versionsPerPrompt = versionsPerPrompt;
    made->path = cacheDir()
        / ("bench-" + std::to_string(versions) + "-r" + std::to_string(recipeVersion) + "-s"
            + std::to_string(store::Project::currentSchemaVersion()) + ".promptsmith");
    if (!usable(made->path, versions))
        build(made->path, made->prompts);
    return *cache.emplace(versions, std::move(made)).first->second;
}

} // namespace ps::bench
