#include "main_tool_bar.h"

#include "response_area.h"

#include <QAction>
#include <QActionGroup>
#include <QLabel>
#include <QSpinBox>

namespace ps::app {

MainToolBar::MainToolBar(widgets::ResponseArea *area, QAction *save, QWidget *parent)
    : QToolBar(tr("Main"), parent)
{
    setObjectName(QStringLiteral("mainToolBar"));
    setMovable(false);
    setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    addAction(area->runAllAction());
    addAction(area->stopAllAction());
    addAction(save);
    addSeparator();
    auto *label = new QLabel(tr("Panes"), this);
    m_panes = new QSpinBox(this);
    m_panes->setRange(1, widgets::ResponseArea::MaxPanes);
    m_panes->setValue(area->paneCount());
    m_panes->setAccessibleName(tr("Number of response panes"));
    m_panes->setToolTip(tr("How many targets to compare side by side (1–%1)")
                            .arg(widgets::ResponseArea::MaxPanes));
    label->setBuddy(m_panes);
    addWidget(label);
    addWidget(m_panes);
    connect(m_panes, &QSpinBox::valueChanged, area, &widgets::ResponseArea::setPaneCount);
    connect(area, &widgets::ResponseArea::paneCountChanged, m_panes, [this](int count) {
        const QSignalBlocker blocker(m_panes);
        m_panes->setValue(count);
    });

    addSeparator();
    addWidget(new QLabel(tr("Compare"), this));
    auto *modes = new QActionGroup(this);
    m_models = modes->addAction(tr("&Models"));
    m_models->setToolTip(tr("One prompt, a target per pane"));
    m_versions = modes->addAction(tr("&Versions"));
    m_versions->setToolTip(tr("A version of this prompt per pane, all sent to one target"));
    for (QAction *mode : {m_models, m_versions}) {
        mode->setCheckable(true);
        addAction(mode);
    }
    m_models->setChecked(area->compareMode() == widgets::CompareMode::Models);
    m_versions->setChecked(area->compareMode() == widgets::CompareMode::Versions);
    connect(m_versions, &QAction::toggled, area, [area](bool on) {
        area->setCompareMode(on ? widgets::CompareMode::Versions : widgets::CompareMode::Models);
    });
    connect(area, &widgets::ResponseArea::compareModeChanged, this,
        [this](widgets::CompareMode mode) {
            (mode == widgets::CompareMode::Versions ? m_versions : m_models)->setChecked(true);
        });
}

} // namespace ps::app
