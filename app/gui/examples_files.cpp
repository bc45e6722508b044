#include "examples_files.h"

#include "examples_model.h"
#include "examples_panel.h"
#include "prompt_workbench.h"

#include "eval/dataset.h"
#include "io/examples_file.h"
#include "util/atomic_file.h"

#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QtConcurrent/QtConcurrentRun>

namespace ps::app {

ExamplesFiles::ExamplesFiles(widgets::PromptWorkbench *workbench, QWidget *window)
    : QObject(window)
    , m_workbench(workbench)
    , m_window(window)
{
    widgets::ExamplesPanel *panel = workbench->examples();
    connect(panel, &widgets::ExamplesPanel::importRequested, this, &ExamplesFiles::chooseImport);
    connect(panel, &widgets::ExamplesPanel::exportRequested, this, &ExamplesFiles::chooseExport);
    connect(&m_job, &QFutureWatcher<Outcome>::finished, this, &ExamplesFiles::finished);
}

ExamplesFiles::~ExamplesFiles()
{
    m_job.waitForFinished();
}

void ExamplesFiles::chooseImport()
{
    const QString path = QFileDialog::getOpenFileName(m_window, tr("Import Examples"), QString(),
        tr("Examples (*.csv *.jsonl);;All files (*)"));
    if (!path.isEmpty())
        importFile(path);
}

void ExamplesFiles::chooseExport(const QString &format)
{
    const QString suffix = format == QStringLiteral("csv") ? QStringLiteral(".csv") : QStringLiteral(".jsonl");
    QString path = QFileDialog::getSaveFileName(m_window, tr("Export Examples"),
        m_workbench->promptName() + QStringLiteral("-examples") + suffix,
        format == QStringLiteral("csv") ? tr("CSV (*.csv)") : tr("JSON Lines (*.jsonl)"));
    if (path.isEmpty())
        return;
    if (!path.endsWith(suffix))
        path += suffix;
    exportFile(path, format);
}

void ExamplesFiles::importFile(const QString &path)
{
    if (m_job.isRunning())
        return;
    std::vector<std::string> variables;
    for (const QString &name : m_workbench->examples()->model()->inputColumns())
        variables.push_back(name.toStdString());
    m_path = path;
    m_importing = true;
    emit statusMessage(tr("Reading %1…").arg(QFileInfo(path).fileName()));
    m_job.setFuture(QtConcurrent::run([path, variables] {
        Outcome outcome;
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            outcome.error = tr("cannot read %1: %2").arg(path, file.errorString());
            return outcome;
        }
        const QByteArray bytes = file.readAll();
        try {
            outcome.examples = io::readExamplesFile(
                std::string_view(bytes.constData(), std::size_t(bytes.size())),
                QFileInfo(path).fileName().toStdString(), variables);
        } catch (const eval::DatasetError &error) {
            outcome.error = QString::fromStdString(error.what());
        }
        return outcome;
    }));
}

void ExamplesFiles::exportFile(const QString &path, const QString &format)
{
    if (m_job.isRunning())
        return;
    const std::vector<model::Example> examples = m_workbench->content().examples;
    std::vector<std::string> variables;
    for (const QString &name : m_workbench->examples()->model()->inputColumns())
        variables.push_back(name.toStdString());
    m_path = path;
    m_importing = false;
    m_job.setFuture(QtConcurrent::run([path, format, examples, variables] {
        Outcome outcome;
        try {
            util::writeFileAtomically(path.toStdString(),
                format == QStringLiteral("csv") ? io::writeExamplesCsv(examples, variables)
                                                : io::writeExamplesJsonl(examples));
            outcome.examples = examples;
        } catch (const std::exception &error) {
            outcome.error = QString::fromStdString(error.what());
        }
        return outcome;
    }));
}

void ExamplesFiles::finished()
{
    const Outcome outcome = m_job.result();
    const QString name = QFileInfo(m_path).fileName();
    if (!outcome.error.isEmpty()) {
        emit statusMessage((m_importing ? tr("Nothing imported: %1") : tr("Not exported: %1"))
                               .arg(outcome.error));
        return;
    }
    const int count = int(outcome.examples.size());
    if (!m_importing) {
        emit statusMessage(tr("Exported %n example(s) to %1", nullptr, count).arg(m_path));
        emit exported(m_path);
        return;
    }
    m_workbench->examples()->model()->appendExamples(
        outcome.examples, tr("Import %n example(s) from %1", nullptr, count).arg(name));
    emit statusMessage(tr("Imported %n example(s) from %1 — Ctrl+Z takes them out again", nullptr, count).arg(name));
    emit imported(count);
}

} // namespace ps::app
