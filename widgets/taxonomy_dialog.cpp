#include "taxonomy_dialog.h"

#include <QColor>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalBlocker>
#include <QTableWidget>
#include <QVBoxLayout>

#include <set>

namespace ps::widgets {

namespace {

enum Column { NameColumn, DescriptionColumn, ColourColumn };

} // namespace

TaxonomyDialog::TaxonomyDialog(const QList<TagChoice> &tags, QWidget *parent)
    : QDialog(parent)
    , m_table(new QTableWidget(0, 3, this))
    , m_original(tags)
{
    setObjectName(QStringLiteral("taxonomyDialog"));
    setWindowTitle(tr("Bad-Case Tags"));
    auto *intro = new QLabel(tr("The project's taxonomy: what each tag means, in one line the "
                                "annotation guideline can cite. Renaming a tag renames it on the "
                                "cases marked with it; removing one leaves their marks as they are."),
        this);
    intro->setWordWrap(true);
    m_table->setHorizontalHeaderLabels({tr("Name"), tr("Definition"), tr("Colour (#rrggbb)")});
    m_table->setAccessibleName(tr("Tags"));
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(DescriptionColumn, QHeaderView::Stretch);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    for (const TagChoice &tag : tags)
        addRow(tag.name, tag);
    m_table->resizeColumnToContents(NameColumn);
    connect(m_table, &QTableWidget::itemChanged, this, [this](QTableWidgetItem *item) {
        if (item->column() != ColourColumn)
            return;
        const QSignalBlocker quiet(m_table); // the icon is a change too
        item->setIcon(tagSwatch(item->text().trimmed()));
    });

    auto *add = new QPushButton(tr("&Add Tag"), this);
    auto *remove = new QPushButton(tr("&Remove Tag"), this);
    connect(add, &QPushButton::clicked, this, &TaxonomyDialog::addTag);
    connect(remove, &QPushButton::clicked, this, &TaxonomyDialog::removeCurrent);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    buttons->addButton(add, QDialogButtonBox::ActionRole);
    buttons->addButton(remove, QDialogButtonBox::ActionRole);
    connect(buttons, &QDialogButtonBox::accepted, this, &TaxonomyDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(m_table, 1);
    layout->addWidget(buttons);
    resize(760, 460);
}

void TaxonomyDialog::addRow(const QString &was, const TagChoice &tag)
{
    const int row = m_table->rowCount();
    m_table->insertRow(row);
    auto *name = new QTableWidgetItem(tag.name);
    name->setData(Qt::UserRole, was);
    m_table->setItem(row, NameColumn, name);
    m_table->setItem(row, DescriptionColumn, new QTableWidgetItem(tag.description));
    auto *colour = new QTableWidgetItem(tagSwatch(tag.colour), tag.colour);
    m_table->setItem(row, ColourColumn, colour);
}

void TaxonomyDialog::addTag()
{
    addRow({}, {});
    const int row = m_table->rowCount() - 1;
    m_table->setCurrentCell(row, NameColumn);
    m_table->editItem(m_table->item(row, NameColumn));
}

void TaxonomyDialog::removeCurrent()
{
    const int row = m_table->currentRow();
    if (row < 0)
        return;
    const QString was = m_table->item(row, NameColumn)->data(Qt::UserRole).toString();
    if (!was.isEmpty())
        m_removed << was;
    m_table->removeRow(row);
}

QList<TagEdit> TaxonomyDialog::edits() const
{
    QList<TagEdit> edits;
    for (int row = 0; row < m_table->rowCount(); ++row) {
        TagEdit edit;
        edit.was = m_table->item(row, NameColumn)->data(Qt::UserRole).toString();
        edit.tag = {m_table->item(row, NameColumn)->text().trimmed(),
            m_table->item(row, DescriptionColumn)->text().trimmed(),
            m_table->item(row, ColourColumn)->text().trimmed()};
        const auto original = std::find_if(m_original.begin(), m_original.end(),
            [&edit](const TagChoice &tag) { return tag.name == edit.was; });
        if (original != m_original.end() && original->name == edit.tag.name
            && original->description == edit.tag.description && original->colour == edit.tag.colour)
            continue;
        edits << edit;
    }
    return edits;
}

QStringList TaxonomyDialog::removed() const
{
    return m_removed;
}

void TaxonomyDialog::accept()
{
    // Said here, before anything is written: a name twice, an empty one, a colour that is none.
    std::set<QString> names;
    for (int row = 0; row < m_table->rowCount(); ++row) {
        const QString name = m_table->item(row, NameColumn)->text().trimmed();
        const QString colour = m_table->item(row, ColourColumn)->text().trimmed();
        QString problem;
        if (name.isEmpty())
            problem = tr("Row %1 has no name.").arg(row + 1);
        else if (!names.insert(name).second)
            problem = tr("“%1” is there twice.").arg(name);
        else if (!colour.isEmpty() && !(colour.startsWith(QLatin1Char('#')) && QColor::isValidColorName(colour)))
            problem = tr("“%1” is not a colour: write it as #rrggbb.").arg(colour);
        if (!problem.isEmpty()) {
            m_table->setCurrentCell(row, NameColumn);
            QMessageBox::warning(this, windowTitle(), problem);
            return;
        }
    }
    QDialog::accept();
}

} // namespace ps::widgets
