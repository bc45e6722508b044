#include "pane_run_sink.h"

#include "store_writer.h"

#include <algorithm>
#include <atomic>

namespace ps::app {

namespace {

int nextRunKey()
{
    static std::atomic<int> key = 0;
    return ++key;
}

} // namespace

std::shared_ptr<PaneRunSink> PaneRunSink::forPrompt(
    StoreWriter &writer, const PromptSnapshot &prompt)
{
    if (prompt.promptName.empty() || prompt.baseVersion <= 0)
        return nullptr;
    return std::make_shared<PaneRunSink>(writer, QString::fromStdString(prompt.promptName),
        std::vector<SlotVersion> {{prompt.baseVersion, prompt.isDraft}});
}

PaneRunSink::PaneRunSink(StoreWriter &writer, QString prompt, std::vector<SlotVersion> versions)
    : m_writer(writer)
    , m_key(nextRunKey())
    , m_prompt(std::move(prompt))
    , m_slots(std::move(versions))
{ }

void PaneRunSink::start(const std::vector<std::string> &targetIds, int total)
{
    // What a reader of the run needs to tell a window run from a CLI one, and whether it ran
    // the saved version or unsaved edits on top of it (each response keeps what was sent).
    const SlotVersion &first = m_slots.front();
    nlohmann::json options = {{"source", "window"}, {"draft", first.draft}};
    if (std::any_of(m_slots.begin(), m_slots.end(),
            [&first](const SlotVersion &slot) { return slot != first; }))
        options["compare"] = "versions";
    m_writer.startRun(m_key, m_prompt, first.number, targetIds, total, options);
}

void PaneRunSink::add(std::size_t slot, const store::ResponseRecord &record)
{
    const SlotVersion &version = m_slots.size() == 1 ? m_slots.front() : m_slots.at(slot);
    store::ResponseRecord stored = record;
    stored.draft = version.draft;
    m_writer.addResponse(m_key, std::move(stored), version.number);
}

void PaneRunSink::finish(model::RunStatus status)
{
    m_writer.finishRun(m_key, status);
}

} // namespace ps::app
