#include "run/report_charts.h"

#include "run/eval_report.h"
#include "util/html_text.h"
#include "util/number_text.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace ps::run {

namespace {

constexpr int kWidth = 640;
constexpr int kLabelWidth = 150; // the left column holding target names
constexpr int kRowHeight = 30;
constexpr const char *kFont = "font-family=\"system-ui,sans-serif\" font-size=\"12\"";

std::string number(double value)
{
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.1f", value);
    return buffer;
}

// A name longer than the label column is cut, whole characters kept, with an ellipsis.
std::string label(const std::string &text)
{
    constexpr std::size_t kMax = 22;
    if (text.size() <= kMax)
        return text;
    std::size_t cut = kMax;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
        --cut;
    return text.substr(0, cut) + "…";
}

std::string open(int width, int height, const std::string &title)
{
    return "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"" + std::to_string(width)
        + "\" height=\"" + std::to_string(height) + "\" viewBox=\"0 0 " + std::to_string(width)
        + " " + std::to_string(height) + "\" " + kFont + "><title>" + util::htmlEscaped(title)
        + "</title>\n";
}

std::string text(double x, double y, const std::string &content, const char *anchor = "start",
    const char *fill = "#222")
{
    return "<text x=\"" + number(x) + "\" y=\"" + number(y) + "\" text-anchor=\"" + anchor
        + "\" fill=\"" + fill + "\">" + util::htmlEscaped(content) + "</text>\n";
}

std::string line(double x1, double y1, double x2, double y2, const char *stroke = "#222",
    double width = 1.0)
{
    return "<line x1=\"" + number(x1) + "\" y1=\"" + number(y1) + "\" x2=\"" + number(x2)
        + "\" y2=\"" + number(y2) + "\" stroke=\"" + stroke + "\" stroke-width=\"" + number(width)
        + "\"/>\n";
}

std::string rect(double x, double y, double width, double height, const std::string &fill)
{
    return "<rect x=\"" + number(x) + "\" y=\"" + number(y) + "\" width=\""
        + number(std::max(0.0, width)) + "\" height=\"" + number(height) + "\" fill=\"" + fill
        + "\"/>\n";
}

// Ticks at 0, 25, 50, 75 and 100% under a plot from x0 to x1.
std::string percentAxis(double x0, double x1, double y)
{
    std::string svg = line(x0, y, x1, y, "#888");
    for (int tick = 0; tick <= 100; tick += 25) {
        const double x = x0 + (x1 - x0) * tick / 100.0;
        svg += line(x, y, x, y + 4, "#888");
        svg += text(x, y + 16, std::to_string(tick) + "%", "middle", "#555");
    }
    return svg;
}

} // namespace

std::string passRateChart(const EvalReport &report)
{
    std::vector<std::string> targets;
    for (const std::string &target : report.columns)
        if (report.summary.count(target))
            targets.push_back(target);
    if (targets.empty())
        return {};
    const int height = 20 + kRowHeight * int(targets.size()) + 30;
    const double x0 = kLabelWidth;
    const double x1 = kWidth - 60;
    std::string svg = open(kWidth, height, "Pass rate per target with its 95% interval");
    for (std::size_t i = 0; i < targets.size(); ++i) {
        const eval::TargetSummary &s = report.summary.at(targets[i]);
        const double y = 20 + kRowHeight * double(i);
        svg += text(x0 - 8, y + 14, label(targets[i]), "end");
        svg += rect(x0, y + 4, (x1 - x0) * s.passRate, 14, "#5b8def");
        const double low = x0 + (x1 - x0) * s.passRateCi95.low;
        const double high = x0 + (x1 - x0) * s.passRateCi95.high;
        svg += line(low, y + 11, high, y + 11, "#1a1a1a", 1.5);
        svg += line(low, y + 6, low, y + 16, "#1a1a1a", 1.5);
        svg += line(high, y + 6, high, y + 16, "#1a1a1a", 1.5);
        svg += text(x1 + 6, y + 15, util::fixed(s.passRate * 100, 1) + "%");
    }
    svg += percentAxis(x0, x1, 20 + kRowHeight * double(targets.size()));
    return svg + "</svg>\n";
}

