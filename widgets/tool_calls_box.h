#pragma once

#include <QList>
#include <QString>
#include <QWidget>

class QPlainTextEdit;
class QPushButton;
class QVBoxLayout;

// The tools an answer called, each shown as a call — its name, id and pretty-printed arguments —
// with a box for the mocked result the user types (JSON or text); Send Results continues the
// conversation with them. Parallel calls each get their box.
namespace ps::widgets {

struct PaneToolCall
{
    QString id;
    QString name;
    QString arguments; // JSON text as the model produced it
};

class ToolCallsBox final : public QWidget
{
    Q_OBJECT
public:
    explicit ToolCallsBox(QWidget *parent = nullptr);

    // Shows `calls` (hidden when there are none), each with an empty result box.
    void setCalls(const QList<PaneToolCall> &calls);
    int callCount() const { return int(m_calls.size()); }
    const QList<PaneToolCall> &calls() const { return m_calls; }
    QPlainTextEdit *resultEdit(int index) const { return m_results.value(index); }
    QString argumentsShown(int index) const;
    QPushButton *sendButton() const { return m_send; }

signals:
    // {call id, typed result} for every call, in order.
    void resultsSubmitted(const QList<QPair<QString, QString>> &results);

private:
    void updateSend();

    QList<PaneToolCall> m_calls;
    QList<QPlainTextEdit *> m_results;
    QList<QPlainTextEdit *> m_arguments;
    QVBoxLayout *m_list;
    QPushButton *m_send;
};

} // namespace ps::widgets
