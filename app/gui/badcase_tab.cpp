#include "badcase_tab.h"

#include "badcase_board.h"
#include "taxonomy_dialog.h"
#include "project_session.h"
#include "store_writer.h"
#include "workspace_snapshot.h"

#include "badcase/badcase_marking.h"
#include "badcase/regression_check.h"
#include "store/badcase_store.h"
#include "store/dataset_store.h"
#include "store/project.h"
#include "util/ascii_text.h"

#include <QDate>
#include <QEvent>
#include <QApplication>
#include <QInputDialog>
#include <QPointer>
#include <QtConcurrent/QtConcurrentRun>

#include <map>
#include <utility>

namespace ps::app {

namespace {

QString qs(const std::string &text)
{
    return QString::fromStdString(text);
}

// "2026-W49": the ISO week an answer was marked in, which sorts in time order.
QString weekOf(const std::string &created)
{
    const QDate day = QDate::fromString(qs(created.substr(0, 10)), Qt::ISODate);
    if (!day.isValid())
        return {};
    int year = 0;
    const int week = day.weekNumber(&year);
    return QStringLiteral("%1-W%2").arg(year).arg(week, 2, 10, QLatin1Char('0'));
}

widgets::BadcaseBoardShown boardOf(const store::Project &project)
{
    const store::BadcaseStore store(project);
    const std::vector<model::BadcaseRecord> badcases = store.list();
    std::map<std::string, model::BadcaseTag> taxonomy;
    for (const model::BadcaseTag &tag : store.tags())
        taxonomy[tag.name] = tag;
    widgets::BadcaseBoardShown board;
    for (const auto &[tag, count] : badcase::countByTag(badcases)) {
        const auto known = taxonomy.find(tag);
        board.counts.append({qs(tag),
            known != taxonomy.end() ? qs(known->second.description) : BadcaseTab::tr("(no longer in the taxonomy)"),
            known != taxonomy.end() ? QColor(qs(known->second.colour)) : QColor(), count});
    }
    std::map<std::int64_t, std::vector<eval::DatasetCase>> datasets; // each revision read once
    std::map<widgets::BadcaseDimension, std::map<QString, int>> counts;
    for (const model::BadcaseRecord &badcase : badcases) {
        board.bad += badcase.verdict == "bad" ? 1 : 0;
        widgets::BadcaseRow row;
        row.id = badcase.id;
        for (const std::string &tag : badcase.tags)
            row.tags << qs(tag);
        row.version = qs(badcase.version);
        row.target = qs(badcase.target);
        row.status = qs(badcase.status);
        row.fixedIn = qs(badcase.fixedIn);
        row.answerRef = qs(badcase.answer);
        row.verdict = qs(badcase.verdict);
        row.text = qs(badcase.text);
        QStringList vars;
        for (const auto &[name, value] : badcase.vars.items())
            vars << qs(name + ": " + (value.is_string() ? value.get<std::string>() : value.dump()));
        row.vars = vars.join(QLatin1Char('\n'));
        row.request = qs(badcase.request.dump(2));
        row.note = qs(badcase.note);
        row.corrected = badcase.corrected ? qs(*badcase.corrected) : QString();
        row.by = qs(badcase.by);
        row.created = qs(badcase.created);
        row.week = weekOf(badcase.created);
        if (badcase.datasetId && badcase.caseIndex) {
            auto cached = datasets.find(*badcase.datasetId);
            if (cached == datasets.end()) {
                try {
                    cached = datasets.emplace(*badcase.datasetId, store::DatasetStore(project).cases(*badcase.datasetId)).first;
                } catch (const std::exception &) {
                    cached = datasets.emplace(*badcase.datasetId, std::vector<eval::DatasetCase> {}).first;
                }
            }
            if (std::size_t(*badcase.caseIndex) < cached->second.size())
                for (const std::string &tag : cached->second[std::size_t(*badcase.caseIndex)].tags)
                    row.datasetTags << qs(tag);
        }
        if (badcase.verdict == "bad") {
            ++counts[widgets::BadcaseDimension::Version][row.version];
            ++counts[widgets::BadcaseDimension::Target][row.target];
            ++counts[widgets::BadcaseDimension::Week][row.week];
            for (const QString &tag : row.datasetTags)
                ++counts[widgets::BadcaseDimension::DatasetTag][tag];
        }
        board.rows.append(std::move(row));
    }
    for (const auto &[dimension, byValue] : counts)
        for (const auto &[value, count] : byValue) // by name: weeks in time order
            board.countsBy[dimension].append({value, {}, QColor(), count});
    return board;
}

// N of a column "NAME@N|target" (0 when it names no version): the older one failed.
int versionNumberOf(const std::string &column)
{
    const std::size_t at = column.rfind('@', column.find('|'));
    return at == std::string::npos ? 0 : std::atoi(column.c_str() + at + 1);
}

// Run `runId` read as a fix: the older version is the one that failed, whichever column the
// run put first.
badcase::RegressionCheck checkFixOf(const store::Project &project, const std::string &runId)
{
    badcase::RegressionCheck check = badcase::checkRegression(project, runId);
    if (versionNumberOf(check.after) < versionNumberOf(check.before))
        check = badcase::checkRegression(project, runId, check.after, check.before);
    return check;
}

// What the board shows of a checked fix, and how many statuses applying it would change.
widgets::FixCheckShown fixCheckOf(const badcase::RegressionCheck &check, const store::Project &project)
{
    widgets::FixCheckShown shown;
    shown.runId = qs(check.runId);
    shown.before = qs(check.before);
    shown.after = qs(check.after);
    shown.sentence = qs(check.sentence);
    std::map<std::int64_t, std::string> statuses;
    for (const model::BadcaseRecord &badcase : store::BadcaseStore(project).list())
        statuses[badcase.id] = badcase.status;
    for (const badcase::CaseOutcome &outcome : check.cases) {
        widgets::FixCheckShown::Case row;
        row.caseIndex = outcome.caseIndex;
        row.badcase = outcome.badcase.value_or(0);
        row.outcome = qs(outcome.outcome);
        for (const std::string &tag : outcome.tags)
            row.tags << qs(tag);
        shown.cases.append(row);
        if (outcome.badcase) {
            const std::string &now = statuses[*outcome.badcase];
            const bool fixed = outcome.outcome == "fixed";
            const bool reopen = outcome.outcome == "still bad" || outcome.outcome == "newly broken";
            shown.changes += (fixed && now != "fixed") || (reopen && now != "open") ? 1 : 0;
        }
    }
    return shown;
}

} // namespace

BadcaseTab::BadcaseTab(ProjectSession *session, QWidget *boardParent, QObject *parent)
    : QObject(parent)
    , m_session(session)
    , m_board(new widgets::BadcaseBoard(boardParent))
{
    widgets::BadcaseBoard *board = m_board;
    // Read when the board is shown, and again on a change while it is: a read at start-up,
    // beside the window's first writes, found the file "malformed" (a read-only connection
    // without a log reads the bare file) and spoiled the process's later opens.
    board->installEventFilter(this);
    const auto changed = [this] {
        m_stale = true;
        if (m_board->isVisible())
            reload();
    };
    connect(session, &ProjectSession::adopted, this, changed);
    connect(session, &ProjectSession::refreshed, this, changed);
    connect(board, &widgets::BadcaseBoard::regressionRequested, this, &BadcaseTab::makeRegression);
    connect(board, &widgets::BadcaseBoard::statusRequested, this, &BadcaseTab::setStatus);
    connect(board, &widgets::BadcaseBoard::taxonomyRequested, this, &BadcaseTab::editTaxonomy);
    connect(board, &widgets::BadcaseBoard::fixCheckRequested, this, &BadcaseTab::chooseFixRun);
    connect(board, &widgets::BadcaseBoard::applyFixRequested, this, &BadcaseTab::applyFix);
}

bool BadcaseTab::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_board && event->type() == QEvent::Show && m_stale)
        reload();
    return QObject::eventFilter(watched, event);
}

