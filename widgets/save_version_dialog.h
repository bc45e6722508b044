#pragma once

#include <QDialog>

class QLineEdit;
class QPushButton;

// Asks for the message of a new version (Ctrl+S).
namespace ps::widgets {

class SaveVersionDialog final : public QDialog
{
    Q_OBJECT
public:
    // `what` names what is saved, e.g. "ticket-triage · new version from v3".
    explicit SaveVersionDialog(const QString &what, QWidget *parent = nullptr);

    QString message() const;
    QLineEdit *messageEdit() const { return m_message; }

private:
    QLineEdit *m_message = nullptr;
    QPushButton *m_save = nullptr;
};

} // namespace ps::widgets
