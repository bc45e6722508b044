#pragma once

#include "model/version_content.h"

#include <QFrame>

class QComboBox;
class QToolButton;

// One message of a conversation: a role picker, a template editor and move/remove buttons.
namespace ps::widgets {

class PromptEditor;

class MessageCard final : public QFrame
{
    Q_OBJECT
public:
    explicit MessageCard(QWidget *parent = nullptr);

    // Shows `message` without emitting edited(); tool-call fields are kept as they are.
    void setMessage(const model::Message &message);
    model::Message message() const;
    PromptEditor *editor() const { return m_editor; }

    void setMoveEnabled(bool up, bool down);
    // Marks a template error in place: `line` and `column` are 1-based, as TemplateError has them.
    void showError(int line, int column, const QString &text);
    void clearError();
    QString errorText() const { return m_error; }

signals:
    void edited();
    void removeRequested();
    void moveUpRequested();
    void moveDownRequested();

private:
    QComboBox *m_role = nullptr;
    QToolButton *m_up = nullptr;
    QToolButton *m_down = nullptr;
    PromptEditor *m_editor = nullptr;
    model::Message m_message; // keeps what the card does not edit (tool calls)
    QString m_error;
    bool m_loading = false;
};

} // namespace ps::widgets
