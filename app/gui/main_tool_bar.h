#pragma once

#include <QToolBar>

class QSpinBox;

namespace ps::widgets {
class ResponseArea;
}

// The window's tool bar (UI.md): Run all, Stop, Save version, and how many response panes.
namespace ps::app {

class MainToolBar final : public QToolBar
{
    Q_OBJECT
public:
    // `save` is the Prompt menu's Save Version action; the rest come from `area`.
    MainToolBar(widgets::ResponseArea *area, QAction *save, QWidget *parent = nullptr);

    QSpinBox *paneCount() const { return m_panes; }

private:
    QSpinBox *m_panes = nullptr;
};

} // namespace ps::app
