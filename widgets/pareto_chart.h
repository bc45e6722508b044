#pragma once

#include <QColor>
#include <QList>
#include <QString>
#include <QWidget>

// A Pareto chart of bad cases per tag: one bar per tag, largest first, with its count, its
// share and the running share, so the few tags that make most of the failures stand out.
// Clicking a bar (or Enter on the focused one) chooses its tag.
namespace ps::widgets {

struct TagCount
{
    QString tag;
    QString description;
    QColor colour; // invalid: the palette's highlight
    int count = 0;
};

class ParetoChart final : public QWidget
{
    Q_OBJECT
public:
    explicit ParetoChart(QWidget *parent = nullptr);

    // Sorted here, largest first (ties by name); `total` is the bad cases counted (a case with
    // two tags counts in both bars, once in the total).
    // Largest first (ties by name), or as given with `keepOrder` (weeks, in time order).
    void setCounts(QList<TagCount> counts, int total, bool keepOrder = false);
    const QList<TagCount> &counts() const { return m_counts; }
    QString chosenTag() const; // "" for none
    void choose(const QString &tag); // "" shows all again
    QRect barRect(int index) const; // where bar `index` is drawn, for a click
    QSize sizeHint() const override;

signals:
    void tagChosen(const QString &tag);

protected:
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    bool event(QEvent *event) override;

private:
    int rowHeight() const;
    int labelWidth() const;

    QList<TagCount> m_counts;
    int m_total = 0;
    int m_chosen = -1;
    int m_focused = 0;
};

} // namespace ps::widgets
