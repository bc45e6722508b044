#pragma once

#include "model/prompt_record.h"

#include <QTreeWidget>

// A prompt's versions, newest first, a row each: number, labels as chips, author and time, and
// below them the whole message, wrapped to the list's width (never clipped).
namespace ps::widgets {

class HistoryList final : public QTreeWidget
{
    Q_OBJECT
public:
    // Each row's text is its message; the rest is in these roles.
    enum Role {
        NumberRole = Qt::UserRole,
        LabelsRole, // QStringList
        AuthorRole,
        TimeRole, // as shown: "6 Dec, 14:02"
    };

    explicit HistoryList(QWidget *parent = nullptr);

    // `versions` oldest first, as the store lists them.
    void setVersions(const std::vector<model::VersionRecord> &versions);
    int versionAt(int row) const;
    static int numberOf(const QTreeWidgetItem *item);

signals:
    void versionActivated(int number); // double-click or Enter: open it in the editor

protected:
    void resizeEvent(QResizeEvent *event) override;
};

} // namespace ps::widgets
