#pragma once

#include <QList>
#include <QStringList>
#include <QWidget>

class QLabel;
class QPushButton;
class QTableWidget;

// What a rating session's ratings say, in the window: the win rates of each pair of columns
// (or the mean scores), the Bradley-Terry ratings, how far the raters agree and where they
// disagree most — the figures `rate report` prints — and the way to the guideline's examples.
namespace ps::widgets {

struct RatingReportShown
{
    QString session;
    QString heading; // what was rated, by how many
    QStringList tableHeader; // pairwise: the pairs; rubric: the scores per column
    QList<QStringList> table;
    QString method; // how the table's figures are counted
    QStringList ratingsHeader; // Bradley-Terry, pairwise only
    QList<QStringList> ratings;
    QStringList lines; // agreement in words, the judge, the guideline, disputed items
    int examples = 0; // items every rater agreed on, one per score
};

class RatingReportView final : public QWidget
{
    Q_OBJECT
public:
    explicit RatingReportView(QWidget *parent = nullptr);

    void showReport(const RatingReportShown &report);
    void showNote(const QString &note);

    QTableWidget *table() const { return m_table; }
    QTableWidget *ratingsTable() const { return m_ratings; }
    QString linesText() const;
    QPushButton *examplesButton() const { return m_examples; }

signals:
    void examplesRequested(const QString &session);
    void rateRequested(const QString &session);

private:
    QString m_session;
    QLabel *m_heading;
    QTableWidget *m_table;
    QLabel *m_method;
    QLabel *m_ratingsHeading;
    QTableWidget *m_ratings;
    QLabel *m_lines;
    QLabel *m_note;
    QPushButton *m_examples;
    QPushButton *m_rate;
};

} // namespace ps::widgets
