#include "import_dialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace ps::widgets {

ImportDialog::ImportDialog(const QString &file, const QString &format, bool renamable, QWidget *parent)
    : QDialog(parent)
    , m_name(new QLineEdit(this))
    , m_tree(new QTreeWidget(this))
    , m_notes(new QLabel(this))
{
    setWindowTitle(tr("Import Prompts"));
    auto *form = new QFormLayout;
    auto *fileLabel = new QLabel(tr("%1 — %2").arg(file, format), this);
    fileLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    form->addRow(tr("File:"), fileLabel);
    m_name->setPlaceholderText(tr("the file's own name"));
    m_name->setAccessibleName(tr("Import under this prompt name"));
    m_name->setToolTip(tr("Import the prompt under another name, beside the one here"));
    if (renamable)
        form->addRow(tr("Import &as:"), m_name);
    else
        m_name->hide();
    connect(m_name, &QLineEdit::editingFinished, this, &ImportDialog::renameChanged);

    m_tree->setHeaderLabels({tr("What the file holds"), tr("In this project")});
    m_tree->setAccessibleName(tr("What the import will add"));
    m_tree->setRootIsDecorated(true);
    m_tree->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_tree->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_notes->setWordWrap(true);
    m_notes->setAccessibleName(tr("What the file holds that Promptsmith cannot keep"));
    m_notes->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_import = buttons->addButton(tr("&Import"), QDialogButtonBox::AcceptRole);
    m_import->setDefault(true);
    m_import->setEnabled(false);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_tree, 1);
    layout->addWidget(m_notes);
    layout->addWidget(buttons);
    resize(720, 480);
    m_tree->setFocus();
}

void ImportDialog::showPreview(const Preview &preview)
{
    m_tree->clear();
    for (const PromptRow &prompt : preview.prompts) {
        int fresh = 0;
        for (const VersionRow &version : prompt.versions)
            fresh += version.isNew ? 1 : 0;
        auto *top = new QTreeWidgetItem(m_tree,
            {prompt.name, prompt.exists ? tr("exists: %1 of %2 versions new").arg(fresh).arg(prompt.versions.size())
                                        : tr("new prompt")});
        for (const VersionRow &version : prompt.versions)
            new QTreeWidgetItem(top, {version.title, version.isNew ? tr("added") : tr("already here")});
        for (const QString &label : prompt.labels)
            new QTreeWidgetItem(top, {tr("label %1").arg(label), QString()});
        top->setExpanded(true);
    }
    for (const QString &dataset : preview.datasets)
        new QTreeWidgetItem(m_tree, {tr("dataset %1").arg(dataset), tr("added unless the same cases are here")});
    m_notes->setText(preview.notes.isEmpty()
            ? tr("Nothing here is changed: versions are only added, and labels already here stay where they are.")
            : tr("Said by the file, and not kept:") + QStringLiteral("\n• ") + preview.notes.join(QStringLiteral("\n• ")));
    m_import->setEnabled(preview.newVersions > 0 || !preview.datasets.isEmpty());
    m_import->setText(preview.newVersions == 0 ? tr("&Import")
            : preview.newVersions == 1        ? tr("&Import 1 Version")
                                              : tr("&Import %1 Versions").arg(preview.newVersions));
}

void ImportDialog::showError(const QString &error)
{
    m_tree->clear();
    m_notes->setText(error);
    m_import->setEnabled(false);
}

QString ImportDialog::importName() const
{
    return m_name->text().trimmed();
}

} // namespace ps::widgets
