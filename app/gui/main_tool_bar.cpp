#include "main_tool_bar.h"

#include "response_area.h"

#include <QAction>
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
}

} // namespace ps::app
