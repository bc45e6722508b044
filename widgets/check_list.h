#pragma once

#include <QStringList>

class QListWidget;

// A QListWidget of names with check boxes, as the dialogs and views offer targets and datasets.
namespace ps::widgets {

// Fills `list` with `names`, keeping the check of those already there; `checkFirst` checks the
// first when nothing is checked.
void offerChecklist(QListWidget *list, const QStringList &names, bool checkFirst);

// The checked names, in the list's order.
QStringList checkedIn(const QListWidget *list);

} // namespace ps::widgets
