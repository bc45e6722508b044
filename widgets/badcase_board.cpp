#include "badcase_board.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSplitter>
#include <QTableWidget>
#include <QTextBrowser>
#include <QVBoxLayout>

#include <set>

namespace ps::widgets {

namespace {

enum Column { IdColumn, TagsColumn, VersionColumn, TargetColumn, StatusColumn, AnswerColumn, ColumnCount };

QString statusText(const BadcaseRow &row)
{
    return row.status == QStringLiteral("fixed") && !row.fixedIn.isEmpty()
        ? QObject::tr("fixed in %1").arg(row.fixedIn)
        : row.status;
}

} // namespace

BadcaseBoard::BadcaseBoard(QWidget *parent)
    : QWidget(parent)
    , m_chart(new ParetoChart(this))
    , m_summary(new QLabel(this))
    , m_status(new QComboBox(this))
    , m_countBy(new QComboBox(this))
    , m_chartTitle(new QLabel(this))
    , m_table(new QTableWidget(this))
    , m_detail(new QTextBrowser(this))
    , m_regression(new QPushButton(tr("Make Re&gression Dataset…"), this))
    , m_applyFix(new QPushButton(tr("&Apply Statuses"), this))
    , m_note(new QLabel(this))
{
    setObjectName(QStringLiteral("badcaseBoard"));
    QFont bold = m_summary->font();
    bold.setBold(true);
    m_summary->setFont(bold);
    m_status->addItem(tr("Every status"), QString());
    m_status->addItem(tr("Open"), QStringLiteral("open"));
    m_status->addItem(tr("Fixed"), QStringLiteral("fixed"));
    m_status->addItem(tr("Won't fix"), QStringLiteral("wontfix"));
    m_status->setAccessibleName(tr("Status shown"));
    m_countBy->addItem(tr("Tag"), int(BadcaseDimension::Tag));
    m_countBy->addItem(tr("Version"), int(BadcaseDimension::Version));
    m_countBy->addItem(tr("Target"), int(BadcaseDimension::Target));
    m_countBy->addItem(tr("Dataset tag"), int(BadcaseDimension::DatasetTag));
    m_countBy->addItem(tr("Week"), int(BadcaseDimension::Week));
    m_countBy->setAccessibleName(tr("Count bad cases by"));
    m_countBy->setToolTip(tr("What the chart counts: the pattern may be a tag, a version, a target, "
                             "a kind of input or a week"));
    m_table->setColumnCount(ColumnCount);
    m_table->setHorizontalHeaderLabels({tr("#"), tr("Tags"), tr("Version"), tr("Target"), tr("Status"), tr("Answer")});
    m_table->setAccessibleName(tr("Bad cases"));
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setContextMenuPolicy(Qt::CustomContextMenu);
    m_detail->setAccessibleName(tr("The bad case's request and answer"));
    m_detail->setPlaceholderText(tr("Choose a case to see what was sent, the answer and the correction; "
                                    "choose several (Ctrl or Shift) to compare them side by side."));
    m_note->setWordWrap(true);
    m_regression->setToolTip(tr("The selected cases (or every case shown) as a dataset's next revision: "
                                "their variables, the corrected answer as expected, their tags"));
    auto *setStatus = new QPushButton(tr("Set &Status"), this);
    auto *statusMenu = new QMenu(setStatus);
    for (const auto &[status, label] : {std::pair {QStringLiteral("open"), tr("Open")},
             std::pair {QStringLiteral("wontfix"), tr("Won't fix")}})
        statusMenu->addAction(label, this, [this, status] { emit statusRequested(selectedIds(), status); });
    setStatus->setMenu(statusMenu);

    auto *checkFix = new QPushButton(tr("Check a &Fix…"), this);
    checkFix->setToolTip(tr("Read an evaluation of a regression dataset in two columns — the version "
                            "that failed and the fix: fixed, still bad, newly broken"));
    connect(checkFix, &QPushButton::clicked, this, &BadcaseBoard::fixCheckRequested);
    m_applyFix->setToolTip(tr("Mark the fixed bad cases fixed in the fix's version, re-open the others"));
    m_applyFix->hide();
    connect(m_applyFix, &QPushButton::clicked, this, [this] {
        m_applyFix->hide();
        emit applyFixRequested(m_fixRun);
    });
    auto *editTags = new QPushButton(tr("Edit &Tags…"), this);
    editTags->setToolTip(tr("The project's taxonomy: names, definitions and colours"));
    connect(editTags, &QPushButton::clicked, this, &BadcaseBoard::taxonomyRequested);
    connect(m_countBy, &QComboBox::currentIndexChanged, this, [this] {
        m_chart->choose({});
        showCounts();
        filter();
    });
    connect(m_chart, &ParetoChart::tagChosen, this, &BadcaseBoard::filter);
    connect(m_status, &QComboBox::currentIndexChanged, this, &BadcaseBoard::filter);
    connect(m_table, &QTableWidget::itemSelectionChanged, this, &BadcaseBoard::showDetail);
    connect(m_regression, &QPushButton::clicked, this, [this] { emit regressionRequested(selectedIds()); });

    auto *filters = new QHBoxLayout;
    auto *statusLabel = new QLabel(tr("S&how:"), this);
    statusLabel->setBuddy(m_status);
    auto *countByLabel = new QLabel(tr("&Count by:"), this);
    countByLabel->setBuddy(m_countBy);
    filters->addWidget(m_summary, 1);
    filters->addWidget(countByLabel);
    filters->addWidget(m_countBy);
    filters->addWidget(statusLabel);
    filters->addWidget(m_status);
    auto *left = new QWidget(this);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(m_chartTitle);
    leftLayout->addWidget(m_chart, 1);
    auto *right = new QWidget(this);
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addWidget(m_table, 2);
    rightLayout->addWidget(m_detail, 1);
    auto *split = new QSplitter(this);
    split->addWidget(left);
    split->addWidget(right);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);
    split->setSizes({500, 700}); // bars long enough to compare, the table beside
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_regression);
    buttons->addWidget(setStatus);
    buttons->addWidget(checkFix);
    buttons->addWidget(m_applyFix);
    buttons->addWidget(editTags);
    buttons->addWidget(m_note, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(filters);
    layout->addWidget(split, 1);
    layout->addLayout(buttons);
    showBoard({});
}

