#include "prompt_files.h"

#include "editor_session.h"
#include "export_dialog.h"
#include "import_dialog.h"
#include "project_session.h"
#include "std_text.h"
#include "store_writer.h"

#include "store/project_file.h"
#include "store/version_queries.h"
#include "util/atomic_file.h"

#include <QAction>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QWidget>
#include <QtConcurrent/QtConcurrentRun>

namespace ps::app {

namespace {

using widgets::qs;

// A file a user hands in: capped as the CLI caps it.
constexpr qint64 kMaxImportBytes = qint64(64) << 20;

// "v2 · staging · tighter wording" for the version chooser.
QString versionLine(const model::VersionRecord &version)
{
    QString line = QStringLiteral("v%1").arg(version.number);
    for (const std::string &label : version.labels)
        line += QStringLiteral(" · ") + qs(label);
    if (!version.message.empty())
        line += QStringLiteral(" — ") + qs(version.message);
    return line;
}

widgets::ImportDialog::Preview previewRows(const io::ImportPreview &preview, const io::ImportFile &file)
{
    widgets::ImportDialog::Preview rows;
    for (const io::PlannedPrompt &prompt : preview.prompts) {
        widgets::ImportDialog::PromptRow row {qs(prompt.name), prompt.exists, {}, qs(prompt.labels)};
        for (const io::PlannedVersion &version : prompt.versions) {
            QString title = QStringLiteral("v%1").arg(version.foreignNumber);
            if (!version.message.empty())
                title += QStringLiteral(" · ") + qs(version.message);
            title += QStringLiteral(" · ") + qs(version.author) + QStringLiteral(" · ")
                + qs(version.created.substr(0, 10));
            row.versions.push_back({title, !version.alreadyHere});
        }
        rows.prompts.push_back(row);
    }
    rows.datasets = qs(preview.datasets);
    rows.notes = qs(file.lost) + qs(file.warnings);
    rows.newVersions = int(preview.newVersions());
    return rows;
}

} // namespace

PromptFiles::PromptFiles(ProjectSession *session, QWidget *window)
    : QObject(window)
    , m_session(session)
    , m_window(window)
    , m_export(new QAction(tr("&Export Prompt…"), this))
    , m_import(new QAction(tr("&Import Prompts…"), this))
{
    m_export->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_X));
    m_export->setToolTip(tr("Write a prompt as a file other tools read: a bundle or Langfuse's (Ctrl+Shift+X)"));
    m_import->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_I));
    m_import->setToolTip(tr("Add the prompts of a bundle or a Langfuse file, previewed first (Ctrl+Shift+I)"));
    connect(m_export, &QAction::triggered, this, &PromptFiles::openExport);
    connect(m_import, &QAction::triggered, this, &PromptFiles::chooseImportFile);
    connect(&m_exportJob, &QFutureWatcher<Preview>::finished, this, [this] {
        if (std::exchange(m_exportAgain, false))
            return refreshExport();
        if (!m_exportDialog)
            return;
        const Preview preview = m_exportJob.result();
        if (preview.error.isEmpty())
            m_exportDialog->showPreview(preview.text, preview.lost);
        else
            m_exportDialog->showError(preview.error);
    });
    connect(&m_importJob, &QFutureWatcher<ReadImport>::finished, this,
        [this] { showImport(m_importJob.result()); });
}

PromptFiles::~PromptFiles()
{
    m_exportJob.waitForFinished();
    m_importJob.waitForFinished();
}

void PromptFiles::openExport()
{
    const widgets::ProjectSnapshot &project = m_session->workspace().project;
    QList<widgets::ExportDialog::PromptChoice> prompts;
    for (const model::PromptRecord &prompt : project.prompts) {
        widgets::ExportDialog::PromptChoice choice {qs(prompt.name), {}};
        if (const auto versions = project.versions.find(prompt.name); versions != project.versions.end())
            for (auto version = versions->second.rbegin(); version != versions->second.rend(); ++version)
                choice.versions.push_back({version->number, versionLine(*version)});
        if (!choice.versions.isEmpty())
            prompts.push_back(choice);
    }
    if (prompts.isEmpty()) {
        emit statusMessage(tr("No prompt has a saved version to export yet: save one first (Ctrl+S)."));
        return;
    }
    QList<QPair<QString, QString>> formats;
    for (io::PromptFormat format : io::promptFormats())
        formats.push_back({qs(io::toString(format)), qs(io::displayName(format))});
    QStringList datasets;
    for (const model::DatasetRecord &dataset : project.datasets)
        datasets << qs(dataset.name);

    if (m_exportDialog)
        m_exportDialog->close();
    m_exportDialog = new widgets::ExportDialog(m_window);
    m_exportDialog->setAttribute(Qt::WA_DeleteOnClose);
    QStringList targets;
    if (const auto &catalog = m_session->workspace().catalog)
        for (const store::TargetRecord &target : catalog->targets())
            targets << qs(target.id);
    m_exportDialog->setChoices(prompts, formats, qs(io::toString(io::PromptFormat::Bundle)), datasets,
        qs(io::toString(io::PromptFormat::OpenAiRequest)), targets);
    m_exportDialog->select(qs(m_session->currentPrompt().promptName), 0);
    connect(m_exportDialog, &widgets::ExportDialog::previewNeeded, this, &PromptFiles::refreshExport);
    connect(m_exportDialog, &widgets::ExportDialog::saveRequested, this, &PromptFiles::chooseExportFile);
    m_exportDialog->show();
    refreshExport();
}

