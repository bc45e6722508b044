#pragma once

#include "model/prompt_record.h"
#include "model/version_content.h"
#include "prompt_document.h"

#include <nlohmann/json.hpp>

#include <QTimer>
#include <QWidget>

class QAction;
class QMenu;
class QLabel;
class QPushButton;
class QSplitter;
class QTabWidget;

// The centre of the window: the prompt's title, its conversation editor, and the Variables,
// Examples, Parameters, Preview and History tabs, kept in step as the user types.
namespace ps::widgets {

class ConversationEditor;
class ExamplesPanel;
class ImageThumbnails;
class HistoryList;
class HistoryPanel;
class ParametersPanel;
class PreviewPanel;
class VariablesPanel;

class PromptWorkbench final : public QWidget
{
    Q_OBJECT
public:
    explicit PromptWorkbench(QWidget *parent = nullptr);

    // Shows a prompt's content (a saved version or a restored draft) with a fresh history,
    // without emitting contentEdited().
    void showPrompt(const QString &name, const model::VersionContent &content,
        PromptDocument::Origin origin, const nlohmann::json &values);
    // Nothing open: `text` says why and what to do next; `action`, when given, is offered as a
    // button (e.g. New Prompt…).
    void showEmptyState(const QString &text, QAction *action = nullptr);
    QString emptyStateText() const;
    // The line under the title, e.g. "draft (from v3)" or "v3 · production".
    void setState(const QString &text);
    void setHistory(const std::vector<model::VersionRecord> &versions);
    // The models the panes send to: the Preview and the examples count tokens for them.
    void setCountingModels(const std::vector<std::string> &models);
    const std::vector<std::string> &countingModels() const { return m_countingModels; }

    QString promptName() const { return m_name; }
    const model::VersionContent &content() const { return m_document->content(); }
    PromptDocument *document() const { return m_document; }
    nlohmann::json values() const;
    nlohmann::json allValues() const;

    ConversationEditor *conversation() const { return m_conversation; }
    // The Edit menu's entries for this editor: Undo and Redo over the prompt document's history,
    // Find and Replace; window-wide, so Qt's own editor shortcuts do not win inside an editor.
    void addEditActions(QMenu *menu);
    VariablesPanel *variables() const { return m_variables; }
    PreviewPanel *preview() const { return m_preview; }
    ParametersPanel *parameters() const { return m_parameters; }
    ExamplesPanel *examples() const { return m_examples; }
    ImageThumbnails *thumbnails() const { return m_thumbnails; }
    // Why the editor cannot be saved as it is (a schema that does not parse, ...); "" if it can.
    QString unsavableReason() const;
    void showParameters();
    HistoryList *history() const { return m_history; }
    HistoryPanel *historyPanel() const { return m_historyPanel; }
    QSplitter *splitter() const { return m_splitter; }
    QTabWidget *tabs() const { return m_tabs; }

signals:
    void contentEdited(); // an edit, an undo or a redo
    void valuesEdited();
    void versionActivated(int number);
    void saveRequested(); // the header's "Save version" button

private:
    void analyse();

    QString m_name;
    PromptDocument *m_document = nullptr;
    QLabel *m_title = nullptr;
    QLabel *m_state = nullptr;
    ConversationEditor *m_conversation = nullptr;
    QTabWidget *m_tabs = nullptr;
    VariablesPanel *m_variables = nullptr;
    PreviewPanel *m_preview = nullptr;
    ParametersPanel *m_parameters = nullptr;
    ExamplesPanel *m_examples = nullptr;
    HistoryList *m_history = nullptr;
    HistoryPanel *m_historyPanel = nullptr;
    QSplitter *m_splitter = nullptr;
    QWidget *m_body = nullptr;
    QWidget *m_empty = nullptr;
    QLabel *m_emptyText = nullptr;
    QPushButton *m_emptyButton = nullptr;
    QTimer m_analyseTimer;
    ImageThumbnails *m_thumbnails = nullptr;
    std::vector<std::string> m_countingModels;
};

} // namespace ps::widgets
