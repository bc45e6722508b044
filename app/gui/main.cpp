#include "demo_location.h"
#include "main_window.h"

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

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("A desktop workbench for prompt engineering"));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("project"),
        QStringLiteral("The .promptsmith project to open (default: the demo project)."));
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
    window.show();
    if (!path.isEmpty())
        window.openProject(path);
    return app.exec();
}
