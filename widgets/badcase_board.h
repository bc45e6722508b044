#pragma once

#include "pareto_chart.h"

#include <QList>
#include <QMap>
#include <QStringList>
#include <QWidget>

class QComboBox;
class QLabel;
class QPushButton;
class QTableWidget;
class QTextBrowser;

// The bad-case board: the tags that cause most failures (a Pareto chart), the marked cases
// filtered by tag and status, one case's request and answer, and the ways on — a regression
// dataset of the chosen cases, their status.
namespace ps::widgets {

struct BadcaseRow
{
    qint64 id = 0;
    QStringList tags;
    QString version;
    QString target;
    QString status; // open, fixed, wontfix
    QString fixedIn;
    QString answerRef;
    QString verdict; // bad or good
    QString text; // the answer
    QString vars; // name: value lines
    QString request; // as sent, JSON
    QString note;
    QString corrected;
    QString by;
    QString created;
    QStringList datasetTags; // the tags of the dataset case it answered
    QString week; // when it was marked: "2026-W49"
};

// A fix proven on a regression dataset: each case's outcome, and the sentence that sums it up.
struct FixCheckShown
{
    QString runId;
    QString before; // the columns compared
    QString after;
    QString sentence;
    struct Case
    {
        int caseIndex = 0;
        qint64 badcase = 0; // 0: not made from a bad case
        QString outcome; // fixed, still bad, newly broken, still good
        QStringList tags;
    };
    QList<Case> cases;
    int changes = 0; // bad cases whose status applying it would change
};

// What the chart can count bad cases by, besides their tags.
enum class BadcaseDimension { Tag, Version, Target, DatasetTag, Week };

struct BadcaseBoardShown
{
    QList<TagCount> counts; // bad cases per tag
    // Bad cases per version, target, dataset tag and week (weeks in time order).
    QMap<BadcaseDimension, QList<TagCount>> countsBy;
    int bad = 0;
    QList<BadcaseRow> rows; // oldest first
};

class BadcaseBoard final : public QWidget
{
    Q_OBJECT
public:
    explicit BadcaseBoard(QWidget *parent = nullptr);

    void showBoard(const BadcaseBoardShown &board);
    void showNote(const QString &note);
    // A fix's outcomes case by case, with Apply Statuses when it would change any.
    void showFixCheck(const FixCheckShown &check);

    ParetoChart *chart() const { return m_chart; }
    QTableWidget *table() const { return m_table; }
    QComboBox *statusFilter() const { return m_status; }
    QComboBox *countBy() const { return m_countBy; }
    QTextBrowser *detail() const { return m_detail; }
    QPushButton *applyFixButton() const { return m_applyFix; }
    const FixCheckShown &fixCheck() const { return m_fixCheck; } // the last one shown
    QList<qint64> shownIds() const; // rows not filtered out, in order
    QList<qint64> selectedIds() const; // the selected rows, else every row shown

signals:
    // The chosen cases as the regression dataset's next revision.
    void regressionRequested(const QList<qint64> &ids);
    void statusRequested(const QList<qint64> &ids, const QString &status);
    void taxonomyRequested(); // Edit Tags…
    void fixCheckRequested(); // Check a Fix…: which evaluation proves it
    void applyFixRequested(const QString &runId); // the statuses follow a checked fix

private:
    void filter();
    void showDetail();
    void showCounts();
    // Several cases side by side, and what they share.
    QString comparison(const QList<int> &rows) const;
    // The value of `row` the chart's dimension counts ("" for none); tags and dataset tags are many.
    QStringList valuesOf(const BadcaseRow &row) const;

    BadcaseBoardShown m_board;
    ParetoChart *m_chart;
    QLabel *m_summary;
    QComboBox *m_status;
    QComboBox *m_countBy;
    QLabel *m_chartTitle;
    QTableWidget *m_table;
    QTextBrowser *m_detail;
    QPushButton *m_regression;
    QPushButton *m_applyFix;
    QString m_fixRun; // the evaluation whose outcomes Apply Statuses would apply
    QString m_fixHtml; // its outcomes, shown while no case is chosen
    FixCheckShown m_fixCheck;
    QLabel *m_note;
};

} // namespace ps::widgets
