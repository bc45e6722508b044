#pragma once

#include <QFutureWatcher>
#include <QObject>
#include <QString>

#include <string>
#include <vector>

#include "model/version_content.h"

class QWidget;

// The Examples tab's Import… and Export: asks for a file, reads or writes it off the GUI
// thread through core (io/examples_file), and adds what was read to the prompt as one undo
// step. A bad file changes nothing and says file, line and why.
namespace ps::widgets {
class PromptWorkbench;
}

namespace ps::app {

class ExamplesFiles final : public QObject
{
    Q_OBJECT
public:
    ExamplesFiles(widgets::PromptWorkbench *workbench, QWidget *window);
    ~ExamplesFiles() override;

    // What the dialogs lead to; the tests call them directly.
    void importFile(const QString &path);
    void exportFile(const QString &path, const QString &format);

signals:
    void statusMessage(const QString &text);
    void imported(int count);
    void exported(const QString &path);

private:
    struct Outcome
    {
        std::vector<model::Example> examples;
        QString error; // set when nothing was read or written
    };
    void chooseImport();
    void chooseExport(const QString &format);
    void finished();

    widgets::PromptWorkbench *m_workbench;
    QWidget *m_window;
    QFutureWatcher<Outcome> m_job;
    QString m_path;
    bool m_importing = false;
};

} // namespace ps::app
