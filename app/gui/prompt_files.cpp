#include "prompt_files.h"

#include "editor_session.h"
#include "export_dialog.h"
#include "import_dialog.h"
#include "project_session.h"
#include "std_text.h"
#include "store_writer.h"

#include "store/project_file.h"
#include "store/version_queries.h"

#include <QAction>
#include <QDir>
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

// The preview of a file and those beside it, each under its name.
QString filesShown(const io::ExportedFile &file)
{
    if (file.beside.empty())
        return qs(file.text);
    QString text = QStringLiteral("── %1 ──\n").arg(qs(file.fileName)) + qs(file.text);
    for (const io::BesideFile &beside : file.beside)
        text += QStringLiteral("\n── %1 ──\n").arg(qs(beside.path)) + qs(beside.text);
    return text;
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
    m_export->setToolTip(tr("Write a prompt as files other tools read: a bundle, promptfoo, GitHub Models, Langfuse, Markdown (Ctrl+Shift+X)"));
    m_import->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_I));
    m_import->setToolTip(tr("Add the prompts of a bundle, a .prompt.yml, a Langfuse file or a Markdown page, previewed first (Ctrl+Shift+I)"));
    connect(m_export, &QAction::triggered, this, &PromptFiles::openExport);
    connect(m_import, &QAction::triggered, this, &PromptFiles::chooseImportFile);
    connect(&m_exportJob, &QFutureWatcher<Preview>::finished, this, [this] {
        if (std::exchange(m_exportAgain, false))
            return refreshExport();
        if (!m_exportDialog)
            return;
        const Preview preview = m_exportJob.result();
        m_exported = preview.file;
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
    using Takes = widgets::ExportDialog::Takes;
    QList<widgets::ExportDialog::FormatChoice> formats;
    for (io::PromptFormat format : io::promptFormats()) {
        widgets::ExportDialog::FormatChoice choice {qs(io::toString(format)), qs(io::displayName(format))};
        if (io::takesDataset(format))
            choice.datasets = format == io::PromptFormat::Bundle ? Takes::Many : Takes::One;
        if (io::takesTargets(format))
            choice.targets = format == io::PromptFormat::Promptfoo ? Takes::Many : Takes::One;
        choice.targetRequired = io::needsTarget(format) || format == io::PromptFormat::Promptfoo;
        choice.oneVersion = io::isOneVersion(format);
        formats.push_back(choice);
    }
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
    m_exportDialog->setChoices(prompts, formats, datasets, targets);
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
    m_exported.reset(); // until the preview of these choices is there
    const std::string path = m_session->workspace().project.path;
    io::ExportRequest request;
    request.ref = m_exportDialog->prompt().toStdString();
    if (m_exportDialog->version() > 0)
        request.ref += "@" + std::to_string(m_exportDialog->version());
    request.format = io::promptFormatFromName(m_exportDialog->format().toStdString()).value_or(io::PromptFormat::Bundle);
    for (const QString &name : m_exportDialog->datasets())
        request.datasets.push_back(name.toStdString());
    for (const QString &target : m_exportDialog->targets())
        request.targets.push_back(target.toStdString()); // a request's variables: the version's defaults
    m_exportJob.setFuture(QtConcurrent::run([path, request] {
        Preview preview;
        try {
            const store::Project project = store::Project::open(path, store::ProjectAccess::Read);
            auto file = std::make_shared<io::ExportedFile>(io::exportPrompt(project, request));
            preview.text = filesShown(*file);
            preview.lost = qs(file->lost);
            preview.file = std::move(file);
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
    const QDir projectDir = QFileInfo(qs(m_session->workspace().project.path)).dir();
    QString path;
    if (io::writesFolder(format)) {
        path = QFileDialog::getExistingDirectory(m_exportDialog, tr("Export Prompt into Folder"), projectDir.path());
    } else {
        const QString suggested = m_exportDialog->prompt() + qs(io::fileSuffix(format));
        const QString filter = format == io::PromptFormat::Markdown ? tr("Markdown (*.md)")
            : format == io::PromptFormat::PromptYml                  ? tr("GitHub Models prompt (*.prompt.yml)")
            : format == io::PromptFormat::Prompty                    ? tr("Prompty (*.prompty)")
                                                                     : tr("JSON (*.json)");
        path = QFileDialog::getSaveFileName(m_exportDialog, tr("Export Prompt"), projectDir.filePath(suggested), filter);
    }
    if (!path.isEmpty())
        saveExportTo(path);
}

void PromptFiles::saveExportTo(const QString &path)
{
    if (!m_exportDialog)
        return;
    if (!m_exported) {
        emit statusMessage(tr("The file is still being made: save again in a moment."));
        return;
    }
    const std::string project = m_session->workspace().project.path;
    const io::ExportPaths paths = io::exportPaths(*m_exported, path.toStdString());
    std::vector<std::filesystem::path> all = paths.beside;
    all.push_back(paths.main);
    for (const std::filesystem::path &file : all)
        if (store::isPartOfProject(file.string(), project)) {
            m_exportDialog->showError(tr("%1 is the project itself (or one of its files): writing there would "
                                         "destroy it. Choose another file.").arg(qs(file.filename().string())));
            return;
        }
    const std::shared_ptr<const io::ExportedFile> file = m_exported;
    const QString shown = qs(paths.main.string());
    QPointer<widgets::ExportDialog> dialog = m_exportDialog;
    auto *job = new QFutureWatcher<QString>(this);
    connect(job, &QFutureWatcher<QString>::finished, this, [this, job, shown, dialog, count = all.size()] {
        job->deleteLater();
        const QString error = job->result();
        if (!error.isEmpty()) {
            if (dialog)
                dialog->showError(error);
            emit statusMessage(error);
            return;
        }
        emit statusMessage(count > 1 ? tr("Wrote %1 and the prompt file beside it").arg(QFileInfo(shown).fileName())
                                     : tr("Wrote %1").arg(QFileInfo(shown).fileName()));
        emit exported(shown);
        if (dialog)
            dialog->close();
    });
    job->setFuture(QtConcurrent::run([file, paths] {
        try {
            io::writeExport(*file, paths);
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
        tr("Prompt files (*.json *.md *.yml *.yaml *.prompty);;All files (*)"));
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
                std::string_view(bytes.constData(), std::size_t(bytes.size())), std::nullopt, path.toStdString(), author,
                store::utcNow(), io::filesBeside(path.toStdString())));
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
