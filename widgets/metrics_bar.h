#pragma once

// The muted line under an answer: time to first token, total time, speed, tokens, cost, finish.

#include <QString>
#include <QWidget>

#include <optional>

class QLabel;

namespace ps::widgets {

// What the line shows; every part is optional because providers report different things.
struct AnswerMetrics
{
    std::optional<double> ttftMs;
    double totalMs = 0;
    std::optional<double> tokensPerSecond;
    std::optional<long long> inputTokens;
    std::optional<long long> outputTokens;
    std::optional<long long> imageTokens; // of inputTokens, the images' share by the provider's rule
    std::optional<double> costUsd; // nullopt: no price is known for the model ("no price")
    QString finishReason; // in every provider's common words: stop, length, tool call, ...
    QString finishReasonRaw; // the provider's own word (end_turn, MAX_TOKENS, ...), for the tip
    bool cached = false; // answered from the response cache
    int attempts = 1;
    // With token log-probabilities: the mean confidence, and the least sure stretch with its own.
    std::optional<double> confidence;
    QString leastSure;
    double leastSureConfidence = 0;
};

// "212 ms", "1.4 s", "2 min 5 s".
QString formatDuration(double ms);
// "$0.0000228" with three significant digits, "$0" for free, "no price" when unknown.
QString formatCost(const std::optional<double> &usd);
// The whole line as plain text: "212 ms TTFT · 0.6 s · 41 tok/s · 96→2 tok · $0.00004 · stop".
QString metricsText(const AnswerMetrics &metrics);

class MetricsBar final : public QWidget
{
    Q_OBJECT
public:
    explicit MetricsBar(QWidget *parent = nullptr);

    void showMetrics(const AnswerMetrics &metrics);
    // A transient line while a call runs or before any ("Waiting for the first token… 1.2 s").
    void showProgress(const QString &text);
    void clear();

    QString text() const; // as plain text, for tests and Copy
    const std::optional<AnswerMetrics> &metrics() const { return m_metrics; }

protected:
    void changeEvent(QEvent *event) override;

private:
    void render();

    QLabel *m_label = nullptr;
    std::optional<AnswerMetrics> m_metrics;
    QString m_progress;
};

} // namespace ps::widgets
