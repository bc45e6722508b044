#pragma once

#include "prompt_source.h"

#include "run/target_run.h"

#include <QString>

#include <memory>
#include <vector>

// Stores a run of the panes through the store writer, as the CLI stores `run`: each answer
// under the version of the prompt it came from, marked as a window run and whether it ran
// unsaved edits.
namespace ps::app {

class StoreWriter;

// The saved version a slot's prompt was, or started from when it held unsaved edits.
struct SlotVersion
{
    int number = 0;
    bool draft = false;

    bool operator==(const SlotVersion &) const = default;
};

class PaneRunSink final : public run::RunSink
{
public:
    // The sink for a run of `prompt` in every slot; null when the prompt has no saved version
    // to store a run under (the run is shown only). `writer` must outlive the run's calls.
    static std::shared_ptr<PaneRunSink> forPrompt(
        StoreWriter &writer, const PromptSnapshot &prompt);

    // One run of `prompt` whose slot i answered `versions[i]` (comparing versions); the run is
    // stored under the first slot's version. `versions` must not be empty.
    PaneRunSink(StoreWriter &writer, QString prompt, std::vector<SlotVersion> versions);

    // start() on the GUI thread (the writer reads the open project's path there); add() and
    // finish() from any thread.
    void start(const std::vector<std::string> &targetIds, int total) override;
    void add(std::size_t slot, const store::ResponseRecord &record) override;
    void finish(model::RunStatus status) override;

private:
    StoreWriter &m_writer;
    const int m_key; // the writer's name for this run
    const QString m_prompt;
    const std::vector<SlotVersion> m_slots; // one, when every slot ran the same
};

} // namespace ps::app
