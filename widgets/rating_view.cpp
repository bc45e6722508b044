#include "rating_view.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QShortcut>
#include <QSplitter>
#include <QStackedWidget>
#include <QTextBrowser>
#include <QToolButton>
#include <QVBoxLayout>

namespace ps::widgets {

namespace {

QPlainTextEdit *responseBox(const QString &name, QWidget *parent)
{
    auto *box = new QPlainTextEdit(parent);
    box->setReadOnly(true);
    box->setAccessibleName(name);
    box->setPlaceholderText(name);
    return box;
}

// The key that gives a score: a digit for 0-9 on a numeric scale, P and F for pass-fail, the
// position (1, 2, ...) for labels.
QString keyOfScore(const QStringList &scale, int index)
{
    const QString &value = scale[index];
    if (value == QStringLiteral("pass") || value == QStringLiteral("fail"))
        return value.left(1).toUpper();
    bool number = false;
    const int n = value.toInt(&number);
    if (number && n >= 0 && n <= 9)
        return value;
    return QString::number(index + 1);
}

} // namespace

RatingView::RatingView(QWidget *parent)
    : QWidget(parent)
    , m_title(new QLabel(this))
    , m_progress(new QLabel(this))
    , m_pages(new QStackedWidget(this))
    , m_vars(new QLabel(this))
    , m_first(responseBox(tr("Response 1"), this))
    , m_second(responseBox(tr("Response 2"), this))
    , m_question(new QLabel(this))
    , m_choices(new QWidget(this))
    , m_scoreRows(new QVBoxLayout)
    , m_note(new QLineEdit(this))
    , m_keys(new QLabel(this))
    , m_guideline(new QTextBrowser(this))
    , m_identities(new QTextBrowser(this))
    , m_report(new RatingReportView(this))
    , m_sessions(new QComboBox(this))
{
    setObjectName(QStringLiteral("ratingView"));
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    m_progress->setAccessibleName(tr("Rating progress"));
    m_vars->setWordWrap(true);
    m_vars->setTextFormat(Qt::PlainText);
    m_vars->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_question->setFont(bold);
    m_note->setPlaceholderText(tr("A note on this item (N to write, Enter to keep)"));
    m_note->setAccessibleName(tr("Note"));
    m_keys->setWordWrap(true);
    m_guideline->setAccessibleName(tr("Annotation guideline"));
    m_guideline->setOpenExternalLinks(false);
    m_identities->setAccessibleName(tr("Who answered"));

    auto *choiceRow = new QHBoxLayout(m_choices);
    choiceRow->setContentsMargins(0, 0, 0, 0);
    for (const auto &[key, choice, label] :
        {std::tuple {QStringLiteral("1"), QStringLiteral("1"), tr("Response 1 is better")},
            std::tuple {QStringLiteral("2"), QStringLiteral("2"), tr("Response 2 is better")},
            std::tuple {QStringLiteral("T"), QStringLiteral("tie"), tr("Tie")},
            std::tuple {QStringLiteral("B"), QStringLiteral("bad"), tr("Both bad")}}) {
        auto *button = new QPushButton(QStringLiteral("%1  %2").arg(key, label), m_choices);
        button->setAccessibleName(label);
        connect(button, &QPushButton::clicked, this, [this, choice] { choose(choice); });
        choiceRow->addWidget(button);
    }
    auto *skip = new QPushButton(tr("S  Skip"), m_choices);
    connect(skip, &QPushButton::clicked, this, [this] { advance(); });
    choiceRow->addWidget(skip);
    choiceRow->addStretch();

    auto *item = new QWidget(m_pages);
    auto *itemLayout = new QVBoxLayout(item);
    auto *responses = new QHBoxLayout;
    for (QPlainTextEdit *box : {m_first, m_second}) {
        auto *column = new QVBoxLayout;
        auto *heading = new QLabel(box->accessibleName(), item);
        heading->setFont(m_question->font());
        // A bad answer seen while rating becomes a bad case; nothing of who answered shows.
        auto *markBad = new QToolButton(item);
        markBad->setText(tr("Mark bad…"));
        markBad->setAutoRaise(true);
        markBad->setAccessibleName(tr("Mark %1 bad").arg(box->accessibleName()));
        markBad->setToolTip(tr("This answer as a bad case: tags, a note and the answer it should have given"));
        const int side = box == m_first ? 0 : 1;
        connect(markBad, &QToolButton::clicked, this, [this, side, box] {
            if (m_at >= 0)
                emit markBadRequested(m_session.session, currentItem(), side, box->toPlainText());
        });
        auto *headingRow = new QHBoxLayout;
        headingRow->addWidget(heading);
        headingRow->addStretch();
        headingRow->addWidget(markBad);
        column->addLayout(headingRow);
        column->addWidget(box, 1);
        responses->addLayout(column);
        if (box == m_second) {
            m_secondHeading = heading;
            m_markSecond = markBad;
        }
    }
    itemLayout->addWidget(m_vars);
    itemLayout->addLayout(responses, 1);
    itemLayout->addWidget(m_question);
    itemLayout->addWidget(m_choices);
    itemLayout->addLayout(m_scoreRows);
    itemLayout->addWidget(m_note);
    itemLayout->addWidget(m_keys);
    m_pages->addWidget(item);
    m_pages->addWidget(m_identities);
    m_pages->addWidget(m_report);
    connect(m_report, &RatingReportView::rateRequested, this, &RatingView::rateRequested);
    connect(m_report, &RatingReportView::examplesRequested, this, &RatingView::examplesRequested);

    // The project's sessions: rate one, or see what its ratings say so far.
    m_sessions->setAccessibleName(tr("Rating session"));
    m_sessions->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_sessions->setPlaceholderText(tr("No rating session yet"));
    auto *sessionLabel = new QLabel(tr("&Session:"), this);
    sessionLabel->setBuddy(m_sessions);
    auto *rate = new QPushButton(tr("Rate…"), this);
    auto *report = new QPushButton(tr("Report"), this);
    auto *fromRuns = new QPushButton(tr("Rate Window Runs…"), this);
    fromRuns->setToolTip(tr("A blind session over runs of the panes: each run one item, its "
                            "models side by side"));
    const auto chosen = [this] { return m_sessions->currentData().toString(); };
    connect(rate, &QPushButton::clicked, this, [this, chosen] {
        if (!chosen().isEmpty())
            emit rateRequested(chosen());
    });
    connect(report, &QPushButton::clicked, this, [this, chosen] {
        if (!chosen().isEmpty())
            emit reportRequested(chosen());
    });
    connect(fromRuns, &QPushButton::clicked, this, &RatingView::windowRunsRequested);
    auto *sessionsRow = new QHBoxLayout;
    sessionsRow->addWidget(sessionLabel);
    sessionsRow->addWidget(m_sessions);
    sessionsRow->addWidget(rate);
    sessionsRow->addWidget(report);
    sessionsRow->addStretch();
    sessionsRow->addWidget(fromRuns);

    auto *guide = new QWidget(this);
    auto *guideLayout = new QVBoxLayout(guide);
    guideLayout->setContentsMargins(0, 0, 0, 0);
    guideLayout->addWidget(new QLabel(tr("Guideline"), guide));
    guideLayout->addWidget(m_guideline);
    auto *split = new QSplitter(this);
    split->addWidget(m_pages);
    split->addWidget(guide);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);
    guide->setMinimumWidth(240);
    split->setSizes({900, 340}); // the guideline readable beside the item
    auto *header = new QHBoxLayout;
    header->addWidget(m_title, 1);
    header->addWidget(m_progress);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(sessionsRow);
    layout->addLayout(header);
    layout->addWidget(split, 1);

