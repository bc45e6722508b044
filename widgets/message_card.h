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

    // Shows `message`'s role and text without emitting an edit. Text that changed (an undo)
    // is replaced with the cursor put where it changed; returns whether it was.
    bool showMessage(const model::Message &message);
    PromptEditor *editor() const { return m_editor; }

    void setMoveEnabled(bool up, bool down);
    // Marks a template error in place: `line` and `column` are 1-based, as TemplateError has them.
    void showError(int line, int column, const QString &text);
    void clearError();
    QString errorText() const { return m_error; }

signals:
    void textEdited(const QString &text);
    void roleEdited(const QString &role);
    void removeRequested();
    void moveUpRequested();
    void moveDownRequested();

private:
    QComboBox *m_role = nullptr;
    QToolButton *m_up = nullptr;
    QToolButton *m_down = nullptr;
    PromptEditor *m_editor = nullptr;
    QString m_error;
    bool m_loading = false;
};

} // namespace ps::widgets
