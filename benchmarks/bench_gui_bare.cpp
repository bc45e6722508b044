// The yardstick for start-up time: a bare Qt Widgets main window, measured exactly as the real
// one is (PS_BENCH_EXIT_AFTER_PAINT=1 prints when it first painted, then quits).

#include "startup_probe.h"

#include <QApplication>
#include <QLabel>
#include <QMainWindow>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QMainWindow window;
    window.setWindowTitle(QStringLiteral("bare"));
    window.setCentralWidget(new QLabel(QStringLiteral("A bare Qt Widgets window")));
    window.resize(1280, 800);
    ps::app::installStartupProbe(&window);
    window.show();
    return app.exec();
}
