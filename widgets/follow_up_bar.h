#pragma once

#include <QWidget>

class QLineEdit;
class QToolButton;

// Under a pane's answer: a reply that continues the conversation in that pane, and what can be
// done with the conversation — keep it in the draft as messages, or clear it.
namespace ps::widgets {

class FollowUpBar final : public QWidget
{
    Q_OBJECT
public:
    explicit FollowUpBar(QWidget *parent = nullptr);

    // Replies made so far in the pane (Clear has something to clear from one on).
    void setReplies(int replies);
    QLineEdit *replyEdit() const { return m_reply; }
    QToolButton *sendButton() const { return m_send; }
    QToolButton *keepButton() const { return m_keep; }
    QToolButton *clearButton() const { return m_clear; }

signals:
    void replied(const QString &text);
    void keepRequested();
    void clearRequested();

private:
    void send();

    QLineEdit *m_reply;
    QToolButton *m_send;
    QToolButton *m_keep;
    QToolButton *m_clear;
};

} // namespace ps::widgets
