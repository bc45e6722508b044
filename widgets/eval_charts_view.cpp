#include "eval_charts_view.h"

#include <QBarCategoryAxis>
#include <QBoxPlotSeries>
#include <QBoxSet>
#include <QChart>
#include <QChartView>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QPalette>
#include <QScatterSeries>
#include <QValueAxis>

#include <algorithm>

namespace ps::widgets {

namespace {

QChartView *chartView(const QString &name, QWidget *parent)
{
    auto *view = new QChartView(new QChart, parent);
    view->setRenderHint(QPainter::Antialiasing);
    view->setAccessibleName(name);
    view->setMinimumSize(260, 200);
    QChart *chart = view->chart();
    chart->setTitle(name);
    chart->legend()->hide();
    chart->setMargins(QMargins(4, 4, 4, 4));
    // The window's palette, light or dark, not the charts' own white theme.
    const QPalette palette = QGuiApplication::palette();
    const bool dark = palette.color(QPalette::Window).lightness() < 128;
    chart->setTheme(dark ? QChart::ChartThemeDark : QChart::ChartThemeLight);
    chart->setBackgroundBrush(palette.color(QPalette::Base));
    return view;
}

void clear(QChart *chart)
{
    chart->removeAllSeries();
    for (QAbstractAxis *axis : chart->axes()) {
        chart->removeAxis(axis);
        delete axis;
    }
}

// A box per column: the categories are the columns.
void addBoxes(QChart *chart, QBoxPlotSeries *series, const QStringList &columns, double low,
    double high, const QString &title, const QString &labelFormat = QStringLiteral("%.0f"))
{
    chart->addSeries(series);
    auto *categories = new QBarCategoryAxis;
    categories->append(columns);
    auto *values = new QValueAxis;
    values->setRange(low, high);
    values->setTitleText(title);
    values->setLabelFormat(labelFormat);
    chart->addAxis(categories, Qt::AlignBottom);
    chart->addAxis(values, Qt::AlignLeft);
    series->attachAxis(categories);
    series->attachAxis(values);
}

} // namespace

EvalChartsView::EvalChartsView(QWidget *parent)
    : QWidget(parent)
    , m_passRate(chartView(tr("Pass rate (95% interval)"), this))
    , m_qualityCost(chartView(tr("Quality against cost"), this))
    , m_latency(chartView(tr("Latency (p50–p95, whisker p99)"), this))
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_passRate);
    layout->addWidget(m_qualityCost);
    layout->addWidget(m_latency);
}

QChart *EvalChartsView::passRateChart() const
{
    return m_passRate->chart();
}

QChart *EvalChartsView::qualityCostChart() const
{
    return m_qualityCost->chart();
}

QChart *EvalChartsView::latencyChart() const
{
    return m_latency->chart();
}

void EvalChartsView::showSummary(const std::vector<EvalColumnSummary> &summary)
{
    for (QChart *chart : {passRateChart(), qualityCostChart(), latencyChart()})
        clear(chart);
    QStringList columns;
    for (const EvalColumnSummary &column : summary)
        columns << column.column;

    // Pass rate: a flat box at the rate, its whiskers the Wilson interval, in percent.
    auto *rates = new QBoxPlotSeries;
    for (const EvalColumnSummary &column : summary) {
        const double rate = column.passRate * 100;
        rates->append(new QBoxSet(column.passRateLow * 100, rate, rate, rate,
            column.passRateHigh * 100, column.column));
    }
    addBoxes(passRateChart(), rates, columns, 0, 100, tr("% passed"));

    // Quality against cost: a point per column whose cost per call is known, named in the
    // legend.
    QChart *quality = qualityCostChart();
    std::vector<QScatterSeries *> points;
    double maxCost = 0;
    for (const EvalColumnSummary &column : summary) {
        if (!column.costUsdPerCall)
            continue;
        auto *point = new QScatterSeries;
        point->setName(column.column);
        point->setMarkerSize(12);
        const double perThousand = *column.costUsdPerCall * 1000;
        point->append(perThousand, column.passRate * 100);
        point->setPointLabelsFormat(QStringLiteral("@yPoint%"));
        point->setPointLabelsVisible(true);
        point->setPointLabelsClipping(false); // a point on an edge keeps its label
        quality->addSeries(point);
        points.push_back(point);
        maxCost = std::max(maxCost, perThousand);
    }
    quality->legend()->setVisible(!points.empty());
    quality->legend()->setAlignment(Qt::AlignBottom);
    auto *cost = new QValueAxis;
    cost->setRange(0, maxCost > 0 ? maxCost * 1.15 : 1);
    cost->setTitleText(tr("$ per 1,000 calls"));
    auto *passed = new QValueAxis;
    passed->setRange(0, 100);
    passed->setTitleText(tr("% passed"));
    passed->setLabelFormat(QStringLiteral("%.0f"));
    quality->addAxis(cost, Qt::AlignBottom);
    quality->addAxis(passed, Qt::AlignLeft);
    for (QScatterSeries *point : points) {
        point->attachAxis(cost);
        point->attachAxis(passed);
    }

    // Latency over the answers that reached the provider.
    auto *latency = new QBoxPlotSeries;
    double slowest = 0;
    for (const EvalColumnSummary &column : summary) {
        if (!column.latencyMsP50)
            continue;
        const double p50 = *column.latencyMsP50;
        const double p95 = column.latencyMsP95.value_or(p50);
        const double p99 = column.latencyMsP99.value_or(p95);
        latency->append(new QBoxSet(p50, p50, p50, p95, p99, column.column));
        slowest = std::max(slowest, p99);
    }
    addBoxes(latencyChart(), latency, columns, 0, slowest > 0 ? slowest * 1.1 : 1, tr("ms"),
        slowest < 10 ? QStringLiteral("%.1f") : QStringLiteral("%.0f"));
}

} // namespace ps::widgets
