#include "dataset_tab.h"

#include "dataset_grid_model.h"
#include "dataset_view.h"
#include "project_session.h"
#include "preview_panel.h"
#include "prompt_workbench.h"
#include "variables_panel.h"

#include "eval/dataset.h"
#include "run/eval_cases.h"
#include "store/dataset_file_import.h"
#include "store/dataset_store.h"
#include "store/project.h"
#include "store/project_file.h"
#include "tokens/token_count.h"
#include "util/atomic_file.h"

#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <chrono>

namespace ps::app {

using nlohmann::json;

namespace {

QString qs(const std::string &text)
{
    return QString::fromStdString(text);
}

} // namespace

DatasetTab::DatasetTab(ProjectSession *session, widgets::DatasetView *view,
    widgets::PromptWorkbench *workbench, QObject *parent)
    : QObject(parent)
    , m_session(session)
    , m_view(view)
{
    connect(view, &widgets::DatasetView::saveRequested, this, &DatasetTab::save);
    connect(view, &widgets::DatasetView::importRequested, this, &DatasetTab::chooseImport);
    connect(view, &widgets::DatasetView::exportRequested, this, &DatasetTab::chooseExport);
    // A pane's answer added to the dataset on show: the grid shows the new revision, unless it
    // holds edits of its own (their save then names the revision it started from).
    connect(session->datasetFromAnswer(), &DatasetFromAnswer::caseAdded, this,
        [this](const QString &name) {
            if (m_view->gridModel()->table().name == name && !m_view->isModified())
                open(name);
        });
    connect(view, &widgets::DatasetView::currentCaseChanged, this,
        [this, workbench](int caseIndex) { showCaseTokens(workbench, caseIndex); });
    // The prompt it is sent with changed: the same case costs something else.
    connect(workbench, &widgets::PromptWorkbench::contentEdited, this, [this, workbench] {
        showCaseTokens(workbench, m_view->gridModel()->caseAt(m_view->grid()->currentIndex().row()));
    });
    connect(view, &widgets::DatasetView::fillRequested, this,
        [this, workbench](const QMap<QString, QString> &values) {
            json filled = workbench->variables()->values();
            for (auto value = values.begin(); value != values.end(); ++value)
                filled[value.key().toStdString()] = value.value().toStdString();
            workbench->variables()->setValues(filled);
            emit variablesFilled();
        });
}

void DatasetTab::showCaseTokens(const widgets::PromptWorkbench *workbench, int caseIndex)
{
    const widgets::DatasetTable &table = m_view->gridModel()->table();
    const auto &rows = m_view->gridModel()->rows();
    if (caseIndex < 0 || std::size_t(caseIndex) >= rows.size() || workbench->promptName().isEmpty()) {
        m_view->showCaseTokens(QString());
        return;
    }
    // The case as an evaluation sends it with the editor's prompt: one render, a millisecond.
    try {
        const eval::DatasetCase item = datasetCase(table, rows[std::size_t(caseIndex)], caseIndex + 1);
        const model::VersionContent &content = workbench->content();
        const run::PreparedCase prepared = run::prepareCase(content, item, caseIndex, json::object());
        const std::string tools = content.params.tools.empty() ? std::string() : content.params.tools.dump();
        QStringList counts;
        for (const tokens::ModelsCount &count : tokens::countForModels(prepared.messages, workbench->countingModels(), tools))
            counts << widgets::PreviewPanel::countText(count);
        m_view->showCaseTokens(tr("Case %1 with %2: %3")
                                   .arg(caseIndex + 1)
                                   .arg(workbench->promptName(), counts.join(QStringLiteral(" · "))));
    } catch (const std::exception &error) {
        m_view->showCaseTokens(tr("Case %1 cannot be sent with %2: %3")
                                   .arg(caseIndex + 1)
                                   .arg(workbench->promptName(), QString::fromStdString(error.what())));
    }
}

DatasetTab::~DatasetTab()
{
    m_job.waitForFinished();
    m_read.waitForFinished();
}

void DatasetTab::open(const QString &name)
{
    const std::string path = m_session->workspace().project.path;
    if (path.empty())
        return;
    m_read.waitForFinished(); // the newest request wins; a read takes a moment
    m_read = QtConcurrent::run([this, path, name = name.toStdString()] {
        try {
            const store::Project project = store::Project::open(path, store::ProjectAccess::Read);
            const store::DatasetStore datasets(project);
            const model::DatasetRecord record = datasets.latest(name);
            DatasetTableBuilder builder;
            datasets.visitCases(
                record.id, [&builder](std::size_t count) { builder.resize(count); },
                [&builder](std::size_t index, eval::DatasetCase &&item) { builder.add(index, item); });
            widgets::DatasetTable table = builder.finish();
            table.name = qs(record.name);
            table.revision = record.revision;
            table.datasetId = record.id;
            table.source = qs(record.source);
            QMetaObject::invokeMethod(
                this,
                [this, table = std::move(table)]() mutable { m_view->showTable(std::move(table)); },
                Qt::QueuedConnection);
        } catch (const std::exception &error) {
            QMetaObject::invokeMethod(
                this, [this, why = qs(error.what())] { m_view->showError(why); },
                Qt::QueuedConnection);
        }
    });
}

void DatasetTab::chooseImport()
{
    const QString path = QFileDialog::getOpenFileName(
        m_view, tr("Import Dataset"), QString(), tr("Datasets (*.jsonl *.csv)"));
    if (path.isEmpty())
        return;
    const QString open = m_view->gridModel()->table().name;
    importFile(path, open.isEmpty() ? QFileInfo(path).completeBaseName() : open);
}

void DatasetTab::chooseExport()
{
    const QString name = m_view->gridModel()->table().name;
    if (name.isEmpty())
        return;
    const QString path = QFileDialog::getSaveFileName(
        m_view, tr("Export Dataset"), name + QStringLiteral(".jsonl"), tr("JSONL (*.jsonl)"));
    if (!path.isEmpty())
        exportTo(path);
}

void DatasetTab::importFile(const QString &path, const QString &name)
{
    const std::string project = m_session->workspace().project.path;
    if (project.empty() || m_job.isRunning())
        return;
    m_view->showImportProgress(0, 0);
    m_job = QtConcurrent::run([this, project, path, name = name.toStdString()] {
        try {
            QFile file(path);
            if (!file.open(QIODevice::ReadOnly))
                throw std::runtime_error(
                    "cannot read " + path.toStdString() + ": " + file.errorString().toStdString());
            const QByteArray bytes = file.readAll();
            const std::string_view text(bytes.constData(), std::size_t(bytes.size()));
            // About one case a line: enough for a progress bar.
            const int lines = int(std::count(text.begin(), text.end(), '\n'));
            const store::Project opened = store::Project::open(project);
            auto last = std::chrono::steady_clock::now();
            const auto progress = [&](int read) {
                const auto now = std::chrono::steady_clock::now();
                if (now - last < std::chrono::milliseconds(100))
                    return;
                last = now;
                QMetaObject::invokeMethod(
                    this, [this, read, lines] { m_view->showImportProgress(read, lines); }, Qt::QueuedConnection);
            };
            const model::DatasetRecord record
                = store::DatasetFileImport {name, path.toStdString(), progress}.run(opened, text);
            QMetaObject::invokeMethod(
                this,
                [this, name = qs(record.name), revision = record.revision, count = record.caseCount] {
                    emit imported(name, revision);
                    m_view->showNote(tr("Imported %n cases as %1 revision %2", nullptr, count)
                                         .arg(name)
                                         .arg(revision));
                    open(name);
                },
                Qt::QueuedConnection);
        } catch (const std::exception &error) {
            QMetaObject::invokeMethod(
                this, [this, why = qs(error.what())] { m_view->showError(tr("Not imported: %1").arg(why)); },
                Qt::QueuedConnection);
        }
    });
}

void DatasetTab::exportTo(const QString &path)
{
    const std::string project = m_session->workspace().project.path;
    if (store::isPartOfProject(path.toStdString(), project)) {
        m_view->showError(tr("%1 is the project (or one of its side files); writing there would "
                             "destroy it: choose another file")
                              .arg(path));
        return;
    }
    std::vector<eval::DatasetCase> cases;
    try {
        cases = datasetCases(m_view->gridModel()->snapshot());
    } catch (const eval::DatasetError &error) {
        m_view->showError(tr("Not exported: case %1: %2").arg(error.line()).arg(qs(error.reason())));
        return;
    }
    if (m_job.isRunning())
        return;
    m_job = QtConcurrent::run([this, path, cases = std::move(cases)] {
        try {
            util::writeFileAtomically(path.toStdString(), eval::datasetJsonl(cases));
            QMetaObject::invokeMethod(
                this,
                [this, path, count = int(cases.size())] {
                    m_view->showNote(tr("Wrote %n cases to %1", nullptr, count).arg(path));
                },
                Qt::QueuedConnection);
        } catch (const std::exception &error) {
            QMetaObject::invokeMethod(
                this, [this, why = qs(error.what())] { m_view->showError(tr("Not exported: %1").arg(why)); },
                Qt::QueuedConnection);
        }
    });
}

void DatasetTab::save(const widgets::DatasetTable &table)
{
    std::vector<eval::DatasetCase> cases;
    try {
        cases = datasetCases(table);
    } catch (const eval::DatasetError &error) {
        m_view->showError(tr("Not saved: case %1: %2").arg(error.line()).arg(qs(error.reason())));
        return;
    }
    const std::string path = m_session->workspace().project.path;
    if (path.empty() || m_job.isRunning())
        return;
    m_job = QtConcurrent::run([this, path, cases = std::move(cases), name = table.name.toStdString(),
                                  from = table.revision] {
        try {
            const store::Project project = store::Project::open(path);
            const model::DatasetRecord record = store::DatasetStore(project).importCases(
                name, "edited in Promptsmith from revision " + std::to_string(from), cases);
            QMetaObject::invokeMethod(
                this,
                [this, name = qs(name), revision = record.revision] {
                    emit saved(revision);
                    open(name);
                },
                Qt::QueuedConnection);
        } catch (const std::exception &error) {
            QMetaObject::invokeMethod(
                this, [this, why = qs(error.what())] { m_view->showError(tr("Not saved: %1").arg(why)); },
                Qt::QueuedConnection);
        }
    });
}

} // namespace ps::app
