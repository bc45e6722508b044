#include "pane_run_sink.h"

#include "store_writer.h"

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
    return std::make_shared<PaneRunSink>(
        writer, QString::fromStdString(prompt.promptName), prompt.baseVersion, prompt.isDraft);
}

PaneRunSink::PaneRunSink(StoreWriter &writer, QString prompt, int version, bool draft)
    : m_writer(writer)
    , m_key(nextRunKey())
    , m_prompt(std::move(prompt))
    , m_version(version)
    , m_draft(draft)
{ }

void PaneRunSink::start(const std::vector<std::string> &targetIds, int total)
{
    // What a reader of the run needs to tell a window run from a CLI one, and whether it ran
    // the saved version or unsaved edits on top of it (each response keeps what was sent).
    const nlohmann::json options = {{"source", "window"}, {"draft", m_draft}};
    m_writer.startRun(m_key, m_prompt, m_version, targetIds, total, options);
}

void PaneRunSink::add(const store::ResponseRecord &record)
{
    m_writer.addResponse(m_key, record);
}

void PaneRunSink::finish(model::RunStatus status)
{
    m_writer.finishRun(m_key, status);
}

} // namespace ps::app
