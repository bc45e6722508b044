#include "answer_to_dataset_dialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace ps::widgets {

AnswerToDatasetDialog::AnswerToDatasetDialog(const QStringList &datasets, const QString &chosen,
    const QStringList &values, const QString &answer, QWidget *parent)
    : QDialog(parent)
    , m_dataset(new QComboBox(this))
    , m_expected(new QPlainTextEdit(answer, this))
    , m_tags(new QLineEdit(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setObjectName(QStringLiteral("answerToDatasetDialog"));
    setWindowTitle(tr("Add to Dataset"));
    auto *intro = new QLabel(tr("The values this answered become a new case, and the answer — "
                                "edited into the one you want — its expected output. The dataset "
                                "gets a new revision; runs of the earlier ones keep theirs."),
        this);
    intro->setWordWrap(true);

    m_dataset->setEditable(true);
    m_dataset->addItems(datasets);
    m_dataset->setCurrentText(chosen.isEmpty() && !datasets.isEmpty() ? datasets.first() : chosen);
    m_dataset->lineEdit()->setPlaceholderText(tr("a dataset, or a new name"));
    m_dataset->setAccessibleName(tr("Dataset"));
    m_dataset->setToolTip(tr("One of the project's datasets, or a new name to start one"));

    auto *shownValues = new QLabel(values.isEmpty() ? tr("(no variables)") : values.join(QLatin1Char('\n')), this);
    shownValues->setTextFormat(Qt::PlainText);
    shownValues->setWordWrap(true);
    shownValues->setTextInteractionFlags(Qt::TextSelectableByMouse);
    shownValues->setAccessibleName(tr("The case's variables"));

    m_expected->setAccessibleName(tr("Expected output"));
    m_expected->setTabChangesFocus(true);
    m_tags->setPlaceholderText(tr("optional, separated by commas: billing, from-demo"));
    m_tags->setAccessibleName(tr("Tags"));

    auto *form = new QFormLayout;
    form->addRow(tr("&Dataset:"), m_dataset);
    form->addRow(tr("Variables:"), shownValues);
    form->addRow(tr("&Expected output:"), m_expected);
    form->addRow(tr("&Tags:"), m_tags);

    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Add Case"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    const auto named = [this] {
        m_buttons->button(QDialogButtonBox::Ok)->setEnabled(!datasetName().isEmpty());
    };
    connect(m_dataset, &QComboBox::currentTextChanged, this, named);
    named();

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(m_buttons);
    resize(560, 420);
}

QString AnswerToDatasetDialog::datasetName() const
{
    return m_dataset->currentText().trimmed();
}

QString AnswerToDatasetDialog::expected() const
{
    return m_expected->toPlainText();
}

QStringList AnswerToDatasetDialog::tags() const
{
    QStringList tags;
    for (const QString &tag : m_tags->text().split(QLatin1Char(','), Qt::SkipEmptyParts))
        if (!tag.trimmed().isEmpty())
            tags << tag.trimmed();
    return tags;
}

} // namespace ps::widgets
