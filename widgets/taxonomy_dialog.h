#pragma once

#include "badcase_mark_dialog.h"

#include <QDialog>
#include <QList>
#include <QStringList>

class QTableWidget;

// Editing the project's bad-case taxonomy: each tag's name, one-line definition and colour;
// tags added and removed. It says what changed; the app writes it.
namespace ps::widgets {

struct TagEdit
{
    QString was; // the name it had; "" for a new tag
    TagChoice tag; // as it is now
};

class TaxonomyDialog final : public QDialog
{
    Q_OBJECT
public:
    explicit TaxonomyDialog(const QList<TagChoice> &tags, QWidget *parent = nullptr);

    // Tags added or changed (unchanged ones are left out), in table order.
    QList<TagEdit> edits() const;
    QStringList removed() const; // names of tags removed

    QTableWidget *table() const { return m_table; }
    void addTag(); // a new empty row, its name being edited
    void removeCurrent();
    // Refuses (saying why) a name twice, an empty one or a colour that is none.
    void accept() override;

private:
    void addRow(const QString &was, const TagChoice &tag);

    QTableWidget *m_table;
    QList<TagChoice> m_original;
    QStringList m_removed;
};

} // namespace ps::widgets