std::string qualityCostChart(const EvalReport &report)
{
    struct Point
    {
        std::string target;
        double cost;
        double passRate;
    };
    std::vector<Point> points;
    for (const std::string &target : report.columns) {
        const auto found = report.summary.find(target);
        if (found != report.summary.end() && found->second.costUsdPerCall)
            points.push_back({target, *found->second.costUsdPerCall, found->second.passRate});
    }
    double maxCost = 0.0;
    for (const Point &point : points)
        maxCost = std::max(maxCost, point.cost);
    if (points.empty() || maxCost <= 0)
        return {}; // nothing was priced above $0: there is no trade-off to draw
    const int height = 300;
    const double x0 = 70;
    const double x1 = kWidth - 120;
    const double y0 = height - 40.0; // the axis; up is better
    const double y1 = 20;
    std::string svg = open(kWidth, height, "Pass rate against cost per call, per target");
    svg += line(x0, y0, x1, y0, "#888") + line(x0, y0, x0, y1, "#888");
    for (int tick = 0; tick <= 100; tick += 25) {
        const double y = y0 - (y0 - y1) * tick / 100.0;
        svg += line(x0 - 4, y, x0, y, "#888") + text(x0 - 8, y + 4, std::to_string(tick) + "%",
                                                         "end", "#555");
    }
    for (int tick = 0; tick <= 4; ++tick) {
        const double x = x0 + (x1 - x0) * tick / 4.0;
        svg += line(x, y0, x, y0 + 4, "#888")
            + text(x, y0 + 16, util::dollars(maxCost * tick / 4.0), "middle", "#555");
    }
    svg += text((x0 + x1) / 2, height - 4.0, "cost per call", "middle", "#555");
    for (const Point &point : points) {
        const double x = x0 + (x1 - x0) * point.cost / maxCost;
        const double y = y0 - (y0 - y1) * point.passRate;
        svg += "<circle cx=\"" + number(x) + "\" cy=\"" + number(y)
            + "\" r=\"5\" fill=\"#5b8def\" stroke=\"#1a1a1a\"/>\n";
        svg += text(x + 8, y + 4, label(point.target));
    }
    return svg + "</svg>\n";
}

std::string latencyChart(const EvalReport &report)
{
    std::vector<std::string> targets;
    double maxMs = 0.0;
    for (const std::string &target : report.columns) {
        const auto found = report.summary.find(target);
        if (found == report.summary.end() || !found->second.latencyMsP50)
            continue;
        targets.push_back(target);
        maxMs = std::max(maxMs,
            found->second.latencyMsP99.value_or(found->second.latencyMsP95.value_or(0.0)));
    }
    if (targets.empty())
        return {};
    maxMs = std::max(maxMs, 1.0);
    const int height = 20 + kRowHeight * int(targets.size()) + 40;
    const double x0 = kLabelWidth;
    const double x1 = kWidth - 30;
    std::string svg = open(kWidth, height, "Latency per target: p50 to p95, whisker to p99");
    const auto at = [&](double ms) { return x0 + (x1 - x0) * ms / maxMs; };
    for (std::size_t i = 0; i < targets.size(); ++i) {
        const eval::TargetSummary &s = report.summary.at(targets[i]);
        const double y = 20 + kRowHeight * double(i);
        const double p50 = *s.latencyMsP50;
        const double p95 = s.latencyMsP95.value_or(p50);
        const double p99 = s.latencyMsP99.value_or(p95);
        svg += text(x0 - 8, y + 14, label(targets[i]), "end");
        svg += line(at(p95), y + 11, at(p99), y + 11, "#1a1a1a", 1.5);
        svg += line(at(p99), y + 6, at(p99), y + 16, "#1a1a1a", 1.5);
        svg += rect(at(p50), y + 4, at(p95) - at(p50), 14, "#f0b34a");
        svg += line(at(p50), y + 2, at(p50), y + 20, "#1a1a1a", 2);
    }
    const double axis = 20 + kRowHeight * double(targets.size());
    svg += line(x0, axis, x1, axis, "#888");
    for (int tick = 0; tick <= 4; ++tick) {
        const double ms = maxMs * tick / 4.0;
        svg += line(at(ms), axis, at(ms), axis + 4, "#888")
            + text(at(ms), axis + 16, util::fixed(ms, maxMs < 10 ? 1 : 0) + " ms", "middle",
                "#555");
    }
    svg += text((x0 + x1) / 2, axis + 32, "answers that reached the provider (cached ones left out)",
        "middle", "#555");
    return svg + "</svg>\n";
}

