#include "main_status_bar.h"

#include "util/number_text.h"

#include <QLabel>

namespace ps::app {

MainStatusBar::MainStatusBar(QWidget *parent)
    : QStatusBar(parent)
    , m_note(new QLabel(this))
    , m_running(new QLabel(this))
    , m_cost(new QLabel(this))
    , m_hint(new QLabel(
          tr("Only the echo provider is set up — Settings ▸ Providers and Targets… adds a real "
             "model"),
          this))
{
    m_hint->setObjectName(QStringLiteral("providerHint"));
    m_hint->hide();
    addWidget(m_note, 1);
    addPermanentWidget(m_running);
    addPermanentWidget(m_cost);
    addPermanentWidget(m_hint);
    m_cost->setToolTip(tr("Money spent on model calls since Promptsmith started"));
    setSessionCost(0.0);
}

QString MainStatusBar::note() const
{
    return m_note->text();
}

QString MainStatusBar::hint() const
{
    return m_hint->isHidden() ? QString() : m_hint->text();
}

void MainStatusBar::setNote(const QString &text)
{
    m_note->setText(text);
}

void MainStatusBar::setRunning(const QString &text)
{
    m_running->setText(text);
}

void MainStatusBar::setSessionCost(double dollars)
{
    // The panes' own text for money ("$0.0000228"), so the total reads like its parts.
    m_cost->setText(tr("Session: %1").arg(QString::fromStdString(util::dollars(dollars))));
}

void MainStatusBar::setOnlyEcho(bool onlyEcho)
{
    m_hint->setVisible(onlyEcho);
}

} // namespace ps::app
