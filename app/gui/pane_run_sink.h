#pragma once

#include "prompt_source.h"

#include "run/target_run.h"

#include <QString>

#include <memory>

// Stores a run of the panes through the store writer, as the CLI stores `run`: under the
// editor's base version, marked as a window run and whether it ran unsaved edits.
namespace ps::app {

class StoreWriter;

class PaneRunSink final : public run::RunSink
{
public:
    // The sink for a run of `prompt`; null when the prompt has no saved version to store a run
    // under (the run is shown only). `writer` must outlive the run's calls.
    static std::shared_ptr<PaneRunSink> forPrompt(
        StoreWriter &writer, const PromptSnapshot &prompt);

    PaneRunSink(StoreWriter &writer, QString prompt, int version, bool draft);

    // start() on the GUI thread (the writer reads the open project's path there); add() and
    // finish() from any thread.
    void start(const std::vector<std::string> &targetIds, int total) override;
    void add(const store::ResponseRecord &record) override;
    void finish(model::RunStatus status) override;

private:
    StoreWriter &m_writer;
    const int m_key; // the writer's name for this run
    const QString m_prompt;
    const int m_version;
    const bool m_draft;
};

} // namespace ps::app