std::string confusionHeatmap(const eval::ClassificationMetrics &metrics)
{
    if (metrics.labels.empty())
        return {};
    // Columns: the labels, then every other answer in one (the tables list them).
    std::vector<std::string> columns = metrics.labels;
    bool others = false;
    for (const auto &[expected, row] : metrics.confusion)
        for (const auto &[answered, count] : row)
            others = others
                || std::find(columns.begin(), columns.end(), answered) == columns.end();
    if (others)
        columns.push_back("others");
    constexpr int kCell = 64;
    const int left = kLabelWidth;
    const int top = 60;
    const int width = left + kCell * int(columns.size()) + 20;
    const int height = top + kCell * int(metrics.labels.size()) + 20;
    std::string svg = open(width, height,
        "Confusion matrix: rows are the expected labels, columns the answers, shaded by share of "
        "the row");
    svg += text(left + kCell * double(columns.size()) / 2, 14, "answered", "middle", "#555");
    for (std::size_t c = 0; c < columns.size(); ++c)
        svg += text(left + kCell * (double(c) + 0.5), top - 10, label(columns[c]), "middle");
    for (std::size_t r = 0; r < metrics.labels.size(); ++r) {
        const std::string &expected = metrics.labels[r];
        const auto row = metrics.confusion.find(expected);
        int rowTotal = 0;
        if (row != metrics.confusion.end())
            for (const auto &[answered, count] : row->second)
                rowTotal += count;
        const double y = top + kCell * double(r);
        svg += text(left - 8, y + kCell / 2.0 + 4, label(expected), "end");
        for (std::size_t c = 0; c < columns.size(); ++c) {
            int count = 0;
            if (row != metrics.confusion.end())
                for (const auto &[answered, n] : row->second) {
                    const bool inColumn = c + 1 == columns.size() && others
                        ? std::find(metrics.labels.begin(), metrics.labels.end(), answered)
                            == metrics.labels.end()
                        : answered == columns[c];
                    count += inColumn ? n : 0;
                }
            const double share = rowTotal > 0 ? double(count) / rowTotal : 0.0;
            // Right answers in blue, wrong ones in red, stronger the larger their share.
            const bool diagonal = c < metrics.labels.size() && columns[c] == expected;
            const int shade = static_cast<int>(std::lround(255 - 170 * share));
            char fill[16];
            std::snprintf(fill, sizeof fill, diagonal ? "#%02x%02xff" : "#ff%02x%02x", shade, shade);
            const double x = left + kCell * double(c);
            svg += "<rect x=\"" + number(x) + "\" y=\"" + number(y) + "\" width=\""
                + std::to_string(kCell) + "\" height=\"" + std::to_string(kCell) + "\" fill=\""
                + fill + "\" stroke=\"#fff\"/>\n";
            svg += text(x + kCell / 2.0, y + kCell / 2.0 + 4, std::to_string(count), "middle",
                share > 0.6 ? "#fff" : "#222");
        }
    }
    return svg + "</svg>\n";
}

} // namespace ps::run