    // Keyboard first; a key typed into the note stays in the note (QLineEdit takes it first).
    for (int digit = 0; digit <= 9; ++digit)
        addKey(QKeySequence(Qt::Key_0 + digit), [this, digit] {
            const QString key = QString::number(digit);
            // 1 and 2 choose a side in pairwise mode; every digit is a score's key in a rubric.
            m_session.mode == QStringLiteral("pairwise") ? choose(key) : score(key);
        });
    addKey(QKeySequence(Qt::Key_T), [this] { choose(QStringLiteral("tie")); });
    addKey(QKeySequence(Qt::Key_B), [this] { choose(QStringLiteral("bad")); });
    addKey(QKeySequence(Qt::Key_P), [this] { score(QStringLiteral("P")); });
    addKey(QKeySequence(Qt::Key_F), [this] { score(QStringLiteral("F")); });
    addKey(QKeySequence(Qt::Key_S), [this] { advance(); });
    // Enter in the note keeps the note and gives the keys back; elsewhere it moves on.
    addKey(QKeySequence(Qt::Key_Return), [this] { m_note->hasFocus() ? setFocus() : advance(); });
    addKey(QKeySequence(Qt::Key_N), [this] { m_note->setFocus(); });
    setFocusPolicy(Qt::StrongFocus);
    showNote(tr("No rating session is open. Start one from an evaluation's results (Rate "
                "Blind…) or with `promptsmith-cli rate create`."));
}

