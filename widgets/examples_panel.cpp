#include "examples_panel.h"

#include "examples_model.h"
#include "prompt_document.h"
#include "prompt_editor.h"

#include <QAction>
#include <QButtonGroup>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QShortcut>
#include <QSortFilterProxyModel>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

namespace ps::widgets {

namespace {

// Cells hold whole tickets and answers: they are edited in a multi-line editor, where Return
// is a line break and Tab or a click elsewhere ends the edit.
class MultiLineDelegate final : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    QWidget *createEditor(
        QWidget *parent, const QStyleOptionViewItem &, const QModelIndex &) const override
    {
        auto *editor = new QPlainTextEdit(parent);
        editor->setTabChangesFocus(true);
        editor->setFrameShape(QFrame::NoFrame);
        return editor;
    }
    void setEditorData(QWidget *editor, const QModelIndex &index) const override
    {
        static_cast<QPlainTextEdit *>(editor)->setPlainText(index.data(Qt::EditRole).toString());
    }
    void setModelData(
        QWidget *editor, QAbstractItemModel *model, const QModelIndex &index) const override
    {
        const QString text = static_cast<QPlainTextEdit *>(editor)->toPlainText();
        if (text != index.data(Qt::EditRole).toString())
            model->setData(index, text, Qt::EditRole);
    }
    void updateEditorGeometry(
        QWidget *editor, const QStyleOptionViewItem &option, const QModelIndex &) const override
    {
        // Room for a few lines below the cell, so a long value can be read while editing.
        QRect rect = option.rect;
        rect.setHeight(std::max(rect.height(), option.fontMetrics.lineSpacing() * 5 + 8));
        editor->setGeometry(rect);
    }
};

// A text filter over every column, or "#tag" over the tags only.
class ExamplesFilter final : public QSortFilterProxyModel
{
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;

    void setQuery(const QString &query)
    {
        m_query = query.trimmed();
        invalidateFilter();
    }

protected:
    bool filterAcceptsRow(int row, const QModelIndex &parent) const override
    {
        if (m_query.isEmpty())
            return true;
        const auto *examples = static_cast<const ExamplesModel *>(sourceModel());
        if (m_query.startsWith(QLatin1Char('#'))) {
            const QString tags = examples->index(row, examples->tagsColumn(), parent)
                                     .data(Qt::EditRole)
                                     .toString();
            const QString wanted = m_query.mid(1);
            for (const QString &tag : tags.split(QLatin1Char(',')))
                if (tag.trimmed().compare(wanted, Qt::CaseInsensitive) == 0)
                    return true;
            return false;
        }
        for (int column = 1; column < examples->columnCount(); ++column)
            if (examples->index(row, column, parent)
                    .data(Qt::EditRole)
                    .toString()
                    .contains(m_query, Qt::CaseInsensitive))
                return true;
        return false;
    }

private:
    QString m_query;
};

QPushButton *button(const QString &text, const QString &tip, QWidget *parent)
{
    auto *pushed = new QPushButton(text, parent);
    pushed->setToolTip(tip);
    return pushed;
}

} // namespace

