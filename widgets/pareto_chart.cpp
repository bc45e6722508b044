#include "pareto_chart.h"

#include <QHelpEvent>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>

#include <algorithm>

namespace ps::widgets {

namespace {

constexpr int kMargin = 6;
constexpr int kFigureWidth = 165; // "17 (45%) · 82% so far"

} // namespace

ParetoChart::ParetoChart(QWidget *parent)
    : QWidget(parent)
{
    setFocusPolicy(Qt::StrongFocus);
    setAccessibleName(tr("Bad cases per tag"));
    setMinimumWidth(320);
}

void ParetoChart::setCounts(QList<TagCount> counts, int total, bool keepOrder)
{
    const QString chosen = chosenTag();
    if (!keepOrder)
        std::stable_sort(counts.begin(), counts.end(), [](const TagCount &a, const TagCount &b) {
            return a.count != b.count ? a.count > b.count : a.tag < b.tag;
        });
    m_counts = std::move(counts);
    m_total = total;
    m_chosen = -1;
    for (int i = 0; i < m_counts.size(); ++i)
        if (m_counts[i].tag == chosen)
            m_chosen = i;
    m_focused = std::clamp(m_focused, 0, std::max(0, int(m_counts.size()) - 1));
    QStringList said;
    for (const TagCount &count : m_counts)
        said << tr("%1: %2").arg(count.tag).arg(count.count);
    setAccessibleDescription(said.join(QStringLiteral(", ")));
    updateGeometry();
    update();
}

QString ParetoChart::chosenTag() const
{
    return m_chosen >= 0 && m_chosen < m_counts.size() ? m_counts[m_chosen].tag : QString();
}

void ParetoChart::choose(const QString &tag)
{
    m_chosen = -1;
    for (int i = 0; i < m_counts.size(); ++i)
        if (m_counts[i].tag == tag)
            m_chosen = i;
    update();
    emit tagChosen(chosenTag());
}

int ParetoChart::rowHeight() const
{
    return fontMetrics().height() + 10;
}

int ParetoChart::labelWidth() const
{
    int widest = 0;
    for (const TagCount &count : m_counts)
        widest = std::max(widest, fontMetrics().horizontalAdvance(count.tag));
    return widest + 12;
}

QRect ParetoChart::barRect(int index) const
{
    const int left = kMargin + labelWidth();
    const int room = std::max(20, width() - left - kFigureWidth - kMargin);
    const int most = m_counts.isEmpty() ? 1 : std::max(1, m_counts.front().count);
    const int length = std::max(2, room * m_counts[index].count / most);
    return QRect(left, kMargin + index * rowHeight() + 3, length, rowHeight() - 6);
}

QSize ParetoChart::sizeHint() const
{
    return QSize(520, 2 * kMargin + std::max(3, int(m_counts.size())) * rowHeight());
}

void ParetoChart::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QPalette &colours = palette();
    if (m_counts.isEmpty()) {
        painter.setPen(colours.color(QPalette::PlaceholderText));
        painter.drawText(rect().adjusted(kMargin, kMargin, -kMargin, -kMargin), Qt::AlignLeft | Qt::TextWordWrap,
            tr("No bad case is marked yet. Mark one under an answer (👎), in an evaluation's cell, or with "
               "`promptsmith-cli badcase add`; the tags that cause most failures show here, largest first."));
        return;
    }
    int runningCount = 0;
    for (int i = 0; i < m_counts.size(); ++i) {
        const TagCount &count = m_counts[i];
        runningCount += count.count;
        const QRect bar = barRect(i);
        const QRect row(0, bar.top() - 3, width(), rowHeight());
        if (i == m_chosen)
            painter.fillRect(row, colours.color(QPalette::AlternateBase));
        painter.setPen(colours.color(QPalette::Text));
        QFont font = painter.font();
        font.setBold(i == m_chosen);
        painter.setFont(font);
        painter.drawText(QRect(kMargin, row.top(), labelWidth() - 6, row.height()), Qt::AlignVCenter | Qt::AlignRight,
            count.tag);
        painter.fillRect(bar, count.colour.isValid() ? count.colour : colours.color(QPalette::Highlight));
        const double share = m_total > 0 ? 100.0 * count.count / m_total : 0.0;
        const double running = m_total > 0 ? std::min(100.0, 100.0 * runningCount / m_total) : 0.0;
        painter.drawText(QRect(bar.right() + 8, row.top(), kFigureWidth, row.height()), Qt::AlignVCenter,
            tr("%1 (%2%) · %3% so far").arg(count.count).arg(share, 0, 'f', 0).arg(running, 0, 'f', 0));
        if (hasFocus() && i == m_focused) {
            painter.setPen(QPen(colours.color(QPalette::Highlight), 1, Qt::DotLine));
            painter.drawRect(row.adjusted(1, 1, -2, -2));
        }
    }
}

void ParetoChart::mousePressEvent(QMouseEvent *event)
{
    for (int i = 0; i < m_counts.size(); ++i) {
        const QRect bar = barRect(i);
        if (event->position().y() >= bar.top() - 3 && event->position().y() < bar.top() - 3 + rowHeight()) {
            m_focused = i;
            choose(i == m_chosen ? QString() : m_counts[i].tag); // a second click shows all again
            return;
        }
    }
}

void ParetoChart::keyPressEvent(QKeyEvent *event)
{
    if (m_counts.isEmpty())
        return QWidget::keyPressEvent(event);
    switch (event->key()) {
    case Qt::Key_Down:
        m_focused = std::min(m_focused + 1, int(m_counts.size()) - 1);
        update();
        return;
    case Qt::Key_Up:
        m_focused = std::max(m_focused - 1, 0);
        update();
        return;
    case Qt::Key_Return:
    case Qt::Key_Enter:
    case Qt::Key_Space:
        choose(m_focused == m_chosen ? QString() : m_counts[m_focused].tag);
        return;
    case Qt::Key_Escape:
        choose(QString());
        return;
    default:
        QWidget::keyPressEvent(event);
    }
}

bool ParetoChart::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        const auto *help = static_cast<QHelpEvent *>(event);
        for (int i = 0; i < m_counts.size(); ++i)
            if (help->pos().y() >= barRect(i).top() - 3 && help->pos().y() < barRect(i).top() - 3 + rowHeight()) {
                QToolTip::showText(help->globalPos(), m_counts[i].description, this);
                return true;
            }
        QToolTip::hideText();
        return true;
    }
    return QWidget::event(event);
}

} // namespace ps::widgets
