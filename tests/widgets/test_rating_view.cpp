// The window's blind rating view (Rate tab): a session rated by keyboard, identities shown
// only after the last item, and the stored ratings exactly the keys pressed.

#include "cli_test_helpers.h"
#include "main_window.h"
#include "rating_tab.h"
#include "rating_view.h"
#include "window_fixture.h"
#include "window_steps.h"

#include "badcase_mark_dialog.h"
#include "checklist_dialog.h"
#include "rating_report_view.h"

#include "store/badcase_store.h"
#include "store/project.h"
#include "store/rating_store.h"

#include <QComboBox>
#include <QInputDialog>
#include <QListWidget>
#include <QPushButton>
#include <QTableWidget>
#include <QTimer>
#include <QToolButton>

#include <functional>

#include <QLineEdit>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTextBrowser>
#include <QtTest>

#include <map>
#include <memory>

using namespace ps;
using nlohmann::json;

class TestRatingView : public QObject
{
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;

    // An evaluation of two versions over the demo's 12 tickets, and a session over it.
    QString makeSession(std::initializer_list<test::Arg> extra)
    {
        const test::CliResult evaluated = test::cli({"--project", m_path, "--json", "eval",
            "ticket-triage@2", "ticket-triage@3", "--dataset", "tickets", "--target", "echo"});
        const QString run = QString::fromStdString(test::jsonOut(evaluated)["run_id"].get<std::string>());
        QStringList args = test::argList({"--project", m_path, "--json", "rate", "create", run});
        for (const test::Arg &arg : extra)
            args << arg.value;
        const test::CliResult made = test::runCli(args);
        return made.exitCode == 0
            ? QString::fromStdString(test::jsonOut(made)["session"].get<std::string>())
            : QString();
    }

    // Answers the next modal dialog when it shows (QInputDialog and the like block in exec()).
    static void whenModal(std::function<void(QWidget *)> answer)
    {
        auto *poll = new QTimer;
        poll->setInterval(20);
        QObject::connect(poll, &QTimer::timeout, poll, [poll, answer] {
            if (QWidget *modal = QApplication::activeModalWidget()) {
                poll->stop();
                poll->deleteLater();
                answer(modal);
            }
        });
        poll->start();
    }

    static void typeName(QWidget *modal, const QString &name)
    {
        auto *dialog = qobject_cast<QInputDialog *>(modal);
        QVERIFY(dialog);
        dialog->setTextValue(name);
        dialog->accept();
    }

