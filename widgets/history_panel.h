#pragma once

#include "model/prompt_record.h"

#include <QWidget>

class QPushButton;
class QStackedWidget;
class QToolButton;

// The History tab: a prompt's versions (select one to read it, two to compare them), and what
// can be done with them: diff, restore one as a new draft, set or move a label.
namespace ps::widgets {

class DiffView;
class HistoryList;
class VersionView;

class HistoryPanel final : public QWidget
{
    Q_OBJECT
public:
    explicit HistoryPanel(QWidget *parent = nullptr);

    // `versions` oldest first, with their content.
    void setVersions(const std::vector<model::VersionRecord> &versions);
    // Compares two versions (older first, whichever order they are given in).
    void showDiff(int first, int second);

    HistoryList *list() const { return m_list; }
    DiffView *diffView() const { return m_diff; }
    VersionView *versionView() const { return m_version; }
    QPushButton *diffButton() const { return m_diffButton; }
    QPushButton *restoreButton() const { return m_restoreButton; }

signals:
    void versionActivated(int number); // open it in the editor
    void restoreRequested(int number); // its content as a new draft
    void labelRequested(int number, const QString &label); // create or move `label` to it

private:
    const model::VersionRecord *find(int number) const;
    void selectionChanged();
    void chooseLabel();

    std::vector<model::VersionRecord> m_versions;
    HistoryList *m_list = nullptr;
    QPushButton *m_diffButton = nullptr;
    QPushButton *m_restoreButton = nullptr;
    QToolButton *m_labelButton = nullptr;
    QStackedWidget *m_pages = nullptr;
    VersionView *m_version = nullptr;
    DiffView *m_diff = nullptr;
};

} // namespace ps::widgets
