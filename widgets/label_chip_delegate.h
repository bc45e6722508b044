#pragma once

#include <QStyledItemDelegate>

// Paints a version row as its number, its labels as coloured chips, then its message muted.
namespace ps::widgets {

class LabelChipDelegate final : public QStyledItemDelegate
{
    Q_OBJECT
public:
    LabelChipDelegate(int labelsRole, int detailRole, QObject *parent = nullptr);

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
        const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

    // A stable colour per label name, so "production" looks the same everywhere.
    static QColor colorFor(const QString &label);
    // Paints `labels` as chips from `x`, centred on `centerY`, in a font a little smaller than
    // `font`; stops before a chip that would pass `right`. Returns where the next thing goes.
    static int paintChips(QPainter *painter, const QStringList &labels, int x, int centerY,
        int right, const QFont &font);
    static int chipsWidth(const QStringList &labels, const QFont &font);
    // Draws an item's background and selection as the style does, without its text (the caller
    // paints that itself); `opt` initialised for the index, its text cleared. Returns the style.
    static QStyle *drawItemFrame(QPainter *painter, QStyleOptionViewItem &opt);

private:
    int m_labelsRole;
    int m_detailRole;
};

} // namespace ps::widgets
