#pragma once

#include <QColor>
#include <QDialog>
#include <QIcon>
#include <QList>
#include <QStringList>

class QDialogButtonBox;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;

// Marking an answer bad: which of the project's tags it shows, a note, and the answer it
// should have given — what a bad case keeps beside its request and answer.
namespace ps::widgets {

// A tag of the project's taxonomy as the picker shows it.
struct TagChoice
{
    QString name;
    QString description; // the one-line definition
    QString colour; // "#rrggbb", or "" for none
};

// A tag's colour as a small dot; `fallback` (invalid: nothing drawn) for a tag without one.
QIcon tagSwatch(const QString &colour, const QColor &fallback = {});

class BadcaseMarkDialog final : public QDialog
{
    Q_OBJECT
public:
    BadcaseMarkDialog(const QList<TagChoice> &tags, const QString &answer, QWidget *parent = nullptr);

    QStringList tags() const; // checked, in the taxonomy's order
    QString note() const;
    QString corrected() const; // "" for none

    QListWidget *tagList() const { return m_tags; }
    QLineEdit *noteEdit() const { return m_note; }
    QPlainTextEdit *correctedEdit() const { return m_corrected; }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    QListWidget *m_tags;
    QLineEdit *m_note;
    QPlainTextEdit *m_corrected;
    QDialogButtonBox *m_buttons;
    QString m_answer;
};

} // namespace ps::widgets
