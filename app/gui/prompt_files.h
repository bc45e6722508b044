#pragma once

#include "io/prompt_exchange.h"

#include <QFutureWatcher>
#include <QObject>
#include <QPointer>
#include <QString>

#include <memory>
#include <optional>

class QAction;
class QWidget;

namespace ps::widgets {
class ExportDialog;
class ImportDialog;
}

// File ▸ Export Prompt… and File ▸ Import Prompts…: the window's front end of io's export and
// import use case (the one `export` and `import` drive). Files are read, previewed and written
// off the GUI thread; an import is shown before it is applied through the store writer.
namespace ps::app {

class ProjectSession;

class PromptFiles final : public QObject
{
    Q_OBJECT
public:
    PromptFiles(ProjectSession *session, QWidget *window);
    ~PromptFiles() override;

    QAction *exportAction() const { return m_export; }
    QAction *importAction() const { return m_import; }

    // What the actions lead to after their file dialogs; the tests call them directly.
    void openExport(); // the dialog, on the prompt in the editor
    void saveExportTo(const QString &path); // a file, or a folder for a format that writes one
    void openImport(const QString &path);

signals:
    void statusMessage(const QString &text);
    void exported(const QString &path);
    void imported(const QString &summary);

private:
    struct Preview
    {
        std::shared_ptr<const io::ExportedFile> file; // what Save writes: the preview's own bytes
        QString text;
        QStringList lost;
        QString error;
    };
    struct ReadImport
    {
        std::shared_ptr<const io::ImportFile> file;
        std::optional<io::ImportPreview> preview;
        QString error;
    };
    void refreshExport();
    void chooseExportFile();
    void chooseImportFile();
    void previewImport();
    void showImport(const ReadImport &read);
    void applyImport();

    ProjectSession *m_session;
    QWidget *m_window;
    QAction *m_export;
    QAction *m_import;
    QPointer<widgets::ExportDialog> m_exportDialog;
    QPointer<widgets::ImportDialog> m_importDialog;
    QFutureWatcher<Preview> m_exportJob;
    std::shared_ptr<const io::ExportedFile> m_exported; // the file the dialog shows
    bool m_exportAgain = false; // a choice changed while a preview was being made
    QFutureWatcher<ReadImport> m_importJob;
    std::shared_ptr<const io::ImportFile> m_importFile;
    QString m_importPath;
};

} // namespace ps::app
