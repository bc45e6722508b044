#pragma once

#include <QTextBrowser>

// The turns of a pane's conversation before the answer it shows now: each earlier answer with
// its own metrics, and the reply that followed it. Hidden while there are none.
namespace ps::widgets {

class TurnTranscript final : public QTextBrowser
{
    Q_OBJECT
public:
    explicit TurnTranscript(QWidget *parent = nullptr);

    void addTurn(const QString &answer, const QString &metrics, const QString &reply);
    void clearTurns();
    int turnCount() const { return m_turns; }

private:
    QString m_markdown;
    int m_turns = 0;
};

} // namespace ps::widgets
