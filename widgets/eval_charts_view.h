#pragma once

#include "eval_results.h"

#include <QWidget>

class QChart;
class QChartView;

// A run's figures as charts (Qt Charts), one per question: pass rate with its 95% interval per
// column, quality against cost, and latency (p50 to p95, whisker to p99).
namespace ps::widgets {

class EvalChartsView final : public QWidget
{
    Q_OBJECT
public:
    explicit EvalChartsView(QWidget *parent = nullptr);

    void showSummary(const std::vector<EvalColumnSummary> &summary);
    QChart *passRateChart() const;
    QChart *qualityCostChart() const;
    QChart *latencyChart() const;

private:
    QChartView *m_passRate;
    QChartView *m_qualityCost;
    QChartView *m_latency;
};

} // namespace ps::widgets