ExamplesPanel::ExamplesPanel(PromptDocument *document, QWidget *parent)
    : QWidget(parent)
    , m_document(document)
    , m_model(new ExamplesModel(document, this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->setSpacing(6);

    // Two short rows, so the tab never holds the editor wider than a laptop screen allows.
    auto *modeRow = new QHBoxLayout;
    m_mode = new QButtonGroup(this);
    auto *section = new QRadioButton(tr("{{#examples}} &section"), this);
    section->setToolTip(tr("Into the prompt as a list the templates loop over: "
                           "{{#examples}}…{{input.ticket}}…{{output}}…{{/examples}}"));
    auto *turns = new QRadioButton(tr("user/assistant &turns"), this);
    turns->setToolTip(tr("Into the prompt as turns: each enabled example becomes a user message "
                         "(the last user template on its input) and an assistant message (its "
                         "output)"));
    m_mode->addButton(section, int(model::ExamplesMode::Section));
    m_mode->addButton(turns, int(model::ExamplesMode::Turns));
    modeRow->addWidget(section);
    modeRow->addWidget(turns);
    modeRow->addStretch(1);
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("examplesSummary"));
    m_summary->setWordWrap(true);
    modeRow->addWidget(m_summary, 1);
    layout->addLayout(modeRow);

    auto *actions = new QHBoxLayout;
    QPushButton *add = button(tr("+ &Add"), tr("A new example below the selection (Ctrl+Shift+E)"), this);
    QPushButton *duplicate = button(tr("D&uplicate"), tr("Copy the selected examples"), this);
    QPushButton *remove = button(tr("&Delete"), tr("Delete the selected examples (Del; Ctrl+Z brings them back)"), this);
    QPushButton *toggle = button(tr("&On/Off"), tr("Send the selected examples, or keep them without sending them"), this);
    m_images = new QToolButton(this);
    m_images->setText(tr("&Images"));
    m_images->setObjectName(QStringLiteral("exampleImages"));
    m_images->setAccessibleName(tr("Images of the selected example"));
    m_images->setToolTip(tr("Show images with the selected example's question (sent when examples go as turns)"));
    m_images->setPopupMode(QToolButton::InstantPopup);
    auto *imagesMenu = new QMenu(m_images);
    imagesMenu->addAction(tr("Add Images…"), this, [this] {
        const QList<int> rows = selectedRows();
        if (rows.size() != 1)
            return;
        const QStringList chosen = QFileDialog::getOpenFileNames(
            this, tr("Add Images"), QString(), tr("Images (*.png *.jpg *.jpeg *.gif *.webp)"));
        if (!chosen.isEmpty())
            emit imagesOffered(rows.front(), chosen);
    });
    imagesMenu->addAction(tr("Remove Images"), this, [this] {
        const QList<int> rows = selectedRows();
        if (rows.size() == 1)
            m_model->setImages(rows.front(), {}, tr("Remove the images of example %1").arg(rows.front() + 1));
    });
    m_images->setMenu(imagesMenu);
    auto *files = new QToolButton(this);
    files->setText(tr("&File"));
    files->setToolTip(tr("Import examples from a CSV or JSONL file, or export them"));
    files->setPopupMode(QToolButton::InstantPopup);
    auto *filesMenu = new QMenu(files);
    filesMenu->addAction(tr("Import…"), this, &ExamplesPanel::importRequested);
    filesMenu->addAction(tr("Export as JSONL…"), this, [this] { emit exportRequested(QStringLiteral("jsonl")); });
    filesMenu->addAction(tr("Export as CSV…"), this, [this] { emit exportRequested(QStringLiteral("csv")); });
    files->setMenu(filesMenu);
    for (QWidget *widget : std::initializer_list<QWidget *> {add, duplicate, remove, toggle, m_images, files})
        actions->addWidget(widget);
    m_filter = new QLineEdit(this);
    m_filter->setObjectName(QStringLiteral("examplesFilter"));
    m_filter->setPlaceholderText(tr("Filter: text, or #tag"));
    m_filter->setAccessibleName(tr("Filter examples"));
    m_filter->setClearButtonEnabled(true);
    m_filter->setMinimumWidth(90);
    actions->addWidget(m_filter, 1);
    layout->addLayout(actions);

    m_filtered = new ExamplesFilter(this);
    m_filtered->setSourceModel(m_model);
    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("examplesTable"));
    m_table->setAccessibleName(tr("Few-shot examples"));
    m_table->setModel(m_filtered);
    m_table->setItemDelegate(new MultiLineDelegate(m_table));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed
        | QAbstractItemView::AnyKeyPressed);
    m_table->setDragDropMode(QAbstractItemView::InternalMove);
    m_table->setDragDropOverwriteMode(false);
    m_table->setDefaultDropAction(Qt::MoveAction);
    m_table->setWordWrap(false);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 10);
    leaveUndoToTheWindow(m_table);
    layout->addWidget(m_table, 1);
    // The checkbox column as narrow as it can be; the inputs and the output share the rest.
    const auto fitColumns = [this] {
        QHeaderView *header = m_table->horizontalHeader();
        header->setSectionResizeMode(ExamplesModel::EnabledColumn, QHeaderView::ResizeToContents);
        for (int column = 1; column <= m_model->outputColumn(); ++column)
            header->setSectionResizeMode(column, QHeaderView::Stretch);
        header->setSectionResizeMode(m_model->imagesColumn(), QHeaderView::ResizeToContents);
        showImagesColumn();
        header->setSectionResizeMode(m_model->tagsColumn(), QHeaderView::Interactive);
        header->resizeSection(m_model->tagsColumn(), 110);
    };
    connect(m_model, &QAbstractItemModel::modelReset, this, fitColumns);
    fitColumns();

    connect(m_mode, &QButtonGroup::idClicked, this,
        [this](int id) { m_model->setMode(model::ExamplesMode(id)); });
    connect(add, &QPushButton::clicked, this, [this] {
        const QList<int> rows = selectedRows();
        const int at = rows.isEmpty() ? m_model->rowCount() : rows.last() + 1;
        m_model->addExample(at);
        selectRows({at});
        m_table->edit(m_filtered->mapFromSource(m_model->index(at, 1)));
    });
    connect(duplicate, &QPushButton::clicked, this, [this] { m_model->duplicateExamples(selectedRows()); });
    connect(remove, &QPushButton::clicked, this, [this] { m_model->removeExamples(selectedRows()); });
    connect(toggle, &QPushButton::clicked, this, [this] {
        // Any of them off: all on; all on: all off.
        const QList<int> rows = selectedRows();
        const auto &examples = m_document->content().examples;
        const bool anyOff = std::any_of(rows.begin(), rows.end(), [&](int row) {
            return std::size_t(row) < examples.size() && !examples[std::size_t(row)].enabled;
        });
        m_model->setExamplesEnabled(rows, anyOff);
    });
    connect(m_filter, &QLineEdit::textChanged, this, &ExamplesPanel::filterChanged);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &ExamplesPanel::updateImagesButton);
    connect(m_model, &QAbstractItemModel::dataChanged, this, &ExamplesPanel::showImagesColumn);
    connect(m_model, &QAbstractItemModel::modelReset, this, &ExamplesPanel::updateImagesButton);
    updateImagesButton();

    const auto shortcut = [this](const QKeySequence &keys, auto slot) {
        auto *key = new QShortcut(keys, m_table, slot);
        key->setContext(Qt::WidgetWithChildrenShortcut);
    };
    shortcut(QKeySequence(Qt::ALT | Qt::Key_Up), [this] { moveSelection(-1); });
    shortcut(QKeySequence(Qt::ALT | Qt::Key_Down), [this] { moveSelection(1); });
    shortcut(QKeySequence::Delete, [this] { m_model->removeExamples(selectedRows()); });
    auto *addKey = new QShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E), this);
    addKey->setContext(Qt::WidgetWithChildrenShortcut);
    connect(addKey, &QShortcut::activated, add, &QPushButton::click);

    connect(m_document, &PromptDocument::loaded, this, &ExamplesPanel::showMode);
    connect(m_document, &PromptDocument::examplesChanged, this, &ExamplesPanel::showMode);
    showMode();
}

