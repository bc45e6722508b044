#include "history_panel.h"

#include "diff_view.h"
#include "history_list.h"
#include "version_view.h"

#include "diff/version_diff.h"

#include <QHBoxLayout>
#include <QInputDialog>
#include <QMenu>
#include <QPushButton>
#include <QSplitter>
#include <QStackedWidget>
#include <QToolButton>
#include <QVBoxLayout>

#include <set>

namespace ps::widgets {

HistoryPanel::HistoryPanel(QWidget *parent)
    : QWidget(parent)
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *split = new QSplitter(Qt::Horizontal, this);
    split->setChildrenCollapsible(false);
    layout->addWidget(split);

    auto *left = new QWidget(split);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 6);
    m_list = new HistoryList(left);
    m_list->setSelectionMode(QAbstractItemView::ExtendedSelection);
    leftLayout->addWidget(m_list, 1);
    auto *buttons = new QHBoxLayout;
    buttons->setContentsMargins(8, 0, 8, 0);
    m_diffButton = new QPushButton(tr("&Diff selected"), left);
    m_diffButton->setToolTip(tr("Select two versions (Ctrl+click) to see what changed"));
    m_restoreButton = new QPushButton(tr("&Restore as draft"), left);
    m_restoreButton->setToolTip(tr("Open the selected version's content as a new draft; saving "
                                   "it makes a new version"));
    m_labelButton = new QToolButton(left);
    m_labelButton->setText(tr("&Label"));
    m_labelButton->setToolTip(tr("Point a label (production, staging, …) at the selected version"));
    m_labelButton->setPopupMode(QToolButton::InstantPopup);
    m_labelButton->setMenu(new QMenu(m_labelButton));
    connect(m_labelButton->menu(), &QMenu::aboutToShow, this, &HistoryPanel::chooseLabel);
    buttons->addWidget(m_diffButton);
    buttons->addWidget(m_restoreButton);
    buttons->addWidget(m_labelButton);
    buttons->addStretch(1);
    leftLayout->addLayout(buttons);

    m_pages = new QStackedWidget(split);
    m_version = new VersionView(m_pages);
    m_version->showEmptyState(tr("Pick a version to read it, or two to compare them"));
    m_diff = new DiffView(m_pages);
    m_pages->addWidget(m_version);
    m_pages->addWidget(m_diff);
    split->addWidget(left);
    split->addWidget(m_pages);
    split->setSizes({420, 320});

    connect(m_list, &QTreeWidget::itemSelectionChanged, this, &HistoryPanel::selectionChanged);
    connect(m_list, &HistoryList::versionActivated, this, &HistoryPanel::versionActivated);
    connect(m_diffButton, &QPushButton::clicked, this, [this] {
        const QList<QTreeWidgetItem *> items = m_list->selectedItems();
        if (items.size() == 2)
            showDiff(HistoryList::numberOf(items[0]),
                HistoryList::numberOf(items[1]));
    });
    connect(m_restoreButton, &QPushButton::clicked, this, [this] {
        const QList<QTreeWidgetItem *> items = m_list->selectedItems();
        if (items.size() == 1)
            emit restoreRequested(HistoryList::numberOf(items[0]));
    });
    selectionChanged();
}

void HistoryPanel::setVersions(const std::vector<model::VersionRecord> &versions)
{
    // The same prompt's versions read again (saved or labelled elsewhere): the selection and
    // the page shown stay as the user left them.
    const bool samePrompt = !m_versions.empty() && !versions.empty()
        && m_versions.front().promptName == versions.front().promptName;
    std::set<int> selected;
    for (const QTreeWidgetItem *item : m_list->selectedItems())
        selected.insert(HistoryList::numberOf(item));
    m_versions = versions;
    m_list->setVersions(versions);
    if (samePrompt && !selected.empty()) {
        const QSignalBlocker blocker(m_list);
        for (int row = 0; row < m_list->topLevelItemCount(); ++row)
            m_list->topLevelItem(row)->setSelected(selected.count(m_list->versionAt(row)) > 0);
        const qsizetype count = m_list->selectedItems().size();
        m_diffButton->setEnabled(count == 2);
        m_restoreButton->setEnabled(count == 1);
        m_labelButton->setEnabled(count == 1);
        return;
    }
    m_pages->setCurrentWidget(m_version);
    m_version->showEmptyState(tr("Pick a version to read it, or two to compare them"));
    selectionChanged();
}

const model::VersionRecord *HistoryPanel::find(int number) const
{
    for (const model::VersionRecord &version : m_versions)
        if (version.number == number)
            return &version;
    return nullptr;
}

void HistoryPanel::selectionChanged()
{
    const QList<QTreeWidgetItem *> items = m_list->selectedItems();
    m_diffButton->setEnabled(items.size() == 2);
    m_restoreButton->setEnabled(items.size() == 1);
    m_labelButton->setEnabled(items.size() == 1);
    if (items.size() == 1)
        if (const model::VersionRecord *version
            = find(HistoryList::numberOf(items[0]))) {
            m_version->showVersion(*version);
            m_pages->setCurrentWidget(m_version);
        }
}

void HistoryPanel::showDiff(int first, int second)
{
    const model::VersionRecord *older = find(std::min(first, second));
    const model::VersionRecord *newer = find(std::max(first, second));
    if (!older || !newer)
        return;
    m_diff->showDiff(tr("v%1 → v%2").arg(older->number).arg(newer->number),
        diff::diffVersions(older->content, newer->content));
    m_pages->setCurrentWidget(m_diff);
}

void HistoryPanel::chooseLabel()
{
    QMenu *menu = m_labelButton->menu();
    menu->clear();
    const QList<QTreeWidgetItem *> items = m_list->selectedItems();
    if (items.size() != 1)
        return;
    const int number = HistoryList::numberOf(items[0]);
    std::set<std::string> labels = {"production", "staging"};
    for (const model::VersionRecord &version : m_versions)
        labels.insert(version.labels.begin(), version.labels.end());
    for (const std::string &label : labels) {
        const QString name = QString::fromStdString(label);
        QString where;
        for (const model::VersionRecord &version : m_versions)
            if (std::find(version.labels.begin(), version.labels.end(), label) != version.labels.end())
                where = tr(" (now v%1)").arg(version.number);
        QAction *action = menu->addAction(name + where, this,
            [this, number, name] { emit labelRequested(number, name); });
        action->setEnabled(where != tr(" (now v%1)").arg(number));
    }
    menu->addSeparator();
    menu->addAction(tr("New label…"), this, [this, number] {
        bool ok = false;
        const QString label = QInputDialog::getText(this, tr("New Label"),
            tr("A name for v%1, e.g. canary (letters, digits, '_', '.' and '-'):").arg(number),
            QLineEdit::Normal, QString(), &ok);
        if (ok && !label.trimmed().isEmpty())
            emit labelRequested(number, label.trimmed());
    });
}

} // namespace ps::widgets