QWidget *BadcaseTab::widget() const
{
    return m_board;
}

BadcaseTab::~BadcaseTab()
{
    m_read.waitForFinished();
}

void BadcaseTab::reload()
{
    const std::string path = m_session->workspace().project.path;
    if (path.empty())
        return;
    // One read at a time, and never a wait here: a change during a read is read after it.
    if (m_read.isRunning()) {
        m_readAgain = true;
        return;
    }
    m_stale = false;
    m_read = QtConcurrent::run([this, path] {
        const auto shown = [this](auto show) {
            QMetaObject::invokeMethod(this, [this, show = std::move(show)] {
                show();
                if (std::exchange(m_readAgain, false))
                    reload();
            }, Qt::QueuedConnection);
        };
        try {
            const store::Project project = store::Project::open(path, store::ProjectAccess::Read);
            shown([this, board = boardOf(project)] { m_board->showBoard(board); });
        } catch (const std::exception &error) {
            shown([this, why = qs(error.what())] { m_board->showNote(why); });
        }
    });
}

void BadcaseTab::makeRegression(const QList<qint64> &ids)
{
    if (ids.isEmpty())
        return;
    bool chosen = false;
    const QString name = QInputDialog::getText(m_board, tr("Make Regression Dataset"),
        tr("The %1 chosen cases become the next revision of the dataset named:").arg(ids.size()),
        QLineEdit::Normal, QStringLiteral("regressions"), &chosen).trimmed();
    if (!chosen || name.isEmpty())
        return;
    auto made = std::make_shared<badcase::RegressionDataset>();
    m_session->writer()->changeProject(
        [name = name.toStdString(), ids, made](store::Project &project) {
            store::BadcaseFilter filter;
            for (const qint64 id : ids)
                filter.ids.push_back(id);
            *made = badcase::datasetFromBadcases(project, name, filter);
        },
        [this, made](const QString &error) {
            m_board->showNote(error.isEmpty()
                    ? tr("%1 revision %2 holds %3 cases from bad cases (%4 in all); evaluate the fix on it, "
                         "then `badcase reeval RUN`.")
                          .arg(qs(made->dataset.name))
                          .arg(made->dataset.revision)
                          .arg(made->cases)
                          .arg(made->dataset.caseCount)
                    : tr("No dataset was made: %1").arg(error));
        });
}

