#pragma once

#include <QDialog>
#include <QList>
#include <QPair>
#include <QStringList>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QListWidget;
class QPlainTextEdit;
class QPushButton;

// File ▸ Export Prompt…: which prompt, which version (or all), which format and, for the bundle,
// which datasets, with the file as it will be written and what the format leaves out. It only
// shows: whoever opens it computes the preview (previewNeeded) and writes the file (saveRequested).
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

    explicit ExportDialog(QWidget *parent = nullptr);

    // `formats`: an id and the line shown; `datasetsFormat` the id whose files carry datasets,
    // `targetFormat` the one written for a target (of `targets`).
    void setChoices(const QList<PromptChoice> &prompts, const QList<QPair<QString, QString>> &formats,
        const QString &datasetsFormat, const QStringList &datasets, const QString &targetFormat,
        const QStringList &targets);
    void select(const QString &prompt, int version); // version 0: every version

    QString prompt() const;
    int version() const; // 0: every version
    QString format() const;
    QStringList datasets() const; // checked, for the format that carries them
    QString target() const; // for the format written for a target; "" otherwise

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

    QList<PromptChoice> m_prompts;
    QString m_datasetsFormat;
    QString m_targetFormat;
    QComboBox *m_prompt;
    QComboBox *m_version;
    QComboBox *m_format;
    QComboBox *m_target;
    QLabel *m_targetLabel;
    QListWidget *m_datasets;
    QLabel *m_datasetsLabel;
    QPlainTextEdit *m_preview;
    QLabel *m_lost;
    QPushButton *m_save;
    QPushButton *m_copy;
};

} // namespace ps::widgets
