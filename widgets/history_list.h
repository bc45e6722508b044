#pragma once

#include "model/prompt_record.h"

#include <QTreeWidget>

// A prompt's versions, newest first: number, labels, message, author and time.
namespace ps::widgets {

class HistoryList final : public QTreeWidget
{
    Q_OBJECT
public:
    enum Column { VersionColumn, MessageColumn, AuthorColumn, TimeColumn, LabelsColumn };

    explicit HistoryList(QWidget *parent = nullptr);

    // `versions` oldest first, as the store lists them.
    void setVersions(const std::vector<model::VersionRecord> &versions);
    int versionAt(int row) const;

signals:
    void versionActivated(int number); // double-click or Enter: open it in the editor
};

} // namespace ps::widgets
