#include "app_style.h"
#include "demo_location.h"
#include "main_window.h"
#include "present_action.h"
#include "response_area.h"
#include "startup_probe.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QMessageBox>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Promptsmith"));
    QApplication::setOrganizationName(QStringLiteral("Promptsmith"));
    QApplication::setApplicationVersion(QStringLiteral(PS_VERSION_STRING));
    QApplication::setDesktopFileName(QStringLiteral("io.github.promptsmith.Promptsmith"));
    ps::app::applyAppStyle(app);

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("A desktop workbench for prompt engineering"));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("project"),
        QStringLiteral("The .promptsmith project to open (default: the demo project)."));
    QCommandLineOption panes(QStringLiteral("panes"),
        QStringLiteral("Show <count> response panes (1-6)."), QStringLiteral("count"));
    QCommandLineOption run(
        QStringLiteral("run"), QStringLiteral("Run every pane once the project is open."));
    QCommandLineOption present(QStringLiteral("present"),
        QStringLiteral("Open the presenter view on <ref> (NAME, NAME@N or NAME@LABEL)."),
        QStringLiteral("ref"));
    QCommandLineOption target(QStringLiteral("target"),
        QStringLiteral("The target that answers in the presenter view."), QStringLiteral("id"));
    parser.addOption(panes);
    parser.addOption(run);
    parser.addOption(present);
    parser.addOption(target);
    parser.process(app);

    QString path = parser.positionalArguments().value(0);
    if (path.isEmpty()) {
        QString error;
        path = ps::app::ensureDemoProject(&error);
        if (path.isEmpty())
            QMessageBox::warning(nullptr, QObject::tr("Promptsmith"),
                QObject::tr("The demo project could not be created: %1").arg(error));
    }

    ps::app::MainWindow window;
    if (parser.isSet(panes))
        window.responseArea()->setPaneCount(qBound(1, parser.value(panes).toInt(), 6));
    if (parser.isSet(run))
        QObject::connect(
            &window, &ps::app::MainWindow::projectLoaded, &window,
            [&window] { window.responseArea()->runAll(); }, Qt::QueuedConnection);
    if (parser.isSet(present)) {
        const QString reference = parser.value(present);
        const QString chosen = parser.value(target);
        QObject::connect(
            &window, &ps::app::MainWindow::projectLoaded, &window,
            [&window, reference, chosen] {
                // Without --target, the first pane's: what the window would send to.
                const QString answering
                    = chosen.isEmpty() ? window.responseArea()->pane(0)->targetId() : chosen;
                const QString why
                    = window.presentAction()->presentReference(reference, answering);
                if (!why.isEmpty())
                    QMessageBox::warning(&window, QObject::tr("Present"), why);
            },
            Qt::ConnectionType(Qt::QueuedConnection | Qt::SingleShotConnection));
    }
    ps::app::installStartupProbe(&window);
    QObject::connect(&window, &ps::app::MainWindow::projectLoaded, &ps::app::reportStartupReady);
    window.show();
    if (!path.isEmpty())
        window.openProject(path);
    return app.exec();
}
