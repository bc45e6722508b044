#include "history_list.h"

#include "label_chip_delegate.h"

#include <QDateTime>
#include <QHeaderView>
#include <QLocale>

namespace ps::widgets {

namespace {

QString friendlyTime(const std::string &iso)
{
    const QDateTime time = QDateTime::fromString(QString::fromStdString(iso), Qt::ISODate);
    if (!time.isValid())
        return QString::fromStdString(iso);
    // Compact: the list is narrow, and the full time is in the tooltip.
    return QLocale().toString(time.toLocalTime(), QStringLiteral("d MMM, HH:mm"));
}

} // namespace

HistoryList::HistoryList(QWidget *parent)
    : QTreeWidget(parent)
{
    setHeaderLabels({tr("Version"), tr("Message"), tr("Author"), tr("Time"), tr("Labels")});
    setRootIsDecorated(false);
    setUniformRowHeights(true);
    setAlternatingRowColors(true);
    setFrameShape(QFrame::NoFrame);
    header()->setStretchLastSection(false);
    header()->setMinimumSectionSize(40);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setTextElideMode(Qt::ElideRight);
    header()->setSectionResizeMode(VersionColumn, QHeaderView::ResizeToContents);
    header()->setSectionResizeMode(MessageColumn, QHeaderView::Stretch);
    header()->setSectionResizeMode(AuthorColumn, QHeaderView::ResizeToContents);
    header()->setSectionResizeMode(TimeColumn, QHeaderView::ResizeToContents);
    header()->setSectionResizeMode(LabelsColumn, QHeaderView::ResizeToContents);
    connect(this, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem *item) {
        emit versionActivated(item->data(VersionColumn, Qt::UserRole).toInt());
    });
}

void HistoryList::setVersions(const std::vector<model::VersionRecord> &versions)
{
    const QSignalBlocker blocker(this);
    clear();
    for (auto it = versions.rbegin(); it != versions.rend(); ++it) {
        QStringList labels;
        for (const std::string &label : it->labels)
            labels << QString::fromStdString(label);
        auto *item = new QTreeWidgetItem(this);
        item->setText(VersionColumn, QStringLiteral("v%1").arg(it->number));
        item->setData(VersionColumn, Qt::UserRole, it->number);
        item->setText(MessageColumn, QString::fromStdString(it->message));
        item->setText(AuthorColumn, QString::fromStdString(it->author));
        item->setText(TimeColumn, friendlyTime(it->created));
        item->setText(LabelsColumn, labels.join(QStringLiteral(", ")));
        for (int i = 0; i < labels.size() && i < 1; ++i)
            item->setForeground(LabelsColumn, LabelChipDelegate::colorFor(labels.at(i)));
        item->setToolTip(MessageColumn, QString::fromStdString(it->message));
        item->setToolTip(TimeColumn, QString::fromStdString(it->created));
    }
}

int HistoryList::versionAt(int row) const
{
    const QTreeWidgetItem *item = topLevelItem(row);
    return item ? item->data(VersionColumn, Qt::UserRole).toInt() : 0;
}

} // namespace ps::widgets