void BadcaseBoard::showBoard(const BadcaseBoardShown &board)
{
    // The cases chosen stay chosen when the board is read again (a mark made elsewhere).
    std::set<qint64> chosen;
    for (const QModelIndex &index : m_table->selectionModel()->selectedRows())
        chosen.insert(m_table->item(index.row(), IdColumn)->data(Qt::UserRole).toLongLong());
    m_board = board;
    showCounts();
    const QSignalBlocker quiet(m_table);
    m_table->clearSelection();
    m_table->setRowCount(int(board.rows.size()));
    for (int i = 0; i < board.rows.size(); ++i) {
        const BadcaseRow &row = board.rows[i];
        const QStringList cells = {QString::number(row.id), row.tags.join(QStringLiteral(", ")), row.version,
            row.target, statusText(row), row.text.simplified().left(200)};
        for (int column = 0; column < ColumnCount; ++column) {
            auto *item = new QTableWidgetItem(cells[column]);
            if (column == IdColumn)
                item->setData(Qt::UserRole, row.id);
            m_table->setItem(i, column, item);
        }
    }
    for (int i = 0; i < board.rows.size(); ++i)
        if (chosen.count(board.rows[i].id))
            m_table->selectionModel()->select(m_table->model()->index(i, 0),
                QItemSelectionModel::Select | QItemSelectionModel::Rows);
    m_table->resizeColumnsToContents();
    m_summary->setText(board.rows.isEmpty()
            ? tr("No bad cases yet")
            : tr("%1 bad of %2 marked answers").arg(board.bad).arg(board.rows.size()));
    m_regression->setEnabled(board.bad > 0);
    filter();
}

void BadcaseBoard::showCounts()
{
    const auto dimension = BadcaseDimension(m_countBy->currentData().toInt());
    m_chartTitle->setText(tr("Bad cases per %1 (click a bar to filter):").arg(m_countBy->currentText().toLower()));
    if (dimension == BadcaseDimension::Tag)
        m_chart->setCounts(m_board.counts, m_board.bad);
    else
        m_chart->setCounts(m_board.countsBy.value(dimension), m_board.bad, dimension == BadcaseDimension::Week);
}

