#pragma once

#include <QDialog>
#include <QList>
#include <QStringList>

class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTreeWidget;

// File ▸ Import Prompts…: what a file will add before anything is written — each prompt (new
// or already here), each version (new, or already here and skipped), the labels and datasets,
// and what the file says that Promptsmith cannot keep. Whoever opens it reads the file, computes
// the preview (again when the name changes: renameChanged) and applies it on accept.
namespace ps::widgets {

class ImportDialog final : public QDialog
{
    Q_OBJECT
public:
    struct VersionRow
    {
        QString title; // "v2 · tighter wording · Ana Ruiz · 2026-12-07"
        bool isNew = true;
    };
    struct PromptRow
    {
        QString name;
        bool exists = false;
        QList<VersionRow> versions;
        QStringList labels;
    };
    struct Preview
    {
        QList<PromptRow> prompts;
        QStringList datasets;
        QStringList notes; // lost and warnings, said as they are
        int newVersions = 0;
    };

    // `file`: its name; `format`: as detected ("Langfuse prompt list"); `renamable`: the file
    // holds one prompt, which may be imported under another name.
    ImportDialog(const QString &file, const QString &format, bool renamable, QWidget *parent = nullptr);

    void showPreview(const Preview &preview);
    void showError(const QString &error); // nothing can be imported
    QString importName() const; // "" keeps the file's name
    QTreeWidget *tree() const { return m_tree; }
    QPushButton *importButton() const { return m_import; }

signals:
    void renameChanged();

private:
    QLineEdit *m_name;
    QTreeWidget *m_tree;
    QLabel *m_notes;
    QPushButton *m_import;
};

} // namespace ps::widgets