void PromptFiles::refreshExport()
{
    if (!m_exportDialog)
        return;
    if (m_exportJob.isRunning()) {
        m_exportAgain = true;
        return;
    }
    const std::string path = m_session->workspace().project.path;
    io::ExportRequest request;
    request.ref = m_exportDialog->prompt().toStdString();
    if (m_exportDialog->version() > 0)
        request.ref += "@" + std::to_string(m_exportDialog->version());
    request.format = io::promptFormatFromName(m_exportDialog->format().toStdString()).value_or(io::PromptFormat::Bundle);
    for (const QString &name : m_exportDialog->datasets())
        request.datasets.push_back(name.toStdString());
    request.target = m_exportDialog->target().toStdString(); // its variables: the version's defaults
    m_exportJob.setFuture(QtConcurrent::run([path, request] {
        Preview preview;
        try {
            const store::Project project = store::Project::open(path, store::ProjectAccess::Read);
            io::ExportedFile file = io::exportPrompt(project, request);
            preview.text = qs(file.text);
            preview.lost = qs(file.lost);
        } catch (const std::exception &error) {
            preview.error = qs(error.what());
        }
        return preview;
    }));
}

void PromptFiles::chooseExportFile()
{
    if (!m_exportDialog)
        return;
    const auto format = io::promptFormatFromName(m_exportDialog->format().toStdString()).value_or(io::PromptFormat::Bundle);
    const QString suggested = m_exportDialog->prompt() + qs(io::fileSuffix(format));
    const QString filter = format == io::PromptFormat::Markdown ? tr("Markdown (*.md)") : tr("JSON (*.json)");
    const QString path = QFileDialog::getSaveFileName(m_exportDialog, tr("Export Prompt"),
        QFileInfo(qs(m_session->workspace().project.path)).dir().filePath(suggested), filter);
    if (!path.isEmpty())
        saveExportTo(path);
}

void PromptFiles::saveExportTo(const QString &path)
{
    if (!m_exportDialog)
        return;
    const std::string project = m_session->workspace().project.path;
    if (store::isPartOfProject(path.toStdString(), project)) {
        m_exportDialog->showError(tr("%1 is the project itself (or one of its files): writing there would "
                                     "destroy it. Choose another file.").arg(QFileInfo(path).fileName()));
        return;
    }
    const std::string text = m_exportDialog->previewText().toStdString();
    QPointer<widgets::ExportDialog> dialog = m_exportDialog;
    auto *job = new QFutureWatcher<QString>(this);
    connect(job, &QFutureWatcher<QString>::finished, this, [this, job, path, dialog] {
        job->deleteLater();
        const QString error = job->result();
        if (!error.isEmpty()) {
            if (dialog)
                dialog->showError(error);
            emit statusMessage(error);
            return;
        }
        emit statusMessage(tr("Wrote %1").arg(QFileInfo(path).fileName()));
        emit exported(path);
        if (dialog)
            dialog->close();
    });
    job->setFuture(QtConcurrent::run([path, text] {
        try {
            util::writeFileAtomically(path.toStdString(), text);
        } catch (const std::exception &error) {
            return qs(error.what());
        }
        return QString();
    }));
}

void PromptFiles::chooseImportFile()
{
    const QString path = QFileDialog::getOpenFileName(m_window, tr("Import Prompts"),
        QFileInfo(qs(m_session->workspace().project.path)).dir().path(),
        tr("Prompt files (*.json *.md);;All files (*)"));
    if (!path.isEmpty())
        openImport(path);
}