void BadcaseBoard::showFixCheck(const FixCheckShown &check)
{
    m_fixCheck = check;
    m_fixRun = check.runId;
    m_note->setText(check.changes == 0 ? tr("The statuses already follow this evaluation.")
            : check.changes == 1        ? tr("1 bad case would change status: Apply Statuses.")
                                        : tr("%1 bad cases would change status: Apply Statuses.").arg(check.changes));
    m_applyFix->setVisible(check.changes > 0);
    const auto colour = [](const QString &outcome) {
        return outcome == QStringLiteral("fixed") ? QStringLiteral("#1e8449")
            : outcome == QStringLiteral("newly broken") ? QStringLiteral("#c0392b")
            : outcome == QStringLiteral("still bad")    ? QStringLiteral("#b9770e")
                                                        : QString();
    };
    QString html = tr("<p><b>%1</b> → <b>%2</b> on evaluation <code>%3</code></p><p>%4</p>")
                       .arg(check.before.toHtmlEscaped(), check.after.toHtmlEscaped(), check.runId.toHtmlEscaped(),
                           check.sentence.toHtmlEscaped());
    html += tr("<table border=\"1\" cellspacing=\"0\" cellpadding=\"4\"><tr><th>Case</th><th>Bad case</th>"
               "<th>Outcome</th><th>Tags</th></tr>");
    for (const FixCheckShown::Case &row : check.cases) {
        const QString outcome = colour(row.outcome).isEmpty()
            ? row.outcome.toHtmlEscaped()
            : QStringLiteral("<span style=\"color:%1\"><b>%2</b></span>").arg(colour(row.outcome), row.outcome.toHtmlEscaped());
        html += QStringLiteral("<tr><td>%1</td><td>%2</td><td>%3</td><td>%4</td></tr>")
                    .arg(row.caseIndex + 1)
                    .arg(row.badcase > 0 ? QStringLiteral("#%1").arg(row.badcase) : QStringLiteral("–"), outcome,
                        row.tags.join(QStringLiteral(", ")).toHtmlEscaped());
    }
    html += QStringLiteral("</table>");
    m_fixHtml = html;
    m_table->clearSelection();
    m_detail->setHtml(html);
}

QStringList BadcaseBoard::valuesOf(const BadcaseRow &row) const
{
    switch (BadcaseDimension(m_countBy->currentData().toInt())) {
    case BadcaseDimension::Tag:
        return row.tags;
    case BadcaseDimension::Version:
        return {row.version};
    case BadcaseDimension::Target:
        return {row.target};
    case BadcaseDimension::DatasetTag:
        return row.datasetTags;
    case BadcaseDimension::Week:
        return {row.week};
    }
    return {};
}

void BadcaseBoard::showNote(const QString &note)
{
    m_note->setText(note);
}

void BadcaseBoard::filter()
{
    const QString tag = m_chart->chosenTag();
    const QString status = m_status->currentData().toString();
    for (int i = 0; i < m_board.rows.size(); ++i) {
        const BadcaseRow &row = m_board.rows[i];
        m_table->setRowHidden(i, (!tag.isEmpty() && !valuesOf(row).contains(tag)) || (!status.isEmpty() && row.status != status));
    }
    showDetail();
}

QList<qint64> BadcaseBoard::shownIds() const
{
    QList<qint64> ids;
    for (int i = 0; i < m_table->rowCount(); ++i)
        if (!m_table->isRowHidden(i))
            ids << m_table->item(i, IdColumn)->data(Qt::UserRole).toLongLong();
    return ids;
}

QList<qint64> BadcaseBoard::selectedIds() const
{
    std::set<int> rows;
    for (const QModelIndex &index : m_table->selectionModel()->selectedRows())
        if (!m_table->isRowHidden(index.row()))
            rows.insert(index.row());
    if (rows.empty())
        return shownIds();
    QList<qint64> ids;
    for (const int row : rows)
        ids << m_table->item(row, IdColumn)->data(Qt::UserRole).toLongLong();
    return ids;
}

