#include "history_list.h"

#include "version_row_delegate.h"

#include <QDateTime>
#include <QLocale>
#include <QResizeEvent>

namespace ps::widgets {

namespace {

QString friendlyTime(const std::string &iso)
{
    const QDateTime time = QDateTime::fromString(QString::fromStdString(iso), Qt::ISODate);
    if (!time.isValid())
        return QString::fromStdString(iso);
    // Compact: the full time is in the tooltip.
    return QLocale().toString(time.toLocalTime(), QStringLiteral("d MMM, HH:mm"));
}

} // namespace

HistoryList::HistoryList(QWidget *parent)
    : QTreeWidget(parent)
{
    setHeaderHidden(true);
    setColumnCount(1);
    setRootIsDecorated(false);
    // Rows are as tall as their messages.
    setUniformRowHeights(false);
    setWordWrap(true);
    setAlternatingRowColors(true);
    setFrameShape(QFrame::NoFrame);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setAccessibleName(tr("Versions"));
    setItemDelegate(new VersionRowDelegate({NumberRole, LabelsRole, AuthorRole, TimeRole}, this));
    connect(this, &QTreeWidget::itemActivated, this,
        [this](QTreeWidgetItem *item) { emit versionActivated(numberOf(item)); });
}

void HistoryList::setVersions(const std::vector<model::VersionRecord> &versions)
{
    const QSignalBlocker blocker(this);
    clear();
    for (auto it = versions.rbegin(); it != versions.rend(); ++it) {
        QStringList labels;
        for (const std::string &label : it->labels)
            labels << QString::fromStdString(label);
        const QString message = QString::fromStdString(it->message);
        const QString author = QString::fromStdString(it->author);
        const QString time = friendlyTime(it->created);
        auto *item = new QTreeWidgetItem(this);
        item->setText(0, message);
        item->setData(0, NumberRole, it->number);
        item->setData(0, LabelsRole, labels);
        item->setData(0, AuthorRole, author);
        item->setData(0, TimeRole, time);
        // What the row shows, read aloud in order.
        QStringList spoken {QStringLiteral("v%1").arg(it->number)};
        spoken << labels << message << author << time;
        item->setData(0, Qt::AccessibleTextRole, spoken.join(QStringLiteral(", ")));
        item->setToolTip(0, tr("v%1 by %2, saved %3").arg(it->number).arg(author,
                                QString::fromStdString(it->created)));
    }
}

int HistoryList::versionAt(int row) const
{
    const QTreeWidgetItem *item = topLevelItem(row);
    return item ? numberOf(item) : 0;
}

int HistoryList::numberOf(const QTreeWidgetItem *item)
{
    return item->data(0, NumberRole).toInt();
}

void HistoryList::resizeEvent(QResizeEvent *event)
{
    QTreeWidget::resizeEvent(event);
    // Messages wrap to the new width: the rows' heights are measured again.
    if (event->size().width() != event->oldSize().width())
        scheduleDelayedItemsLayout();
}

} // namespace ps::widgets
