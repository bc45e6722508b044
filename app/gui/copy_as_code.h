#pragma once

#include "code_dialog.h"

#include "dispatch/dispatcher.h"

#include <QObject>
#include <QPointer>
#include <QString>

#include <optional>

namespace ps::widgets {
class ResponseArea;
}

// Copy as Code: the request a pane sent, written out by core as curl, Python and JavaScript
// (with the target's retries, timeout and fallbacks when asked), shown in the code dialog.
namespace ps::app {

class ComparisonRunner;

class CopyAsCode final : public QObject
{
    Q_OBJECT
public:
    CopyAsCode(const ComparisonRunner *runner, widgets::ResponseArea *area,
        providers::EnvLookup env, QObject *parent = nullptr);

    widgets::CodeDialog *dialog() const { return m_dialog; }

signals:
    void statusMessage(const QString &text);

private:
    void open(int paneId);
    void fill(bool withPolicy);

    const ComparisonRunner *m_runner;
    widgets::ResponseArea *m_area;
    providers::EnvLookup m_env;
    std::optional<dispatch::TargetCall> m_call; // what the dialog shows
    QPointer<widgets::CodeDialog> m_dialog;
};

} // namespace ps::app