void BadcaseBoard::showDetail()
{
    std::set<int> chosen;
    for (const QModelIndex &index : m_table->selectionModel()->selectedRows())
        if (!m_table->isRowHidden(index.row()))
            chosen.insert(index.row());
    if (chosen.empty()) {
        m_detail->setHtml(m_fixHtml); // the last fix checked, else nothing
        return;
    }
    if (chosen.size() > 1) {
        m_detail->setHtml(comparison(QList<int>(chosen.begin(), chosen.end())));
        return;
    }
    const BadcaseRow &row = m_board.rows[*chosen.begin()];
    QString html = tr("<p><b>#%1</b> · %2 on %3 · %4 · marked %5 by %6 · <code>%7</code></p>")
                       .arg(row.id)
                       .arg(row.version.toHtmlEscaped(), row.target.toHtmlEscaped(), statusText(row).toHtmlEscaped(),
                           row.created.left(16).replace(QLatin1Char('T'), QLatin1Char(' ')), row.by.toHtmlEscaped(),
                           row.answerRef.toHtmlEscaped());
    const auto section = [&html](const QString &heading, const QString &text) {
        if (!text.isEmpty())
            html += QStringLiteral("<h4>%1</h4><pre style=\"white-space: pre-wrap\">%2</pre>")
                        .arg(heading, text.toHtmlEscaped());
    };
    section(tr("Note"), row.note);
    section(tr("Values"), row.vars);
    section(tr("Answer"), row.text);
    section(tr("Corrected answer"), row.corrected);
    section(tr("Request as sent"), row.request);
    m_detail->setHtml(html);
}

QString BadcaseBoard::comparison(const QList<int> &rows) const
{
    // What every chosen case has alike: the clue to the capability they lack.
    const auto sharedOf = [&](auto valuesOfRow) {
        QStringList shared = valuesOfRow(m_board.rows[rows.front()]);
        for (const int row : rows)
            for (const QString &value : QStringList(shared))
                if (!valuesOfRow(m_board.rows[row]).contains(value))
                    shared.removeAll(value);
        return shared;
    };
    QStringList alike;
    const auto add = [&alike](const QString &what, const QStringList &values) {
        if (!values.isEmpty() && !values.join(QString()).isEmpty())
            alike << QStringLiteral("<b>%1</b> %2").arg(what, values.join(QStringLiteral(", ")).toHtmlEscaped());
    };
    add(tr("tags:"), sharedOf([](const BadcaseRow &row) { return row.tags; }));
    add(tr("version:"), sharedOf([](const BadcaseRow &row) { return QStringList {row.version}; }));
    add(tr("target:"), sharedOf([](const BadcaseRow &row) { return QStringList {row.target}; }));
    add(tr("dataset tags:"), sharedOf([](const BadcaseRow &row) { return row.datasetTags; }));
    add(tr("values:"), sharedOf([](const BadcaseRow &row) { return row.vars.split(QLatin1Char('\n'), Qt::SkipEmptyParts); }));
    QString html = tr("<p><b>%1 cases side by side.</b> All of them share: %2</p>")
                       .arg(rows.size())
                       .arg(alike.isEmpty() ? tr("nothing they were marked with") : alike.join(QStringLiteral(" · ")));
    html += QStringLiteral("<table border=\"1\" cellspacing=\"0\" cellpadding=\"4\" width=\"100%\"><tr><th></th>");
    for (const int row : rows)
        html += QStringLiteral("<th>#%1</th>").arg(m_board.rows[row].id);
    html += QStringLiteral("</tr>");
    const auto line = [&](const QString &heading, auto field) {
        html += QStringLiteral("<tr><th align=\"left\" valign=\"top\">%1</th>").arg(heading);
        for (const int row : rows)
            html += QStringLiteral("<td valign=\"top\">%1</td>")
                        .arg(field(m_board.rows[row]).toHtmlEscaped().replace(QLatin1Char('\n'), QStringLiteral("<br>")));
        html += QStringLiteral("</tr>");
    };
    line(tr("Tags"), [](const BadcaseRow &row) { return row.tags.join(QStringLiteral(", ")); });
    line(tr("Version · target"), [](const BadcaseRow &row) { return row.version + QStringLiteral(" · ") + row.target; });
    line(tr("Values"), [](const BadcaseRow &row) { return row.vars; });
    line(tr("Answer"), [](const BadcaseRow &row) { return row.text.left(600); });
    line(tr("Corrected"), [](const BadcaseRow &row) { return row.corrected; });
    line(tr("Note"), [](const BadcaseRow &row) { return row.note; });
    html += QStringLiteral("</table>");
    return html;
}

} // namespace ps::widgets