void PromptFiles::openImport(const QString &path)
{
    if (m_importJob.isRunning())
        return;
    if (m_importDialog)
        m_importDialog->close();
    m_importPath = path;
    m_importFile.reset();
    const std::string project = m_session->workspace().project.path;
    const std::string author = EditorSession::author().toStdString();
    emit statusMessage(tr("Reading %1…").arg(QFileInfo(path).fileName()));
    m_importJob.setFuture(QtConcurrent::run([path, project, author] {
        ReadImport read;
        try {
            QFile input(path);
            if (!input.open(QIODevice::ReadOnly))
                throw std::runtime_error("cannot read " + path.toStdString() + ": " + input.errorString().toStdString());
            if (input.size() > kMaxImportBytes)
                throw std::runtime_error(path.toStdString() + " is larger than 64 MB: not a prompt file");
            const QByteArray bytes = input.readAll();
            auto file = std::make_shared<io::ImportFile>(io::readImportFile(
                std::string_view(bytes.constData(), std::size_t(bytes.size())), std::nullopt, author, store::utcNow()));
            read.preview = io::previewImport(store::Project::open(project, store::ProjectAccess::Read), *file, std::nullopt);
            read.file = std::move(file);
        } catch (const std::exception &error) {
            read.error = QFileInfo(path).fileName() + QStringLiteral(": ") + qs(error.what());
        }
        return read;
    }));
}

void PromptFiles::previewImport()
{
    if (!m_importDialog || !m_importFile || m_importJob.isRunning())
        return;
    const std::string project = m_session->workspace().project.path;
    const std::shared_ptr<const io::ImportFile> file = m_importFile;
    const QString name = m_importDialog->importName();
    const std::optional<std::string> asName = name.isEmpty() ? std::nullopt : std::optional(name.toStdString());
    m_importJob.setFuture(QtConcurrent::run([project, file, asName] {
        ReadImport read;
        read.file = file;
        try {
            read.preview = io::previewImport(store::Project::open(project, store::ProjectAccess::Read), *file, asName);
        } catch (const std::exception &error) {
            read.error = qs(error.what());
        }
        return read;
    }));
}

void PromptFiles::showImport(const ReadImport &read)
{
    if (!m_importDialog && !read.file) {
        emit statusMessage(read.error);
        return;
    }
    if (!m_importDialog) {
        m_importFile = read.file;
        const bool renamable = (read.file->bundle ? 1 : read.file->prompts.size()) == 1;
        m_importDialog = new widgets::ImportDialog(QFileInfo(m_importPath).fileName(),
            qs(io::displayName(read.file->format)), renamable, m_window);
        m_importDialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(m_importDialog, &widgets::ImportDialog::renameChanged, this, &PromptFiles::previewImport);
        connect(m_importDialog, &QDialog::accepted, this, &PromptFiles::applyImport);
        m_importDialog->show();
    }
    if (read.preview)
        m_importDialog->showPreview(previewRows(*read.preview, *read.file));
    else
        m_importDialog->showError(read.error);
    emit statusMessage(QString());
}

void PromptFiles::applyImport()
{
    if (!m_importFile || !m_importDialog)
        return;
    const QString name = m_importDialog->importName();
    const std::optional<std::string> asName = name.isEmpty() ? std::nullopt : std::optional(name.toStdString());
    const std::shared_ptr<const io::ImportFile> file = m_importFile;
    auto summary = std::make_shared<QString>();
    m_session->writer()->changeProject(
        [file, asName, summary](store::Project &project) {
            const io::ImportResult result = io::applyImport(project, *file, asName);
            int added = 0;
            QStringList names;
            for (const io::ImportedPrompt &prompt : result.prompts) {
                names << qs(prompt.name);
                for (const store::ImportedVersion &version : prompt.versions.versions)
                    added += version.added ? 1 : 0;
            }
            *summary = added == 1 ? tr("Imported 1 version into %1").arg(names.join(QStringLiteral(", ")))
                                  : tr("Imported %1 versions into %2").arg(added).arg(names.join(QStringLiteral(", ")));
            if (!result.datasetsAdded.empty())
                *summary += result.datasetsAdded.size() == 1 ? tr(", and a dataset")
                                                             : tr(", and %1 datasets").arg(result.datasetsAdded.size());
        },
        [this, summary](const QString &error) {
            if (!error.isEmpty()) {
                emit statusMessage(tr("Nothing was imported: %1").arg(error));
                return;
            }
            emit statusMessage(*summary);
            emit imported(*summary);
        });
}

} // namespace ps::app
