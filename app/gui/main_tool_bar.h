#pragma once

#include <QToolBar>

class QAction;
class QSpinBox;

namespace ps::widgets {
class ResponseArea;
}

// The window's tool bar (UI.md): Run all, Stop, Save version, how many response panes, and
// what they compare (models or versions).
namespace ps::app {

class MainToolBar final : public QToolBar
{
    Q_OBJECT
public:
    // `save` is the Prompt menu's Save Version action; the rest come from `area`.
    MainToolBar(widgets::ResponseArea *area, QAction *save, QWidget *parent = nullptr);

    QSpinBox *paneCount() const { return m_panes; }
    QAction *compareModels() const { return m_models; }
    QAction *compareVersions() const { return m_versions; }

private:
    QSpinBox *m_panes = nullptr;
    QAction *m_models = nullptr;
    QAction *m_versions = nullptr;
};

} // namespace ps::app
