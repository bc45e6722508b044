#include "dataset_view.h"

#include "assertions_dialog.h"
#include "dataset_grid_model.h"

#include <QAction>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QTableView>
#include <QUndoStack>
#include <QVBoxLayout>

#include <set>

namespace ps::widgets {

namespace {

QPushButton *button(const QString &text, const QString &tip, QWidget *parent)
{
    auto *made = new QPushButton(text, parent);
    made->setToolTip(tip);
    return made;
}

} // namespace

DatasetView::DatasetView(QWidget *parent)
    : QWidget(parent)
    , m_model(new DatasetGridModel(this))
    , m_title(new QLabel(this))
    , m_filter(new QLineEdit(this))
    , m_grid(new QTableView(this))
    , m_save(button(tr("Save as New Revision"),
          tr("Store the cases as the dataset's next revision; runs keep the revision they used"),
          this))
    , m_fill(button(tr("Fill Variables"),
          tr("Send this case's values to the editor's Variables (Prompt tab)"), this))
    , m_status(new QLabel(this))
    , m_caseTokens(new QLabel(this))
    , m_progress(new QProgressBar(this))
{
    setObjectName(QStringLiteral("datasetView"));
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_filter->setPlaceholderText(tr("Filter cases…"));
    m_filter->setAccessibleName(tr("Filter cases"));
    m_filter->setClearButtonEnabled(true);
    m_grid->setObjectName(QStringLiteral("datasetGrid"));
    m_grid->setAccessibleName(tr("Dataset cases"));
    m_grid->setModel(m_model);
    m_grid->setWordWrap(false);
    m_grid->setSelectionBehavior(QAbstractItemView::SelectItems);
    m_grid->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed
        | QAbstractItemView::AnyKeyPressed);
    m_grid->horizontalHeader()->setSortIndicatorShown(true);
    m_grid->horizontalHeader()->setSectionsClickable(true);
    m_grid->horizontalHeader()->setStretchLastSection(true);
    // One height for every row: the header then keeps no size per row of 100,000.
    m_grid->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_grid->verticalHeader()->setDefaultSectionSize(m_grid->fontMetrics().height() + 8);
    m_grid->installEventFilter(this);
    connect(m_grid->horizontalHeader(), &QHeaderView::sortIndicatorChanged, m_model,
        &DatasetGridModel::sortBy);
    connect(m_filter, &QLineEdit::textChanged, m_model, &DatasetGridModel::filter);

    QUndoStack *history = m_model->history();
    auto *add = button(tr("+ Case"), tr("Add an empty case at the end"), this);
    auto *duplicate = button(tr("Duplicate"), tr("Copy the selected cases to the end"), this);
    auto *remove = button(tr("Delete"), tr("Delete the selected cases (Undo brings them back)"), this);
    auto *undo = button(tr("Undo"), tr("Undo the last edit (Ctrl+Z)"), this);
    auto *redo = button(tr("Redo"), tr("Redo (Ctrl+Shift+Z)"), this);
    connect(add, &QPushButton::clicked, this, &DatasetView::addCase);
    connect(duplicate, &QPushButton::clicked, this, &DatasetView::duplicateSelected);
    connect(remove, &QPushButton::clicked, this, &DatasetView::deleteSelected);
    connect(undo, &QPushButton::clicked, history, &QUndoStack::undo);
    connect(redo, &QPushButton::clicked, history, &QUndoStack::redo);
    connect(history, &QUndoStack::canUndoChanged, undo, &QPushButton::setEnabled);
    connect(history, &QUndoStack::canRedoChanged, redo, &QPushButton::setEnabled);
    connect(history, &QUndoStack::cleanChanged, this, &DatasetView::updateState);
    connect(history, &QUndoStack::indexChanged, this, &DatasetView::updateState);
    undo->setEnabled(false);
    redo->setEnabled(false);
    auto *undoShortcut = new QAction(this);
    undoShortcut->setShortcut(QKeySequence::Undo);
    undoShortcut->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(undoShortcut, &QAction::triggered, history, &QUndoStack::undo);
    auto *redoShortcut = new QAction(this);
    redoShortcut->setShortcut(QKeySequence::Redo);
    redoShortcut->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(redoShortcut, &QAction::triggered, history, &QUndoStack::redo);
    addActions({undoShortcut, redoShortcut});
    connect(m_save, &QPushButton::clicked, this, [this] { emit saveRequested(m_model->snapshot()); });
    connect(m_fill, &QPushButton::clicked, this, &DatasetView::fillVariablesFromCurrent);
    auto *assertions = button(tr("Assertions…"), tr("Edit the current case's assertions"), this);
    connect(assertions, &QPushButton::clicked, this, &DatasetView::editAssertions);
    // A double-click on an assertions cell opens the editor, not the JSON.
    connect(m_grid, &QTableView::doubleClicked, this, [this](const QModelIndex &index) {
        if (index.column() == m_model->columnCount() - 2)
            editAssertions();
    });
    connect(m_model, &DatasetGridModel::filtered, this, &DatasetView::updateState);

