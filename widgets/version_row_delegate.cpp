#include "version_row_delegate.h"

#include "label_chip_delegate.h"

#include <QAbstractItemView>
#include <QPainter>

namespace ps::widgets {

namespace {
constexpr int margin = 6; // around the row's text
constexpr int gap = 8; // between the number, the chips and the author
constexpr int lineGap = 2; // between the first line and the message

QFont boldOf(QFont font)
{
    font.setBold(true);
    return font;
}
} // namespace

VersionRowDelegate::VersionRowDelegate(Roles roles, QObject *parent)
    : QStyledItemDelegate(parent)
    , m_roles(roles)
{ }

int VersionRowDelegate::textWidth(const QStyleOptionViewItem &option) const
{
    // A view asks for the size before it lays out the row: the viewport is the width then.
    const auto *view = qobject_cast<const QAbstractItemView *>(option.widget);
    const int width = view ? view->viewport()->width() : option.rect.width();
    return std::max(40, width - 2 * margin);
}

QRect VersionRowDelegate::messageRect(
    const QStyleOptionViewItem &option, const QModelIndex &index, int width) const
{
    const QFontMetrics metrics(option.font);
    const int top = margin + metrics.height() + lineGap;
    const QRect bounds = metrics.boundingRect(QRect(0, 0, width, 100000),
        Qt::TextWordWrap, index.data(Qt::DisplayRole).toString());
    return {margin, top, width, std::max(metrics.height(), bounds.height())};
}

void VersionRowDelegate::paint(
    QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QString message = opt.text;
    LabelChipDelegate::drawItemFrame(painter, opt);

    const bool selected = opt.state & QStyle::State_Selected;
    const QPalette::ColorGroup group
        = opt.state & QStyle::State_Enabled ? QPalette::Normal : QPalette::Disabled;
    const QColor text
        = opt.palette.color(group, selected ? QPalette::HighlightedText : QPalette::Text);
    const QColor muted
        = selected ? text : opt.palette.color(group, QPalette::PlaceholderText);
    const QFontMetrics metrics(opt.font);
    const QRect row = opt.rect;
    const int left = row.left() + margin;
    const int right = row.right() - margin;
    const QRect first(left, row.top() + margin, right - left, metrics.height());

    painter->save();
    // First line: "v3" [production] … author · time (right-aligned, muted).
    const QString number = QStringLiteral("v%1").arg(index.data(m_roles.number).toInt());
    const QFont bold = boldOf(opt.font);
    painter->setFont(bold);
    painter->setPen(text);
    painter->drawText(first, Qt::AlignVCenter | Qt::AlignLeft, number);
    int x = left + QFontMetrics(bold).horizontalAdvance(number) + gap;
    const QString byline = index.data(m_roles.author).toString() + QStringLiteral(" · ")
        + index.data(m_roles.time).toString();
    // The chips leave the byline at least half the row; the byline takes what the chips leave.
    const int bylineWidth = std::min(metrics.horizontalAdvance(byline), first.width() / 2);
    x = LabelChipDelegate::paintChips(painter, index.data(m_roles.labels).toStringList(), x,
        first.center().y(), right - bylineWidth - gap, opt.font);
    painter->setFont(opt.font);
    painter->setPen(muted);
    const QRect by(x, first.top(), right - x, first.height());
    painter->drawText(by, Qt::AlignVCenter | Qt::AlignRight,
        metrics.elidedText(byline, Qt::ElideRight, by.width()));

    // Then the whole message, wrapped.
    painter->setPen(text);
    const QRect box = messageRect(opt, index, right - left).translated(row.left(), row.top());
    painter->drawText(box, Qt::TextWordWrap | Qt::AlignLeft | Qt::AlignTop, message);
    painter->restore();
}

QSize VersionRowDelegate::sizeHint(
    const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const int width = textWidth(opt);
    const QRect box = messageRect(opt, index, width);
    return {width + 2 * margin, box.bottom() + 1 + margin};
}

} // namespace ps::widgets
