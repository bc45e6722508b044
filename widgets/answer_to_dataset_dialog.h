#pragma once

#include <QDialog>
#include <QStringList>

class QComboBox;
class QDialogButtonBox;
class QLineEdit;
class QPlainTextEdit;

// A pane's "Add to dataset": asks which dataset (one of the project's, or a new name) takes the
// values the pane answered as a case, and its expected output (the answer, edited) and tags.
namespace ps::widgets {

class AnswerToDatasetDialog final : public QDialog
{
    Q_OBJECT
public:
    // `values`: "name = value" lines of what the pane answered, shown so the user sees the case.
    AnswerToDatasetDialog(const QStringList &datasets, const QString &chosen,
        const QStringList &values, const QString &answer, QWidget *parent = nullptr);

    QString datasetName() const;
    QString expected() const;
    QStringList tags() const;

    QComboBox *datasetBox() const { return m_dataset; }
    QPlainTextEdit *expectedEdit() const { return m_expected; }
    QLineEdit *tagsEdit() const { return m_tags; }

private:
    QComboBox *m_dataset;
    QPlainTextEdit *m_expected;
    QLineEdit *m_tags;
    QDialogButtonBox *m_buttons;
};

} // namespace ps::widgets
