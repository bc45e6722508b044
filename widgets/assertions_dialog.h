#pragma once

#include <QDialog>

class QTableWidget;

// Edits one dataset case's assertions as rows — type (the types CLI.md lists), value,
// threshold, weight, negated — instead of their JSON; gives the JSON array back.
namespace ps::widgets {

class AssertionsDialog final : public QDialog
{
    Q_OBJECT
public:
    // `json`: the case's assertions as written ("" for none).
    AssertionsDialog(const QString &json, const QString &title, QWidget *parent = nullptr);

    // The rows as a JSON array ("" when there are none).
    QString json() const;
    QTableWidget *table() const { return m_table; }
    void addAssertion(const QString &type = QStringLiteral("icontains"), const QString &value = {});

private:
    QTableWidget *m_table;
};

} // namespace ps::widgets
