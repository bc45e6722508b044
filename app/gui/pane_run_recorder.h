#pragma once

// Stores the panes' calls as the CLI stores `run`: one run per Run all (or per pane run) under
// the editor's base version, each answer committed on the writer thread as it arrives, the run
// finished when its last answer is in. Keys a server echoes back are blanked before storing.

#include "prompt_source.h"

#include "dispatch/dispatcher.h"
#include "store/run_store.h"

#include <QObject>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ps::secrets {
class SecretStore;
}

namespace ps::app {

class StoreWriter;

class PaneRunRecorder final : public QObject
{
    Q_OBJECT
public:
    // Both must outlive the recorder.
    PaneRunRecorder(
        StoreWriter &writer, const secrets::SecretStore &secrets, QObject *parent = nullptr);
    // Runs still open are finished as cancelled: their answers will not come.
    ~PaneRunRecorder() override;

    // Opens a group of calls of `prompt`: the calls added until close() form one run. 0 when
    // the prompt has no saved version to store a run under (nothing is stored then).
    int open(const PromptSnapshot &prompt);
    void addCall(int group, const dispatch::TargetCall &call);
    // Starts the run with the calls added; a group without calls is forgotten.
    void close(int group);
    // Stores one answer of the group, priced at `costUsd`; the run is finished with its last.
    void record(int group, const dispatch::CallOutcome &outcome, const std::string &requestedModel,
        std::optional<double> costUsd);

    int openRuns() const { return static_cast<int>(m_groups.size()); }

private:
    struct Group
    {
        QString prompt;
        int version = 0;
        bool draft = false;
        std::vector<std::string> targets;
        std::vector<std::string> keys; // to blank from what is stored
        int recorded = 0;
        bool closed = false;
        bool cancelled = false;
    };
    void finishIfDone(int group);

    StoreWriter &m_writer;
    const secrets::SecretStore &m_secrets;
    std::map<int, Group> m_groups;
    int m_nextGroup = 0;
};

} // namespace ps::app