void BadcaseTab::chooseFixRun()
{
    QStringList shown;
    QStringList ids;
    for (const model::RunRecord &run : m_session->workspace().project.runs) {
        if (run.kind != "eval" || run.versions.size() + run.targets.size() < 3)
            continue; // two columns at least: the one that failed and the fix
        QStringList versions;
        for (const std::string &version : run.versions)
            versions << qs(version);
        shown << tr("%1 · %2 on %3 · %4")
                     .arg(qs(run.id), versions.join(QStringLiteral(" vs ")),
                         qs(util::join(run.targets)), qs(run.options.value("dataset", "")));
        ids << qs(run.id);
    }
    if (ids.isEmpty()) {
        m_board->showNote(tr("No evaluation in two columns yet: evaluate the version that failed and "
                             "the fix on the regression dataset (Evaluate tab), then check it here."));
        return;
    }
    bool chosen = false;
    const QString picked = QInputDialog::getItem(m_board, tr("Check a Fix"),
        tr("The evaluation of the regression dataset (its first column failed, the second is the fix):"),
        shown, 0, false, &chosen);
    if (chosen)
        checkFix(ids.value(shown.indexOf(picked)));
}

void BadcaseTab::checkFix(const QString &runId)
{
    const std::string path = m_session->workspace().project.path;
    if (runId.isEmpty() || path.empty())
        return;
    // A read, off the GUI thread; the board shows it when it is done.
    (void)QtConcurrent::run([this, path, runId, guard = QPointer<BadcaseTab>(this)] {
        widgets::FixCheckShown shown;
        QString error;
        try {
            const store::Project project = store::Project::open(path, store::ProjectAccess::Read);
            const badcase::RegressionCheck check = checkFixOf(project, runId.toStdString());
            shown = fixCheckOf(check, project);
        } catch (const std::exception &failure) {
            error = qs(failure.what());
        }
        QMetaObject::invokeMethod(qApp, [guard, shown, error] {
            if (!guard)
                return;
            if (error.isEmpty())
                guard->m_board->showFixCheck(shown);
            else
                guard->m_board->showNote(tr("The fix was not checked: %1").arg(error));
        }, Qt::QueuedConnection);
    });
}

void BadcaseTab::applyFix(const QString &runId)
{
    auto changed = std::make_shared<int>(0);
    m_session->writer()->changeProject(
        [runId = runId.toStdString(), changed](store::Project &project) {
            *changed = badcase::applyOutcomes(project, checkFixOf(project, runId));
        },
        [this, changed](const QString &error) {
            m_board->showNote(!error.isEmpty() ? tr("The statuses were not changed: %1").arg(error)
                    : *changed == 1               ? tr("1 bad case changed status.")
                                                  : tr("%1 bad cases changed status.").arg(*changed));
        });
}

void BadcaseTab::editTaxonomy()
{
    QList<widgets::TagChoice> tags;
    for (const model::BadcaseTag &tag : m_session->workspace().badcaseTags)
        tags.push_back({qs(tag.name), qs(tag.description), qs(tag.colour)});
    auto *dialog = new widgets::TaxonomyDialog(tags, m_board);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        std::vector<std::pair<std::string, model::BadcaseTag>> edits;
        for (const widgets::TagEdit &edit : dialog->edits())
            edits.emplace_back(edit.was.toStdString(),
                model::BadcaseTag {edit.tag.name.toStdString(), edit.tag.description.toStdString(),
                    edit.tag.colour.toStdString()});
        std::vector<std::string> removed;
        for (const QString &name : dialog->removed())
            removed.push_back(name.toStdString());
        m_session->writer()->changeProject(
            [edits, removed](store::Project &project) {
                store::BadcaseStore store(project);
                for (const std::string &name : removed)
                    store.removeTag(name);
                for (const auto &[was, tag] : edits) {
                    if (was.empty())
                        store.addTag(tag);
                    else
                        store.updateTag(was, tag);
                }
            },
            [this](const QString &error) {
                m_board->showNote(error.isEmpty() ? tr("The taxonomy is saved.")
                                                  : tr("The taxonomy was not saved: %1").arg(error));
            });
    });
    dialog->open();
}

void BadcaseTab::setStatus(const QList<qint64> &ids, const QString &status)
{
    m_session->writer()->changeProject(
        [ids, status = status.toStdString()](store::Project &project) {
            store::BadcaseStore store(project);
            for (const qint64 id : ids)
                store.setStatus(id, status);
        },
        [this](const QString &error) {
            if (!error.isEmpty())
                m_board->showNote(tr("The status was not set: %1").arg(error));
        });
}

} // namespace ps::app
