#pragma once

#include <QDialog>
#include <QList>
#include <QPair>
#include <QStringList>

class QListWidget;

// A dialog that asks which of several things to take: each a checkable line, none checked at
// first; OK is enabled once `minimum` are checked.
namespace ps::widgets {

class ChecklistDialog final : public QDialog
{
    Q_OBJECT
public:
    // `items`: an id and the line shown for it.
    ChecklistDialog(const QString &title, const QString &question,
        const QList<QPair<QString, QString>> &items, int minimum, QWidget *parent = nullptr);

    QStringList checked() const; // the ids, in the list's order
    QListWidget *list() const { return m_list; }

private:
    QListWidget *m_list;
};

} // namespace ps::widgets
