#pragma once

#include <QDialog>
#include <QList>
#include <QPair>
#include <QStringList>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QListWidget;
class QListWidgetItem;
class QPlainTextEdit;
class QPushButton;

// File ▸ Export Prompt…: which prompt, which version (or all), which format and, where the format
// takes them, which datasets and targets, with the file as it will be written and what the format
// leaves out. It only shows: whoever opens it computes the preview (previewNeeded) and writes the
// file (saveRequested).
namespace ps::widgets {

class ExportDialog final : public QDialog
{
    Q_OBJECT
public:
    struct PromptChoice
    {
        QString name;
        QList<QPair<int, QString>> versions; // number, the line shown ("v3 · production — …")
    };

    // How many datasets or targets a format takes.
    enum class Takes { None, One, Many };
    struct FormatChoice
    {
        QString id;
        QString text; // the line shown
        Takes datasets = Takes::None;
        Takes targets = Takes::None;
        bool targetRequired = false; // the first target is chosen until the user chooses
        bool oneVersion = false; // "every version" is its newest
    };

    explicit ExportDialog(QWidget *parent = nullptr);

    void setChoices(const QList<PromptChoice> &prompts, const QList<FormatChoice> &formats,
        const QStringList &datasets, const QStringList &targets);
    void select(const QString &prompt, int version); // version 0: every version

    QString prompt() const;
    int version() const; // 0: every version (or the newest, for a one-version format)
    QString format() const;
    QStringList datasets() const; // checked, where the format takes them
    QStringList targets() const; // checked, where the format takes them

    // The file as it will be written, and what it leaves out ("v3: …"); an empty `error` shows
    // the file, else the error in its place (and nothing can be saved).
    void showPreview(const QString &text, const QStringList &lost);
    void showError(const QString &error);
    QString previewText() const;
    QPlainTextEdit *preview() const { return m_preview; }

signals:
    void previewNeeded(); // a choice changed
    void saveRequested();

private:
    void fillVersions();
    void choiceChanged();
    const FormatChoice *currentFormat() const;
    void keepOneChecked(QListWidget *list, QListWidgetItem *checked);

    QList<PromptChoice> m_prompts;
    QList<FormatChoice> m_formats;
    QComboBox *m_prompt;
    QComboBox *m_version;
    QComboBox *m_format;
    QListWidget *m_targets;
    QLabel *m_targetsLabel;
    QListWidget *m_datasets;
    QLabel *m_datasetsLabel;
    QPlainTextEdit *m_preview;
    QLabel *m_lost;
    QPushButton *m_save;
    QPushButton *m_copy;
};

} // namespace ps::widgets
