#include "export_dialog.h"

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
    , m_target(new QComboBox(this))
    , m_targetLabel(new QLabel(tr("&Target:"), this))
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
    m_target->setAccessibleName(tr("Target whose request body is written"));
    m_targetLabel->setBuddy(m_target);
    m_datasets->setMaximumHeight(m_datasets->fontMetrics().height() * 5);
    m_datasetsLabel->setBuddy(m_datasets);

    auto *form = new QFormLayout;
    form->addRow(tr("P&rompt:"), m_prompt);
    form->addRow(tr("&Version:"), m_version);
    form->addRow(tr("&Format:"), m_format);
    form->addRow(m_targetLabel, m_target);
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
    connect(m_target, &QComboBox::currentIndexChanged, this, &ExportDialog::choiceChanged);
    connect(m_datasets, &QListWidget::itemChanged, this, &ExportDialog::choiceChanged);
}

void ExportDialog::setChoices(const QList<PromptChoice> &prompts,
    const QList<QPair<QString, QString>> &formats, const QString &datasetsFormat,
    const QStringList &datasets, const QString &targetFormat, const QStringList &targets)
{
    const QSignalBlocker blockTarget(m_target);
    m_targetFormat = targetFormat;
    m_target->clear();
    m_target->addItems(targets);
    const QSignalBlocker blockPrompt(m_prompt);
    const QSignalBlocker blockFormat(m_format);
    const QSignalBlocker blockDatasets(m_datasets);
    m_prompts = prompts;
    m_datasetsFormat = datasetsFormat;
    m_prompt->clear();
    for (const PromptChoice &prompt : prompts)
        m_prompt->addItem(prompt.name);
    m_format->clear();
    for (const auto &[id, text] : formats)
        m_format->addItem(text, id);
    m_datasets->clear();
    for (const QString &name : datasets) {
        auto *item = new QListWidgetItem(name, m_datasets);
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        item->setCheckState(Qt::Unchecked);
    }
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
    QStringList names;
    if (format() != m_datasetsFormat)
        return names;
    for (int i = 0; i < m_datasets->count(); ++i)
        if (m_datasets->item(i)->checkState() == Qt::Checked)
            names << m_datasets->item(i)->text();
    return names;
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

QString ExportDialog::target() const
{
    return format() == m_targetFormat ? m_target->currentText() : QString();
}

QString ExportDialog::previewText() const
{
    return m_preview->toPlainText();
}

void ExportDialog::fillVersions()
{
    const QSignalBlocker block(m_version);
    m_version->clear();
    m_version->addItem(tr("Every version, with its labels"), 0);
    const int row = m_prompt->currentIndex();
    if (row < 0 || row >= m_prompts.size())
        return;
    for (const auto &[number, text] : m_prompts[row].versions)
        m_version->addItem(text, number);
}

void ExportDialog::choiceChanged()
{
    const bool carries = format() == m_datasetsFormat && m_datasets->count() > 0;
    m_datasets->setVisible(carries);
    m_datasetsLabel->setVisible(carries);
    const bool forTarget = format() == m_targetFormat;
    m_target->setVisible(forTarget);
    m_targetLabel->setVisible(forTarget);
    emit previewNeeded();
}

} // namespace ps::widgets