void RatingView::addKey(const QKeySequence &key, const std::function<void()> &action)
{
    auto *shortcut = new QShortcut(key, this);
    shortcut->setContext(Qt::WidgetWithChildrenShortcut);
    connect(shortcut, &QShortcut::activated, this, [this, action] {
        if (m_at >= 0 && m_pages->currentIndex() == 0)
            action();
    });
}

void RatingView::showSession(const RatingSessionShown &session)
{
    m_session = session;
    m_at = -1;
    m_pages->setCurrentIndex(0);
    m_guideline->setMarkdown(session.guideline.isEmpty()
            ? tr("*No guideline was written for this session: rate as the question asks.*")
            : session.guideline);
    m_title->setText(tr("Rate: %1 · as %2").arg(session.criteria.value(0), session.rater));
    advance();
    setFocus();
}

void RatingView::advance()
{
    const int count = int(m_session.items.size());
    for (int step = 1; step <= count; ++step) {
        const int next = (std::max(m_at, -1) + step) % count;
        if (!m_session.rated.contains(m_session.items[std::size_t(next)].id)) {
            m_at = next;
            showCurrent();
            return;
        }
    }
    m_at = count > 0 ? count : -1;
    if (count > 0)
        emit finished(m_session.session);
}

void RatingView::showCurrent()
{
    const RatingItemShown &item = m_session.items[std::size_t(m_at)];
    QStringList vars;
    for (const auto &[name, value] : item.vars)
        vars << QStringLiteral("%1: %2").arg(name, value);
    m_vars->setText(vars.join(QLatin1Char('\n')));
    const bool pairwise = m_session.mode == QStringLiteral("pairwise");
    m_first->setPlainText(item.responses.value(0));
    m_second->setPlainText(item.responses.value(1));
    m_second->setVisible(pairwise);
    m_secondHeading->setVisible(pairwise);
    m_markSecond->setVisible(pairwise);
    m_first->setAccessibleName(pairwise ? tr("Response 1") : tr("Response"));
    m_choices->setVisible(pairwise);
    m_note->clear();
    m_criterion = 0;
    m_scores = QStringList(m_session.criteria.size(), QString());
    while (QLayoutItem *row = m_scoreRows->takeAt(0)) {
        delete row->widget();
        delete row;
    }
    if (!pairwise) {
        for (int c = 0; c < m_session.criteria.size(); ++c) {
            auto *row = new QWidget(this);
            auto *buttons = new QHBoxLayout(row);
            buttons->setContentsMargins(0, 0, 0, 0);
            buttons->addWidget(new QLabel(m_session.criteria[c], row), 1);
            for (int i = 0; i < m_session.scale.size(); ++i) {
                auto *button = new QPushButton(QStringLiteral("%1  %2").arg(keyOfScore(m_session.scale, i), m_session.scale[i]), row);
                button->setCheckable(true);
                button->setAccessibleName(tr("%1: %2").arg(m_session.criteria[c], m_session.scale[i]));
                connect(button, &QPushButton::clicked, this, [this, c, i] {
                    m_criterion = c;
                    m_scores[c] = m_session.scale[i];
                    if (!m_scores.contains(QString()))
                        choose(QString());
                });
                buttons->addWidget(button);
            }
            m_scoreRows->addWidget(row);
        }
    }
    m_question->setText(pairwise ? m_session.criteria.value(0) : QString());
    m_question->setVisible(pairwise);
    m_keys->setText(pairwise
            ? tr("Keys: 1 / 2 the better response · T tie · B both bad · S skip · N note · Enter next")
            : tr("Keys: a score's key for the first question not yet scored · S skip · N note · Enter next"));
    int done = 0;
    for (const RatingItemShown &shown : m_session.items)
        done += m_session.rated.contains(shown.id) ? 1 : 0;
    m_progress->setText(tr("%1 of %2 rated · item %3 of %2")
                            .arg(done)
                            .arg(m_session.items.size())
                            .arg(m_at + 1));
}

