#pragma once

#include <QStatusBar>

class QLabel;

// The window's status bar: the latest note (what was saved, what failed), what is running, the
// session's spending, and the hint shown while only the echo provider is set up.
namespace ps::app {

class MainStatusBar final : public QStatusBar
{
    Q_OBJECT
public:
    explicit MainStatusBar(QWidget *parent = nullptr);

    QString note() const;
    QString hint() const; // "" while hidden

public slots:
    void setNote(const QString &text);
    void setRunning(const QString &text);
    void setSessionCost(double dollars);
    void setOnlyEcho(bool onlyEcho);

private:
    QLabel *m_note;
    QLabel *m_running;
    QLabel *m_cost;
    QLabel *m_hint;
};

} // namespace ps::app
