#include "metrics_bar.h"

#include "util/number_text.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>

#include <algorithm>
#include <cmath>

namespace ps::widgets {

namespace {

const QString separator = QStringLiteral(" · ");

QString tokens(long long count)
{
    return QLocale().toString(count);
}

struct Part
{
    QString value;
    QString unit; // shown muted after the value
    QString tip;
};

std::vector<Part> parts(const AnswerMetrics &m)
{
    std::vector<Part> list;
    if (m.cached)
        list.push_back(
            {QObject::tr("cached"), {}, QObject::tr("Answered from the response cache")});
    if (m.ttftMs)
        list.push_back(
            {formatDuration(*m.ttftMs), QObject::tr("TTFT"), QObject::tr("Time to first token")});
    list.push_back({formatDuration(m.totalMs), QObject::tr("total"), QObject::tr("Total time")});
    if (m.tokensPerSecond)
        list.push_back({QString::number(std::lround(*m.tokensPerSecond)), QObject::tr("tok/s"),
            QObject::tr("Output tokens per second after the first token")});
    if (m.inputTokens || m.outputTokens) {
        const QString in = m.inputTokens ? tokens(*m.inputTokens) : QStringLiteral("?");
        const QString out = m.outputTokens ? tokens(*m.outputTokens) : QStringLiteral("?");
        list.push_back({in + QStringLiteral("→") + out, QObject::tr("tok"),
            QObject::tr("Tokens in → tokens out")});
    }
    if (m.imageTokens)
        list.push_back({tokens(*m.imageTokens), QObject::tr("for images"),
            QObject::tr("Of the input tokens, what the images cost by the provider's published rule")});
    list.push_back({formatCost(m.costUsd), {},
        m.costUsd ? QObject::tr("Cost of this answer at list price")
                  : QObject::tr("No price is known for this model (see price set)")});
    if (!m.finishReason.isEmpty())
        list.push_back({m.finishReason, {},
            m.finishReasonRaw.isEmpty() || m.finishReasonRaw == m.finishReason
                ? QObject::tr("Why the answer ended")
                : QObject::tr("Why the answer ended; the provider said \"%1\"").arg(m.finishReasonRaw)});
    if (m.attempts > 1)
        list.push_back({QString::number(m.attempts), QObject::tr("attempts"),
            QObject::tr("Requests sent, retries included")});
    const auto percent = [](double p) { return QString::number(p * 100, 'f', 1) + QLatin1Char('%'); };
    if (m.confidence) {
        list.push_back({percent(*m.confidence), QObject::tr("sure"),
            QObject::tr("Mean confidence: the geometric mean of the tokens' probabilities")});
        list.push_back({QStringLiteral("“%1” %2").arg(m.leastSure.simplified(),
                            percent(m.leastSureConfidence)),
            QObject::tr("least sure"), QObject::tr("The least sure stretch of the answer")});
    }
    return list;
}

} // namespace

QString formatDuration(double ms)
{
    if (ms < 1000)
        return QObject::tr("%1 ms").arg(std::lround(ms));
    if (ms < 60000)
        return QObject::tr("%1 s").arg(ms / 1000.0, 0, 'f', ms < 10000 ? 2 : 1);
    const long long seconds = std::llround(ms / 1000.0);
    return QObject::tr("%1 min %2 s").arg(seconds / 60).arg(seconds % 60);
}

QString formatCost(const std::optional<double> &usd)
{
    return usd ? QString::fromStdString(util::dollars(*usd)) : QObject::tr("no price");
}

QString metricsText(const AnswerMetrics &metrics)
{
    QStringList texts;
    for (const Part &part : parts(metrics))
        texts << (part.unit.isEmpty() ? part.value : part.value + QLatin1Char(' ') + part.unit);
    return texts.join(separator);
}

MetricsBar::MetricsBar(QWidget *parent)
    : QWidget(parent)
    , m_label(new QLabel(this))
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_label, 1);
    m_label->setTextFormat(Qt::RichText);
    m_label->setWordWrap(true);
    m_label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.9);
    m_label->setFont(small);
    render();
}

void MetricsBar::showMetrics(const AnswerMetrics &metrics)
{
    m_metrics = metrics;
    m_progress.clear();
    render();
}

void MetricsBar::showProgress(const QString &text)
{
    m_metrics.reset();
    m_progress = text;
    render();
}

void MetricsBar::clear()
{
    m_metrics.reset();
    m_progress.clear();
    render();
}

QString MetricsBar::text() const
{
    return m_metrics ? metricsText(*m_metrics) : m_progress;
}

void MetricsBar::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        render();
}

void MetricsBar::render()
{
    const QString muted = palette().color(QPalette::PlaceholderText).name();
    if (!m_metrics) {
        m_label->setText(QStringLiteral("<span style=\"color:%1\">%2</span>")
                             .arg(muted, m_progress.toHtmlEscaped()));
        m_label->setToolTip({});
        return;
    }
    QStringList html;
    QStringList tips;
    for (const Part &part : parts(*m_metrics)) {
        QString item = part.value.toHtmlEscaped();
        if (!part.unit.isEmpty())
            item += QStringLiteral("&nbsp;<span style=\"color:%1\">%2</span>")
                        .arg(muted, part.unit.toHtmlEscaped());
        html << item;
        tips << part.tip + QStringLiteral(": ") + part.value;
    }
    m_label->setText(html.join(QStringLiteral(" <span style=\"color:%1\">·</span> ").arg(muted)));
    m_label->setToolTip(tips.join(QLatin1Char('\n')));
}

} // namespace ps::widgets
