#include "check_list.h"

#include <QListWidget>

namespace ps::widgets {

void offerChecklist(QListWidget *list, const QStringList &names, bool checkFirst)
{
    const QStringList checked = checkedIn(list);
    list->clear();
    for (const QString &name : names) {
        auto *item = new QListWidgetItem(name, list);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable | Qt::ItemIsSelectable);
        item->setCheckState(checked.contains(name) ? Qt::Checked : Qt::Unchecked);
    }
    if (checked.isEmpty() && checkFirst && list->count() > 0)
        list->item(0)->setCheckState(Qt::Checked);
}

QStringList checkedIn(const QListWidget *list)
{
    QStringList names;
    for (int i = 0; i < list->count(); ++i)
        if (list->item(i)->checkState() == Qt::Checked)
            names << list->item(i)->text();
    return names;
}

} // namespace ps::widgets
