#include "export_dialog.h"

#include "check_list.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QLabel>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace ps::widgets {

ExportDialog::ExportDialog(QWidget *parent)
    : QDialog(parent)
    , m_prompt(new QComboBox(this))
    , m_version(new QComboBox(this))
    , m_format(new QComboBox(this))
    , m_targets(new QListWidget(this))
    , m_targetsLabel(new QLabel(tr("&Targets:"), this))
    , m_datasets(new QListWidget(this))
    , m_datasetsLabel(new QLabel(tr("&Datasets:"), this))
    , m_preview(new QPlainTextEdit(this))
    , m_lost(new QLabel(this))
{
    setWindowTitle(tr("Export Prompt"));
    m_prompt->setAccessibleName(tr("Prompt to export"));
    m_version->setAccessibleName(tr("Version to export"));
    m_format->setAccessibleName(tr("File format"));
    m_datasets->setAccessibleName(tr("Datasets to carry in the file"));
    m_targets->setAccessibleName(tr("Targets the file names"));
    m_targets->setObjectName(QStringLiteral("exportTargets"));
    m_datasets->setObjectName(QStringLiteral("exportDatasets"));
    m_targetsLabel->setBuddy(m_targets);
    m_targets->setMaximumHeight(m_targets->fontMetrics().height() * 5);
    m_datasets->setMaximumHeight(m_datasets->fontMetrics().height() * 5);
    m_datasetsLabel->setBuddy(m_datasets);

    auto *form = new QFormLayout;
    form->addRow(tr("P&rompt:"), m_prompt);
    form->addRow(tr("&Version:"), m_version);
    form->addRow(tr("&Format:"), m_format);
    form->addRow(m_targetsLabel, m_targets);
    form->addRow(m_datasetsLabel, m_datasets);

    m_preview->setReadOnly(true);
    m_preview->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_preview->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_preview->setAccessibleName(tr("The file as it will be written"));
    m_preview->setPlaceholderText(tr("The file appears here as it will be written."));
    m_lost->setWordWrap(true);
    m_lost->setAccessibleName(tr("What the format leaves out"));
    m_lost->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *buttons = new QDialogButtonBox(this);
    m_save = buttons->addButton(tr("&Save…"), QDialogButtonBox::AcceptRole);
    m_copy = buttons->addButton(tr("&Copy"), QDialogButtonBox::ActionRole);
    buttons->addButton(QDialogButtonBox::Close);
    m_save->setDefault(true);
    m_save->setToolTip(tr("Choose where to write the file"));
    m_copy->setToolTip(tr("Copy the file's text to the clipboard"));
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_save, &QPushButton::clicked, this, &ExportDialog::saveRequested);
    connect(m_copy, &QPushButton::clicked, this,
        [this] { QApplication::clipboard()->setText(m_preview->toPlainText()); });

    auto *previewLabel = new QLabel(tr("Previe&w:"), this);
    previewLabel->setBuddy(m_preview);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(previewLabel);
    layout->addWidget(m_preview, 1);
    layout->addWidget(m_lost);
    layout->addWidget(buttons);
    resize(760, 620);

    connect(m_prompt, &QComboBox::currentIndexChanged, this, [this] {
        fillVersions();
        choiceChanged();
    });
    connect(m_version, &QComboBox::currentIndexChanged, this, &ExportDialog::choiceChanged);
    connect(m_format, &QComboBox::currentIndexChanged, this, &ExportDialog::choiceChanged);
    connect(m_targets, &QListWidget::itemChanged, this, [this](QListWidgetItem *item) {
        const FormatChoice *chosen = currentFormat();
        if (chosen && chosen->targets == Takes::One)
            keepOneChecked(m_targets, item);
        choiceChanged();
    });
    connect(m_datasets, &QListWidget::itemChanged, this, [this](QListWidgetItem *item) {
        const FormatChoice *chosen = currentFormat();
        if (chosen && chosen->datasets == Takes::One)
            keepOneChecked(m_datasets, item);
        choiceChanged();
    });
}


void ExportDialog::keepOneChecked(QListWidget *list, QListWidgetItem *checked)
{
    if (checked->checkState() != Qt::Checked)
        return;
    const QSignalBlocker block(list);
    for (int i = 0; i < list->count(); ++i)
        if (list->item(i) != checked)
            list->item(i)->setCheckState(Qt::Unchecked);
}

const ExportDialog::FormatChoice *ExportDialog::currentFormat() const
{
    const int row = m_format->currentIndex();
    return row >= 0 && row < m_formats.size() ? &m_formats[row] : nullptr;
}

