#include "label_chip_delegate.h"

#include <QApplication>
#include <QPainter>
#include <QPainterPath>

namespace ps::widgets {

namespace {
constexpr int chipPadding = 6;
constexpr int gap = 6;
} // namespace

LabelChipDelegate::LabelChipDelegate(int labelsRole, int detailRole, QObject *parent)
    : QStyledItemDelegate(parent)
    , m_labelsRole(labelsRole)
    , m_detailRole(detailRole)
{ }

QColor LabelChipDelegate::colorFor(const QString &label)
{
    if (label == QLatin1String("production"))
        return QColor(0x2e, 0x7d, 0x32);
    if (label == QLatin1String("staging"))
        return QColor(0xef, 0x6c, 0x00);
    static const QColor palette[] = {QColor(0x15, 0x65, 0xc0), QColor(0x6a, 0x1b, 0x9a),
        QColor(0x00, 0x83, 0x8f), QColor(0xad, 0x14, 0x57)};
    return palette[qHash(label) % std::size(palette)];
}

namespace {
QFont chipFontOf(const QFont &font)
{
    QFont chipFont = font;
    chipFont.setPointSizeF(chipFont.pointSizeF() * 0.85);
    return chipFont;
}
} // namespace

int LabelChipDelegate::paintChips(QPainter *painter, const QStringList &labels, int x,
    int centerY, int right, const QFont &font)
{
    const QFont chipFont = chipFontOf(font);
    const QFontMetrics chipMetrics(chipFont);
    const int height = chipMetrics.height() + 2;
    const int y = centerY - height / 2 + 1;
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setFont(chipFont);
    for (const QString &label : labels) {
        const int width = chipMetrics.horizontalAdvance(label) + 2 * chipPadding;
        if (x + width > right)
            break;
        const QRectF chip(x, y, width, height);
        QPainterPath path;
        path.addRoundedRect(chip, height / 2.0, height / 2.0);
        painter->fillPath(path, colorFor(label));
        painter->setPen(Qt::white);
        painter->drawText(chip, Qt::AlignCenter, label);
        x += width + gap / 2;
    }
    painter->restore();
    return x;
}

QStyle *LabelChipDelegate::drawItemFrame(QPainter *painter, QStyleOptionViewItem &opt)
{
    opt.text.clear();
    QStyle *style = opt.widget ? opt.widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, opt.widget);
    return style;
}

int LabelChipDelegate::chipsWidth(const QStringList &labels, const QFont &font)
{
    const QFontMetrics chipMetrics(chipFontOf(font));
    int width = 0;
    for (const QString &label : labels)
        width += chipMetrics.horizontalAdvance(label) + 2 * chipPadding + gap / 2;
    return width;
}

void LabelChipDelegate::paint(
    QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const QStringList labels = index.data(m_labelsRole).toStringList();
    const QString detail = index.data(m_detailRole).toString();
    if (labels.isEmpty() && detail.isEmpty()) {
        QStyledItemDelegate::paint(painter, option, index);
        return;
    }

    // Row layout: "v3" [production] [staging] message (elided, muted).
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QString text = opt.text;
    const QWidget *widget = opt.widget;
    QStyle *style = drawItemFrame(painter, opt);

    const QRect area
        = style->subElementRect(QStyle::SE_ItemViewItemText, &opt, widget).adjusted(2, 0, -2, 0);
    const bool selected = opt.state & QStyle::State_Selected;
    const QPalette::ColorGroup group
        = opt.state & QStyle::State_Enabled ? QPalette::Normal : QPalette::Disabled;
    const QColor textColor
        = opt.palette.color(group, selected ? QPalette::HighlightedText : QPalette::Text);
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setFont(opt.font);
    painter->setPen(textColor);
    const QFontMetrics metrics(opt.font);
    int x = area.left();
    painter->drawText(
        QRect(x, area.top(), area.width(), area.height()), Qt::AlignVCenter | Qt::AlignLeft, text);
    x += metrics.horizontalAdvance(text) + gap;

    x = paintChips(painter, labels, x, area.center().y(), area.right(), opt.font);

    if (!detail.isEmpty() && x < area.right()) {
        x += gap / 2;
        painter->setFont(opt.font);
        QColor muted = textColor;
        if (!selected)
            muted = opt.palette.color(group, QPalette::PlaceholderText);
        painter->setPen(muted);
        const QRect rest(x, area.top(), area.right() - x, area.height());
        painter->drawText(rest, Qt::AlignVCenter | Qt::AlignLeft,
            metrics.elidedText(detail, Qt::ElideRight, rest.width()));
    }
    painter->restore();
}

QSize LabelChipDelegate::sizeHint(
    const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    size.rwidth() += chipsWidth(index.data(m_labelsRole).toStringList(), option.font) + gap;
    size.setHeight(qMax(size.height(), QFontMetrics(option.font).height() + 8));
    return size;
}

} // namespace ps::widgets