    auto *importButton = button(tr("Import…"),
        tr("A CSV or JSONL file as the open dataset's next revision (or a new dataset)"), this);
    auto *exportButton = button(tr("Export…"), tr("These cases as JSONL, as `dataset import` reads them"), this);
    connect(importButton, &QPushButton::clicked, this, &DatasetView::importRequested);
    connect(exportButton, &QPushButton::clicked, this, &DatasetView::exportRequested);
    m_progress->setAccessibleName(tr("Import progress"));
    m_progress->hide();
    auto *tools = new QHBoxLayout;
    for (QWidget *widget :
        std::initializer_list<QWidget *> {add, duplicate, remove, undo, redo, m_fill, assertions})
        tools->addWidget(widget);
    tools->addWidget(m_filter, 1);
    tools->addWidget(importButton);
    tools->addWidget(exportButton);
    tools->addWidget(m_save);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addLayout(tools);
    layout->addWidget(m_grid, 1);
    auto *bottom = new QHBoxLayout;
    bottom->addWidget(m_status, 1);
    m_caseTokens->setObjectName(QStringLiteral("caseTokens"));
    m_caseTokens->setAccessibleName(tr("Tokens of the current case"));
    m_caseTokens->setToolTip(tr("The current case as the open prompt sends it, counted for the panes' models: "
                                "exact for OpenAI's models, ≈ an estimate for others"));
    bottom->addWidget(m_caseTokens);
    bottom->addWidget(m_progress);
    layout->addLayout(bottom);
    m_status->setText(tr("Select a dataset in the project tree to see and edit its cases."));
    updateState();
    const auto current = [this] { emit currentCaseChanged(m_model->caseAt(m_grid->currentIndex().row())); };
    connect(m_grid->selectionModel(), &QItemSelectionModel::currentChanged, this, current);
    connect(m_model, &QAbstractItemModel::dataChanged, this, current);
    connect(m_model, &QAbstractItemModel::modelReset, this, current);
}

void DatasetView::showCaseTokens(const QString &text)
{
    m_caseTokens->setText(text);
}

QString DatasetView::caseTokensText() const
{
    return m_caseTokens->text();
}

bool DatasetView::eventFilter(QObject *watched, QEvent *event)
{
    // In the grid, F2 edits the cell and Delete deletes the selected cases: the window's own
    // shortcuts for those keys (rename or delete the prompt) must not take them.
    if (watched == m_grid && (event->type() == QEvent::ShortcutOverride || event->type() == QEvent::KeyPress)) {
        const auto *key = static_cast<QKeyEvent *>(event);
        if (key->modifiers() == Qt::NoModifier
            && (key->key() == Qt::Key_F2 || key->key() == Qt::Key_Delete)) {
            if (event->type() == QEvent::ShortcutOverride) {
                event->accept();
                return true;
            }
            if (key->key() == Qt::Key_Delete) { // an open editor has the keys itself
                deleteSelected();
                return true;
            }
        }
    }
    return QWidget::eventFilter(watched, event);
}