void ExportDialog::setChoices(const QList<PromptChoice> &prompts, const QList<FormatChoice> &formats,
    const QStringList &datasets, const QStringList &targets)
{
    const QSignalBlocker blockPrompt(m_prompt);
    const QSignalBlocker blockFormat(m_format);
    const QSignalBlocker blockDatasets(m_datasets);
    const QSignalBlocker blockTargets(m_targets);
    m_prompts = prompts;
    m_formats = formats;
    m_prompt->clear();
    for (const PromptChoice &prompt : prompts)
        m_prompt->addItem(prompt.name);
    m_format->clear();
    for (const FormatChoice &format : formats)
        m_format->addItem(format.text, format.id);
    offerChecklist(m_datasets, datasets, false);
    offerChecklist(m_targets, targets, false);
    fillVersions();
    choiceChanged();
}

void ExportDialog::select(const QString &prompt, int version)
{
    const int row = m_prompt->findText(prompt);
    if (row >= 0)
        m_prompt->setCurrentIndex(row);
    const int versionRow = m_version->findData(version);
    if (versionRow >= 0)
        m_version->setCurrentIndex(versionRow);
}

QString ExportDialog::prompt() const
{
    return m_prompt->currentText();
}

int ExportDialog::version() const
{
    return m_version->currentData().toInt();
}

QString ExportDialog::format() const
{
    return m_format->currentData().toString();
}

QStringList ExportDialog::datasets() const
{
    const FormatChoice *chosen = currentFormat();
    return chosen && chosen->datasets != Takes::None ? checkedIn(m_datasets) : QStringList();
}

QStringList ExportDialog::targets() const
{
    const FormatChoice *chosen = currentFormat();
    return chosen && chosen->targets != Takes::None ? checkedIn(m_targets) : QStringList();
}

void ExportDialog::showPreview(const QString &text, const QStringList &lost)
{
    m_preview->setPlainText(text);
    m_save->setEnabled(true);
    m_copy->setEnabled(true);
    if (lost.isEmpty()) {
        m_lost->setText(tr("This format carries the whole prompt: nothing is left out."));
        m_lost->setStyleSheet(QString());
    } else {
        m_lost->setText(tr("Left out by this format:") + QStringLiteral("\n• ")
            + lost.join(QStringLiteral("\n• ")));
        m_lost->setStyleSheet(QStringLiteral("color: palette(link);"));
    }
}

void ExportDialog::showError(const QString &error)
{
    m_preview->setPlainText(QString());
    m_preview->setPlaceholderText(error);
    m_lost->setText(error);
    m_save->setEnabled(false);
    m_copy->setEnabled(false);
}

QString ExportDialog::previewText() const
{
    return m_preview->toPlainText();
}

void ExportDialog::fillVersions()
{
    const QSignalBlocker block(m_version);
    const int chosen = m_version->currentData().toInt();
    m_version->clear();
    m_version->addItem(QString(), 0); // named by choiceChanged, which follows every fill
    const int row = m_prompt->currentIndex();
    if (row < 0 || row >= m_prompts.size())
        return;
    for (const auto &[number, text] : m_prompts[row].versions)
        m_version->addItem(text, number);
    if (const int again = m_version->findData(chosen); again >= 0)
        m_version->setCurrentIndex(again);
}

void ExportDialog::choiceChanged()
{
    const FormatChoice *chosen = currentFormat();
    const Takes datasets = chosen ? chosen->datasets : Takes::None;
    const Takes targets = chosen ? chosen->targets : Takes::None;
    const bool carries = datasets != Takes::None && m_datasets->count() > 0;
    m_datasets->setVisible(carries);
    m_datasetsLabel->setVisible(carries);
    m_datasetsLabel->setText(datasets == Takes::One ? tr("&Dataset (tests):") : tr("&Datasets:"));
    if (datasets == Takes::One && checkedIn(m_datasets).size() > 1) {
        const QSignalBlocker block(m_datasets);
        for (int i = 0; i < m_datasets->count(); ++i)
            m_datasets->item(i)->setCheckState(Qt::Unchecked);
    }
    const bool named = targets != Takes::None && m_targets->count() > 0;
    m_targets->setVisible(named);
    m_targetsLabel->setVisible(named);
    m_targetsLabel->setText(targets == Takes::One ? tr("&Target:") : tr("&Targets:"));
    {
        const QSignalBlocker block(m_targets);
        QStringList checked = checkedIn(m_targets);
        if (targets == Takes::One && checked.size() > 1)
            for (int i = 0; i < m_targets->count(); ++i)
                m_targets->item(i)->setCheckState(m_targets->item(i)->text() == checked.front() ? Qt::Checked : Qt::Unchecked);
        if (chosen && chosen->targetRequired && checked.isEmpty() && m_targets->count() > 0)
            m_targets->item(0)->setCheckState(Qt::Checked);
    }
    {
        const QSignalBlocker block(m_version);
        if (m_version->count() > 0)
            m_version->setItemText(0, chosen && chosen->oneVersion ? tr("The newest version") : tr("Every version, with its labels"));
    }
    emit previewNeeded();
}

} // namespace ps::widgets
