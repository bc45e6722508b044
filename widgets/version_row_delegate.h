#pragma once

#include <QStyledItemDelegate>

// Paints a row of the History list on two or more lines: "v3", its labels as chips and, to the
// right, author and time; below, the whole message, wrapped to the list's width.
namespace ps::widgets {

class VersionRowDelegate final : public QStyledItemDelegate
{
    Q_OBJECT
public:
    // The roles the row reads: the number, the labels (QStringList), author and time (text).
    struct Roles
    {
        int number;
        int labels;
        int author;
        int time;
    };

    VersionRowDelegate(Roles roles, QObject *parent = nullptr);

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
        const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

private:
    // The message's box for a row `width` wide, from the row's top left.
    QRect messageRect(const QStyleOptionViewItem &option, const QModelIndex &index, int width) const;
    int textWidth(const QStyleOptionViewItem &option) const;

    Roles m_roles;
};

} // namespace ps::widgets
