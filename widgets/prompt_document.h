#pragma once

#include "model/version_content.h"

#include <QObject>
#include <QUndoStack>

#include <cstddef>
#include <string>

// The prompt being edited: its version content and the undo history of every change to it.
namespace ps::widgets {

class MessageCommand;
class SetParamsCommand;
class SetExamplesCommand;

// Editors render the document and call its edit methods; each edit is one undoable command.
// "Draft" means the history is away from the state last saved (or the content came from a
// restored draft, which has no saved state in this history).
class PromptDocument final : public QObject
{
    Q_OBJECT
public:
    enum class Origin { SavedVersion, UnsavedDraft };

    explicit PromptDocument(QObject *parent = nullptr);

    // Replaces the content and forgets the history.
    void load(const model::VersionContent &content, Origin origin);
    const model::VersionContent &content() const { return m_content; }
    const std::vector<model::Message> &messages() const { return m_content.messages; }

    bool isDraft() const { return !m_history.isClean(); }
    // The content now shown is what was saved.
    void markSaved() { m_history.setClean(); }
    // The saved content is no longer anywhere in this history.
    void forgetSaved() { m_history.resetClean(); }
    QUndoStack *history() { return &m_history; }

    void addMessage(std::size_t index, const model::Message &message);
    void removeMessage(std::size_t index);
    void moveMessage(std::size_t from, std::size_t to);
    void setRole(std::size_t index, const std::string &role);
    // Consecutive text edits of one message are one undo step until endTyping().
    void editText(std::size_t index, const std::string &text);
    void endTyping() { ++m_typingRun; }
    // New parameters; edits of one `field` (the editor's own number) merge while typing.
    void setParams(const model::Params &params, int field, const QString &what);
    // Message `index`'s images, one undo step named `what` ("Add an image to message 2").
    void setImages(std::size_t index, std::vector<model::ImageRef> images, const QString &what);
    // New examples or mode, one undo step named `what` ("Delete 2 examples").
    void setExamples(std::vector<model::Example> examples, model::ExamplesMode mode,
        const QString &what);

signals:
    void loaded();
    void messageInserted(int index);
    void messageRemoved(int index);
    void messageMoved(int from, int to);
    void messageChanged(int index); // its role or text
    void paramsChanged(); // by an edit, an undo or a redo
    void examplesChanged(); // the examples or their mode, likewise
    void contentChanged(); // after any edit, undo or redo
    void draftChanged(bool isDraft);

private:
    friend class MessageCommand;
    friend class SetParamsCommand;
    friend class SetExamplesCommand;

    model::VersionContent m_content;
    QUndoStack m_history;
    int m_typingRun = 0; // text edits merge only within one run
};

} // namespace ps::widgets
