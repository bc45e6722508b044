#include "label_chip_delegate.h"

#include <QPainter>
#include <QPainterPath>

namespace ps::widgets {

namespace {
constexpr int chipPadding = 6;
constexpr int chipGap = 4;
} // namespace

LabelChipDelegate::LabelChipDelegate(int labelsRole, QObject *parent)
    : QStyledItemDelegate(parent)
    , m_labelsRole(labelsRole)
{
}

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

void LabelChipDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                              const QModelIndex &index) const
{
    QStyledItemDelegate::paint(painter, option, index);
    const QStringList labels = index.data(m_labelsRole).toStringList();
    if (labels.isEmpty())
        return;

    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    QFont chipFont = opt.font;
    chipFont.setPointSizeF(chipFont.pointSizeF() * 0.85);
    const QFontMetrics textMetrics(opt.font);
    const QFontMetrics chipMetrics(chipFont);
    int x = opt.rect.left() + textMetrics.horizontalAdvance(opt.text) + 3 * chipGap;
    if (!opt.icon.isNull())
        x += opt.decorationSize.width() + chipGap;
    const int height = chipMetrics.height() + 2;
    const int y = opt.rect.center().y() - height / 2 + 1;

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setFont(chipFont);
    for (const QString &label : labels) {
        const int width = chipMetrics.horizontalAdvance(label) + 2 * chipPadding;
        const QRectF chip(x, y, width, height);
        if (chip.right() > opt.rect.right())
            break;
        QPainterPath path;
        path.addRoundedRect(chip, height / 2.0, height / 2.0);
        painter->fillPath(path, colorFor(label));
        painter->setPen(Qt::white);
        painter->drawText(chip, Qt::AlignCenter, label);
        x += width + chipGap;
    }
    painter->restore();
}

QSize LabelChipDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    const QStringList labels = index.data(m_labelsRole).toStringList();
    const QFontMetrics metrics(option.font);
    for (const QString &label : labels)
        size.rwidth() += metrics.horizontalAdvance(label) + 2 * chipPadding + chipGap;
    size.setHeight(qMax(size.height(), metrics.height() + 8));
    return size;
}

} // namespace ps::widgets