void RatingView::choose(const QString &choice)
{
    if (m_at < 0 || m_at >= int(m_session.items.size()))
        return;
    const bool pairwise = m_session.mode == QStringLiteral("pairwise");
    static const QStringList choices = {QStringLiteral("1"), QStringLiteral("2"), QStringLiteral("tie"), QStringLiteral("bad")};
    if (pairwise ? !choices.contains(choice) : !choice.isEmpty())
        return; // not this session's key (a score digit in pairwise mode, T or B in a rubric)
    RatingGiven given;
    given.item = m_session.items[std::size_t(m_at)].id;
    given.choice = choice;
    if (!pairwise)
        given.scores = m_scores;
    given.note = m_note->text();
    m_session.rated << given.item;
    emit rated(given);
    advance();
}

void RatingView::score(const QString &wanted)
{
    if (m_session.mode != QStringLiteral("rubric") || m_at < 0 || m_at >= int(m_session.items.size()))
        return;
    for (int i = 0; i < m_session.scale.size(); ++i)
        if (keyOfScore(m_session.scale, i) == wanted) {
            m_scores[m_criterion] = m_session.scale[i];
            m_criterion = int(m_scores.indexOf(QString()));
            if (m_criterion < 0)
                choose(QString());
            else
                showNote(tr("Now: %1").arg(m_session.criteria[m_criterion]));
            return;
        }
}

void RatingView::showIdentities(const QStringList &lines)
{
    m_identities->setPlainText(tr("All %1 items are rated. Now you may see who answered:\n\n%2")
                                   .arg(m_session.items.size())
                                   .arg(lines.join(QLatin1Char('\n'))));
    m_pages->setCurrentWidget(m_identities);
    m_progress->setText(tr("%1 of %1 rated").arg(m_session.items.size()));
}

void RatingView::showNote(const QString &note)
{
    m_keys->setText(note);
    if (m_at < 0) {
        m_title->setText(note);
        m_vars->clear();
        m_choices->hide();
    }
}

QString RatingView::progressText() const
{
    return m_progress->text();
}

QString RatingView::currentItem() const
{
    return m_at >= 0 && m_at < int(m_session.items.size()) && m_pages->currentIndex() == 0
        ? m_session.items[std::size_t(m_at)].id
        : QString();
}

void RatingView::setSessions(const QList<QPair<QString, QString>> &sessions)
{
    const QString was = m_sessions->currentData().toString();
    m_sessions->clear();
    for (const auto &[id, text] : sessions)
        m_sessions->addItem(text, id);
    const int at = m_sessions->findData(was.isEmpty() ? m_session.session : was);
    m_sessions->setCurrentIndex(at >= 0 ? at : int(sessions.size()) - 1);
}

void RatingView::showReport(const RatingReportShown &report)
{
    m_at = -1; // the rating keys rest while a report shows
    m_report->showReport(report);
    m_pages->setCurrentWidget(m_report);
    m_title->setText(tr("Report of session %1").arg(report.session));
    m_progress->clear();
    if (const int at = m_sessions->findData(report.session); at >= 0)
        m_sessions->setCurrentIndex(at);
}

bool RatingView::reportShown() const
{
    return m_pages->currentWidget() == m_report;
}

bool RatingView::identitiesShown() const
{
    return m_pages->currentWidget() == m_identities;
}

} // namespace ps::widgets
