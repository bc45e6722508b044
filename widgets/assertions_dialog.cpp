#include "assertions_dialog.h"

#include "eval/assertion.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace ps::widgets {

namespace {

enum Column { Type, Value, Threshold, Weight, Negated };

QStringList typeNames()
{
    QStringList names;
    for (int i = 0; i <= int(eval::AssertionType::Groundedness); ++i)
        names << QString::fromUtf8(eval::toString(eval::AssertionType(i)));
    return names;
}

// A value as text: a string as it is, anything else (a list, a schema) as JSON.
QString valueText(const QJsonValue &value)
{
    if (value.isString())
        return value.toString();
    if (value.isUndefined() || value.isNull())
        return {};
    if (value.isArray())
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    if (value.isObject())
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    return QString::number(value.toDouble());
}

QJsonValue valueOf(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed.startsWith(QLatin1Char('[')) || trimmed.startsWith(QLatin1Char('{'))) {
        const QJsonDocument document = QJsonDocument::fromJson(trimmed.toUtf8());
        if (document.isArray())
            return document.array();
        if (document.isObject())
            return document.object();
    }
    return text;
}

} // namespace

AssertionsDialog::AssertionsDialog(const QString &json, const QString &title, QWidget *parent)
    : QDialog(parent)
    , m_table(new QTableWidget(0, 5, this))
{
    setObjectName(QStringLiteral("assertionsDialog"));
    setWindowTitle(title);
    m_table->setHorizontalHeaderLabels(
        {tr("Type"), tr("Value"), tr("Threshold"), tr("Weight"), tr("Negated")});
    m_table->setAccessibleName(tr("Assertions"));
    m_table->horizontalHeader()->setSectionResizeMode(Value, QHeaderView::Stretch);
    m_table->verticalHeader()->hide();
    const QJsonArray assertions = QJsonDocument::fromJson(json.toUtf8()).array();
    for (const QJsonValue &item : assertions) {
        const QJsonObject assertion = item.toObject();
        QString type = assertion.value(QStringLiteral("type")).toString();
        const bool negated = type.startsWith(QStringLiteral("not-"));
        if (negated)
            type = type.mid(4);
        addAssertion(type, valueText(assertion.value(QStringLiteral("value"))));
        const int row = m_table->rowCount() - 1;
        if (assertion.contains(QStringLiteral("threshold")))
            m_table->item(row, Threshold)->setText(valueText(assertion.value(QStringLiteral("threshold"))));
        if (assertion.contains(QStringLiteral("weight")))
            m_table->item(row, Weight)->setText(valueText(assertion.value(QStringLiteral("weight"))));
        qobject_cast<QCheckBox *>(m_table->cellWidget(row, Negated))->setChecked(negated);
    }

    auto *add = new QPushButton(tr("+ Assertion"), this);
    auto *remove = new QPushButton(tr("Remove"), this);
    connect(add, &QPushButton::clicked, this, [this] { addAssertion(); });
    connect(remove, &QPushButton::clicked, this, [this] {
        if (m_table->currentRow() >= 0)
            m_table->removeRow(m_table->currentRow());
    });
    auto *note = new QLabel(tr("Left empty, a value is the case's expected output. A list "
                               "(contains-any) or a schema (json-schema) is written as JSON."),
        this);
    note->setWordWrap(true);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *rowButtons = new QHBoxLayout;
    rowButtons->addWidget(add);
    rowButtons->addWidget(remove);
    rowButtons->addStretch();
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_table);
    layout->addLayout(rowButtons);
    layout->addWidget(note);
    layout->addWidget(buttons);
    resize(720, 360);
}

void AssertionsDialog::addAssertion(const QString &type, const QString &value)
{
    const int row = m_table->rowCount();
    m_table->insertRow(row);
    auto *types = new QComboBox(m_table);
    types->addItems(typeNames());
    types->setAccessibleName(tr("Assertion type"));
    types->setCurrentIndex(std::max(0, int(types->findText(type))));
    m_table->setCellWidget(row, Type, types);
    m_table->setItem(row, Value, new QTableWidgetItem(value));
    m_table->setItem(row, Threshold, new QTableWidgetItem);
    m_table->setItem(row, Weight, new QTableWidgetItem);
    auto *negated = new QCheckBox(m_table);
    negated->setAccessibleName(tr("Negated"));
    m_table->setCellWidget(row, Negated, negated);
}

QString AssertionsDialog::json() const
{
    QJsonArray assertions;
    for (int row = 0; row < m_table->rowCount(); ++row) {
        QJsonObject assertion;
        const QString type = qobject_cast<QComboBox *>(m_table->cellWidget(row, Type))->currentText();
        const bool negated = qobject_cast<QCheckBox *>(m_table->cellWidget(row, Negated))->isChecked();
        assertion.insert(QStringLiteral("type"), negated ? QStringLiteral("not-") + type : type);
        if (const QString value = m_table->item(row, Value)->text(); !value.isEmpty())
            assertion.insert(QStringLiteral("value"), valueOf(value));
        bool number = false;
        if (const double threshold = m_table->item(row, Threshold)->text().toDouble(&number); number)
            assertion.insert(QStringLiteral("threshold"), threshold);
        if (const double weight = m_table->item(row, Weight)->text().toDouble(&number); number)
            assertion.insert(QStringLiteral("weight"), weight);
        assertions.append(assertion);
    }
    return assertions.isEmpty()
        ? QString()
        : QString::fromUtf8(QJsonDocument(assertions).toJson(QJsonDocument::Compact));
}

} // namespace ps::widgets