void DatasetView::showTable(DatasetTable table)
{
    m_filter->clear();
    const QString title = tr("%1 · revision %2 · %n cases · from %3", nullptr, int(table.rows.size()))
                              .arg(table.name)
                              .arg(table.revision)
                              .arg(table.source);
    const qsizetype variables = table.variables.size();
    m_model->setTable(std::move(table)); // 100,000 cases are moved, not copied
    m_grid->horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder);
    for (int column = 0; column < m_model->columnCount(); ++column)
        m_grid->setColumnWidth(column, column < variables ? 280 : 140);
    m_title->setText(title);
    updateState();
}

void DatasetView::showError(const QString &error)
{
    m_progress->hide();
    m_status->setText(error);
}

void DatasetView::showNote(const QString &note)
{
    m_progress->hide();
    m_status->setText(note);
}

void DatasetView::showImportProgress(int done, int total)
{
    m_progress->setRange(0, std::max(total, 0)); // 0..0: busy, its length unknown
    m_progress->setValue(std::min(done, std::max(total, 0)));
    m_progress->show();
    m_status->setText(tr("Importing: %n cases read…", nullptr, done));
}

bool DatasetView::isModified() const
{
    return m_model->isModified();
}

QString DatasetView::statusText() const
{
    return m_status->text();
}

QList<int> DatasetView::selectedRows() const
{
    std::set<int> rows;
    for (const QModelIndex &index : m_grid->selectionModel()->selectedIndexes())
        rows.insert(index.row());
    if (rows.empty() && m_grid->currentIndex().isValid())
        rows.insert(m_grid->currentIndex().row());
    return QList<int>(rows.begin(), rows.end());
}

void DatasetView::addCase()
{
    m_model->addRow();
    const int row = m_model->rowOfCase(int(m_model->rows().size()) - 1);
    if (row >= 0)
        m_grid->setCurrentIndex(m_model->index(row, 0));
}

void DatasetView::duplicateSelected()
{
    m_model->duplicateRows(selectedRows());
}

void DatasetView::deleteSelected()
{
    m_model->removeRows(selectedRows());
}

void DatasetView::fillVariablesFromCurrent()
{
    const int caseIndex = m_model->caseAt(m_grid->currentIndex().row());
    if (caseIndex < 0)
        return;
    const DatasetTable &table = m_model->table();
    QMap<QString, QString> values;
    for (int i = 0; i < table.variables.size(); ++i)
        values.insert(table.variables[i], m_model->rows()[std::size_t(caseIndex)].values.value(i));
    emit fillRequested(values);
}

void DatasetView::editAssertions()
{
    const int row = m_grid->currentIndex().row();
    const int caseIndex = m_model->caseAt(row);
    if (caseIndex < 0)
        return;
    const QModelIndex cell = m_model->index(row, m_model->columnCount() - 2);
    auto *dialog = new AssertionsDialog(cell.data(Qt::EditRole).toString(),
        tr("Assertions of case %1").arg(caseIndex + 1), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog, caseIndex] {
        const int shown = m_model->rowOfCase(caseIndex);
        if (shown >= 0) // an undoable edit, as typing is
            m_model->setData(m_model->index(shown, m_model->columnCount() - 2), dialog->json());
    });
    dialog->open();
}

void DatasetView::updateState()
{
    const bool open = !m_model->table().name.isEmpty();
    m_save->setEnabled(open && m_model->isModified());
    m_fill->setEnabled(open && m_model->rowCount() > 0 && !m_model->table().variables.isEmpty());
    if (!open)
        return;
    QString status = m_model->isModified()
        ? tr("Unsaved changes: Save as New Revision stores them as revision %1.")
              .arg(m_model->table().revision + 1)
        : tr("Saved: revision %1.").arg(m_model->table().revision);
    if (m_model->rowCount() != int(m_model->rows().size()))
        status += tr(" Showing %1 of %2 cases.").arg(m_model->rowCount()).arg(m_model->rows().size());
    m_status->setText(status);
}

} // namespace ps::widgets
