#pragma once

#include "model/version_content.h"

#include <QWidget>

class QButtonGroup;
class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QTableView;
class QToolButton;

// The Examples tab: the prompt's few-shot examples as a table to add to, edit in place (long
// values in a multi-line editor), reorder by dragging or Alt+Up/Down, enable, duplicate, delete
// and filter; the way they enter the prompt; how many are on and what they add in tokens.
namespace ps::widgets {

class ExamplesModel;
class PromptDocument;

class ExamplesPanel final : public QWidget
{
    Q_OBJECT
public:
    explicit ExamplesPanel(PromptDocument *document, QWidget *parent = nullptr);

    // The variables the templates use, a column each.
    void setVariables(const QStringList &names);
    // "5 of 7 on · 212 tokens": what the enabled examples add to the prompt as sent, in tokens; `countedAs` names the encoding counted in ("" for
    // an estimate).
    void setSummary(long long tokens, const QString &countedAs);
    QString summaryText() const;

    ExamplesModel *model() const { return m_model; }
    QTableView *table() const { return m_table; }
    QLineEdit *filterEdit() const { return m_filter; }
    // The selected examples, as rows of the document (not of the filtered view).
    QList<int> selectedRows() const;
    void selectRows(const QList<int> &rows);

    QToolButton *imagesButton() const { return m_images; }

signals:
    // Images chosen for the example at `row` (a document row), to be stored and added to it.
    void imagesOffered(int row, const QStringList &files);
    void importRequested();
    void exportRequested(const QString &format); // "jsonl" or "csv"

private:
    void filterChanged(const QString &text);
    void moveSelection(int by);
    void showMode();
    void updateImagesButton();
    void showImagesColumn();

    PromptDocument *m_document;
    ExamplesModel *m_model = nullptr;
    QSortFilterProxyModel *m_filtered = nullptr;
    QTableView *m_table = nullptr;
    QButtonGroup *m_mode = nullptr;
    QLineEdit *m_filter = nullptr;
    QLabel *m_summary = nullptr;
    QToolButton *m_images = nullptr;
    long long m_tokens = 0;
    QString m_countedAs;
};

} // namespace ps::widgets