void ExamplesPanel::showMode()
{
    if (QAbstractButton *button = m_mode->button(int(m_document->content().examplesMode)))
        button->setChecked(true);
    setSummary(m_tokens, m_countedAs);
}

void ExamplesPanel::showImagesColumn()
{
    // Only when an example shows one: the narrow editor keeps its width for the text.
    // The column's number moves as input columns come and go: only it may stay hidden.
    for (int column = 0; column < m_model->columnCount(); ++column)
        m_table->setColumnHidden(column, false);
    const auto &examples = m_document->content().examples;
    m_table->setColumnHidden(m_model->imagesColumn(), std::none_of(examples.begin(), examples.end(),
        [](const model::Example &example) { return !example.images.empty(); }));
}

void ExamplesPanel::updateImagesButton()
{
    m_images->setEnabled(selectedRows().size() == 1);
}

void ExamplesPanel::setVariables(const QStringList &names)
{
    m_model->setVariables(names);
}

void ExamplesPanel::setSummary(long long tokens, const QString &countedAs)
{
    m_tokens = tokens;
    m_countedAs = countedAs;
    const auto &examples = m_document->content().examples;
    const auto on = std::count_if(examples.begin(), examples.end(), [](const model::Example &e) { return e.enabled; });
    const QString number = QLocale().toString(tokens);
    if (examples.empty())
        m_summary->setText(tr("No examples yet: + Add, or Import… a CSV or JSONL file"));
    else if (countedAs.isEmpty())
        m_summary->setText(tr("%1 of %2 on · ≈ %3 tokens").arg(on).arg(examples.size()).arg(number));
    else
        m_summary->setText(tr("%1 of %2 on · %3 tokens").arg(on).arg(examples.size()).arg(number));
    m_summary->setToolTip(countedAs.isEmpty()
            ? tr("What the enabled examples add to the prompt as sent, estimated at about four characters a token")
            : tr("What the enabled examples add to the prompt as sent, counted exactly in %1").arg(countedAs));
}

QString ExamplesPanel::summaryText() const
{
    return m_summary->text();
}

QList<int> ExamplesPanel::selectedRows() const
{
    QList<int> rows;
    for (const QModelIndex &index : m_table->selectionModel()->selectedRows())
        rows << m_filtered->mapToSource(index).row();
    std::sort(rows.begin(), rows.end());
    return rows;
}

void ExamplesPanel::selectRows(const QList<int> &rows)
{
    m_table->clearSelection();
    for (int row : rows) {
        const QModelIndex index = m_filtered->mapFromSource(m_model->index(row, 1));
        m_table->selectionModel()->select(index,
            QItemSelectionModel::Select | QItemSelectionModel::Rows);
        // Not the view's setCurrentIndex: with a modifier key held it would toggle the row off.
        m_table->selectionModel()->setCurrentIndex(index, QItemSelectionModel::NoUpdate);
    }
}

void ExamplesPanel::moveSelection(int by)
{
    const QList<int> rows = selectedRows();
    if (rows.isEmpty() || (by < 0 && rows.first() == 0)
        || (by > 0 && rows.last() + 1 >= m_model->rowCount()))
        return;
    selectRows(m_model->moveExamples(rows, rows.first() + by));
}

void ExamplesPanel::filterChanged(const QString &text)
{
    static_cast<ExamplesFilter *>(m_filtered)->setQuery(text);
    // Dragging rows of a filtered view would move them among rows the user cannot see.
    m_table->setDragDropMode(text.trimmed().isEmpty() ? QAbstractItemView::InternalMove
                                                      : QAbstractItemView::NoDragDrop);
}

} // namespace ps::widgets