    static QPushButton *buttonNamed(QWidget *parent, const QString &text)
    {
        for (QPushButton *button : parent->findChildren<QPushButton *>())
            if (button->text() == text)
                return button;
        return nullptr;
    }

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_path = test::demoProjectIn(m_dir->path());
    }

    void cleanup() { m_dir.reset(); }

    void pairwiseByKeyboardRevealsOnlyAtTheEnd()
    {
        const QString session = makeSession({});
        QVERIFY(!session.isEmpty());
        app::MainWindow window;
        QVERIFY(test::openAndWait(window, m_path));
        widgets::RatingView *view = window.ratingView();
        window.ratingTab()->open(session, QStringLiteral("ana"));
        QTRY_VERIFY_WITH_TIMEOUT(!view->currentItem().isEmpty(), 10000);
        QVERIFY(view->isVisible()); // the Rate tab came forward
        QVERIFY(view->progressText().startsWith(QStringLiteral("0 of 12 rated")));
        view->setFocus();

        const QList<int> keys = {Qt::Key_1, Qt::Key_2, Qt::Key_T, Qt::Key_B};
        std::map<std::string, std::string> pressed;
        for (int i = 0; i < 12; ++i) {
            const QString item = view->currentItem();
            QVERIFY(!item.isEmpty());
            QVERIFY(!view->identitiesShown()); // nothing is revealed before the last item
            QVERIFY(!view->identitiesView()->toPlainText().contains(QStringLiteral("ticket-triage")));
            const int key = keys[i % keys.size()];
            if (i == 5) { // a note, typed into its field: letters stay in it
                QTest::keyClick(view, Qt::Key_N);
                QTest::keyClicks(view->noteEdit(), QStringLiteral("both bad tabs"));
                QTest::keyClick(view->noteEdit(), Qt::Key_Return);
                QCOMPARE(view->currentItem(), item); // typing a note rated nothing
            }
            QTest::keyClick(view, key);
            pressed[item.toStdString()] = key == Qt::Key_1 ? "1" : key == Qt::Key_2 ? "2"
                : key == Qt::Key_T                         ? "tie"
                                                           : "bad";
        }
        QTRY_VERIFY_WITH_TIMEOUT(view->identitiesShown(), 10000);
        const QString revealed = view->identitiesView()->toPlainText();
        QVERIFY2(revealed.contains(QStringLiteral("ticket-triage@2|echo"))
                && revealed.contains(QStringLiteral("ticket-triage@3|echo")),
            qPrintable(revealed));

        const store::Project project = store::Project::open(m_path.toStdString());
        const auto ratings = store::RatingStore(project).ratings(session.toStdString());
        QCOMPARE(ratings.size(), std::size_t(12));
        for (const model::RatingRecord &rating : ratings) {
            QCOMPARE(rating.rater, std::string("ana"));
            QCOMPARE(rating.choice, pressed[rating.item]);
        }
        const auto noted = std::count_if(ratings.begin(), ratings.end(),
            [](const model::RatingRecord &rating) { return rating.note == "both bad tabs"; });
        QCOMPARE(noted, 1);

        // Opened again, a rater is not asked what they rated already.
        window.ratingTab()->open(session, QStringLiteral("ana"));
        QTRY_VERIFY(view->progressText().startsWith(QStringLiteral("12 of 12")) || view->identitiesShown());

        // Two more raters send ratings files (as the rater page saves them): the report has
        // all three, their agreement and the columns' ratings.
        const auto items = store::RatingStore(project).items(session.toStdString());
        for (const char *rater : {"ben", "cy"}) {
            json ratings = json::array();
            for (std::size_t i = 0; i < items.size(); ++i)
                ratings.push_back({{"item", items[i].id},
                    {"choice", i % 3 == 0 ? "tie" : (i % 2 == 0) == (rater[0] == 'b') ? "1" : "2"}});
            const QString file = m_dir->filePath(QString::fromUtf8(rater) + QStringLiteral(".json"));
            QVERIFY(test::writeFile(file, QByteArray::fromStdString(
                json({{"session", session.toStdString()}, {"rater", rater}, {"ratings", ratings}}).dump())));
            const test::CliResult imported = test::cli({"--project", m_path, "rate", "import", file});
            QVERIFY2(imported.exitCode == 0, test::describe(imported));
        }
        const json report = test::jsonOut(test::cli({"--project", m_path, "--json", "rate", "report", session}));
        QCOMPARE(report["raters"].get<int>(), 3);
        QCOMPARE(report["ratings"].get<int>(), 36);
        QVERIFY(report["agreement"]["cohen_kappa"].is_null()); // only for two raters
        QVERIFY(report["agreement"]["fleiss_kappa"].is_number());
        QVERIFY(report["agreement"]["krippendorff_alpha"]["nominal"].is_number());
        QCOMPARE(report["pairs"].size(), std::size_t(1));
        QVERIFY(report["pairs"][0]["win_rate_ci95"].size() == 2);
        QCOMPARE(report["bradley_terry"]["ratings"].size(), std::size_t(2));
        for (const json &rating : report["bradley_terry"]["ratings"])
            QVERIFY(rating["ci95"].is_array() && rating["rating"].is_number());
    }

    void rubricScoresByDigits()
    {
        const QString session = makeSession({"--mode", "rubric", "--criterion", "Right label?",
            "--criterion", "Short?", "--column", "ticket-triage@3|echo"});
        QVERIFY(!session.isEmpty());
        app::MainWindow window;
        QVERIFY(test::openAndWait(window, m_path));
        widgets::RatingView *view = window.ratingView();
        window.ratingTab()->open(session, QStringLiteral("ben"));
        QTRY_VERIFY_WITH_TIMEOUT(!view->currentItem().isEmpty(), 10000);
        view->setFocus();
        const QString first = view->currentItem();
        QTest::keyClick(view, Qt::Key_4); // the first question
        QCOMPARE(view->currentItem(), first); // the second is still to answer
        QTest::keyClick(view, Qt::Key_2);
        QTRY_VERIFY(view->currentItem() != first);
        const store::Project project = store::Project::open(m_path.toStdString());
        QTRY_VERIFY_WITH_TIMEOUT(!store::RatingStore(project).ratings(session.toStdString()).empty(), 10000);
        const auto ratings = store::RatingStore(project).ratings(session.toStdString());
        QCOMPARE(ratings.front().item, first.toStdString());
        QCOMPARE(ratings.front().scores.dump(), std::string("[4,2]"));
    }

    // The Rate tab lists the project's sessions; Report shows `rate report`'s figures, and the
    // agreed answers become the guideline's examples.
    void reportShowsTheFiguresOfRateReport()
    {
        const QString guideline = m_dir->filePath(QStringLiteral("triage.md"));
        QVERIFY(test::writeFile(guideline, "# Which label is right?\n"));
        const QString session = makeSession({"--guideline", guideline});
        const store::Project project = store::Project::open(m_path.toStdString());
        const auto items = store::RatingStore(project).items(session.toStdString());
        for (std::size_t i = 0; i < items.size(); ++i)
            for (const char *rater : {"ana", "ben"})
                QVERIFY(test::cli({"--project", m_path, "rate", "add", session, QString::fromStdString(items[i].id),
                            "--rater", rater, "--choice", i < 4 ? "1" : (i % 2 == 0) == (rater[0] == 'a') ? "2" : "tie"})
                            .exitCode
                    == 0);
        const json report = test::jsonOut(test::cli({"--project", m_path, "--json", "rate", "report", session}));

        app::MainWindow window;
        QVERIFY(test::openAndWait(window, m_path));
        widgets::RatingView *view = window.ratingView();
        QTRY_COMPARE(view->sessionsBox()->currentData().toString(), session);
        QVERIFY2(view->sessionsBox()->currentText().contains(QStringLiteral("12 items · 24 ratings")), qPrintable(view->sessionsBox()->currentText()));
        QPushButton *reportButton = buttonNamed(view, QStringLiteral("Report"));
        QVERIFY(reportButton);
        reportButton->click();
        QTRY_VERIFY_WITH_TIMEOUT(view->reportShown(), 10000);
        QVERIFY(view->currentItem().isEmpty()); // no rating key works on the report

        widgets::RatingReportView *shown = view->reportView();
        QTableWidget *table = shown->table();
        QCOMPARE(table->rowCount(), 1);
        const json &pair = report["pairs"][0];
        QCOMPARE(table->item(0, 0)->text().toStdString(), pair["a"].get<std::string>());
        QCOMPARE(table->item(0, 2)->text().toInt(), pair["wins"].get<int>());
        QCOMPARE(table->item(0, 3)->text().toInt(), pair["ties"].get<int>());
        QCOMPARE(table->item(0, 4)->text().toInt(), pair["losses"].get<int>());
        QCOMPARE(table->item(0, 5)->text(), QString::number(pair["win_rate"].get<double>() * 100, 'f', 1) + QStringLiteral("%"));
        QCOMPARE(shown->ratingsTable()->rowCount(), 2);
        for (int row = 0; row < 2; ++row)
            QCOMPARE(shown->ratingsTable()->item(row, 1)->text(),
                QString::number(report["bradley_terry"]["ratings"][std::size_t(row)]["rating"].get<double>(), 'f', 1));
        const QString kappa = QString::number(report["agreement"]["cohen_kappa"].get<double>(), 'f', 3);
        QVERIFY2(shown->linesText().contains(QStringLiteral("Cohen's kappa ") + kappa), qPrintable(shown->linesText()));
        QVERIFY(shown->linesText().contains(QStringLiteral("Guideline: triage@1")));

        // Examples: the guideline's next version holds one per choice the raters agreed on.
        QCOMPARE(report["examples"].size(), std::size_t(1)); // both said "1" on the first four
        QVERIFY(shown->examplesButton()->isEnabled());
        shown->examplesButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(
            store::RatingStore(project).guidelines().front().version == 2, 10000);
        const std::string text = store::RatingStore(project).guideline("triage").text;
        QVERIFY(text.starts_with("# Which label is right?\n\n## Examples from rated answers"));
        QVERIFY(text.find("### One response is better") != std::string::npos);
    }

    // Rate Blind… from a run: who rates, then the run's session already made or a new one.
    void rateBlindAsksWhoAndWhichSession()
    {
        const QString session = makeSession({});
        const store::Project project = store::Project::open(m_path.toStdString());
        const std::string run = store::RatingStore(project).session(session.toStdString()).runId;
        app::MainWindow window;
        QVERIFY(test::openAndWait(window, m_path));
        widgets::RatingView *view = window.ratingView();
        whenModal([](QWidget *modal) {
            typeName(modal, QStringLiteral("dee"));
            whenModal([](QWidget *next) {
                auto *dialog = qobject_cast<QInputDialog *>(next);
                QVERIFY(dialog);
                QVERIFY(dialog->comboBoxItems().size() == 2); // the session, and "A new session"
                dialog->setTextValue(dialog->comboBoxItems().front());
                dialog->accept();
            });
        });
        window.ratingTab()->rateBlind(QString::fromStdString(run));
        QTRY_VERIFY_WITH_TIMEOUT(!view->currentItem().isEmpty(), 10000);
        QVERIFY(view->progressText().startsWith(QStringLiteral("0 of 12 rated")));
        // The dialogs are gone: the window is active again, so its shortcuts work.
        window.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        view->setFocus();
        QTest::keyClick(view, Qt::Key_T);
        QTRY_VERIFY_WITH_TIMEOUT(store::RatingStore(project).ratings(session.toStdString()).size() == 1, 10000);
        QCOMPARE(store::RatingStore(project).ratings(session.toStdString()).front().rater, std::string("dee"));
        QCOMPARE(store::RatingStore(project).list().size(), std::size_t(1)); // no second session
    }

    // Runs of the panes (here made with `run`, stored alike) rated blind as one session.
    void windowRunsBecomeASession()
    {
        QVERIFY(test::cli({"--project", m_path, "target", "add", "echo2", "--provider", "echo", "--model", "echo"})
                    .exitCode
            == 0);
        for (const char *ticket : {"ticket=VAT shown twice", "ticket=Dark mode please"})
            QVERIFY(test::cli({"--project", m_path, "run", "ticket-triage@3", "--target", "echo", "--target",
                        "echo2", "--var", ticket})
                        .exitCode
                == 0);
        app::MainWindow window;
        QVERIFY(test::openAndWait(window, m_path));
        widgets::RatingView *view = window.ratingView();
        whenModal([](QWidget *modal) {
            auto *dialog = qobject_cast<widgets::ChecklistDialog *>(modal);
            QVERIFY(dialog);
            QCOMPARE(dialog->list()->count(), 2);
            for (int row = 0; row < 2; ++row)
                dialog->list()->item(row)->setCheckState(Qt::Checked);
            whenModal([](QWidget *next) { typeName(next, QStringLiteral("eve")); });
            dialog->accept();
        });
        QPushButton *fromRuns = buttonNamed(view, QStringLiteral("Rate Window Runs…"));
        QVERIFY(fromRuns);
        fromRuns->click();
        QTRY_VERIFY_WITH_TIMEOUT(!view->currentItem().isEmpty(), 10000);
        QVERIFY2(view->progressText().startsWith(QStringLiteral("0 of 2 rated")), qPrintable(view->progressText()));
        const store::Project project = store::Project::open(m_path.toStdString());
        const auto sessions = store::RatingStore(project).list();
        QCOMPARE(sessions.size(), std::size_t(1));
        QCOMPARE(sessions.front().runIds.size(), std::size_t(2));
        QCOMPARE(sessions.front().mode, std::string("pairwise"));
    }

    // A bad answer seen while rating becomes a bad case of the cell it was, with nothing of who
    // answered shown: the item's side is resolved to RUN:CASE:COLUMN in the store.
    void aRatedAnswerIsMarkedBad()
    {
        const QString session = makeSession({});
        QVERIFY(!session.isEmpty());
        app::MainWindow window;
        QVERIFY(test::openAndWait(window, m_path));
        widgets::RatingView *view = window.ratingView();
        window.ratingTab()->open(session, QStringLiteral("ana"));
        QTRY_VERIFY_WITH_TIMEOUT(!view->currentItem().isEmpty(), 10000);
        const QString item = view->currentItem();
        QToolButton *markSecond = nullptr;
        for (QToolButton *button : view->findChildren<QToolButton *>())
            if (button->accessibleName() == QStringLiteral("Mark Response 2 bad"))
                markSecond = button;
        QVERIFY(markSecond && markSecond->isVisible());
        markSecond->click();
        widgets::BadcaseMarkDialog *why = nullptr;
        QTRY_VERIFY((why = window.findChild<widgets::BadcaseMarkDialog *>()) != nullptr);
        why->tagList()->item(0)->setCheckState(Qt::Checked);
        why->accept();
        const store::Project project = store::Project::open(m_path.toStdString());
        QTRY_VERIFY_WITH_TIMEOUT(store::BadcaseStore(project).list().size() == 1, 10000);
        const model::BadcaseRecord marked = store::BadcaseStore(project).list().front();
        // The answer shown second is the one marked, as the store knows the item's sides.
        model::RatingItemRecord rated;
        for (const model::RatingItemRecord &each : store::RatingStore(project).items(session.toStdString()))
            if (QString::fromStdString(each.id) == item)
                rated = each;
        QCOMPARE(marked.responseId, rated.responseIds.at(1));
        QCOMPARE(marked.caseIndex, std::optional<int>(rated.caseIndex));
        QCOMPARE(marked.tags, std::vector<std::string>({"format broken"}));
        QCOMPARE(view->currentItem(), item); // marking rated nothing
    }
};

QTEST_MAIN(TestRatingView)
#include "test_rating_view.moc"
