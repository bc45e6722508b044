#pragma once

#include <QDialog>

#include <functional>

class QLabel;
class QLineEdit;
class QPushButton;

// Asks for a prompt's name (new, rename, duplicate) and says at once why a name cannot be used.
namespace ps::widgets {

class PromptNameDialog final : public QDialog
{
    Q_OBJECT
public:
    // "" when `name` can be used, else a sentence saying why not (taken, invalid).
    using NameCheck = std::function<QString(const QString &name)>;

    // `title` is the window's ("Rename Prompt"), `intro` a line above the field, `acceptText` the
    // button's text ("Rename"); `name` is filled in and selected.
    PromptNameDialog(const QString &title, const QString &intro, const QString &acceptText,
        const QString &name, NameCheck nameCheck, QWidget *parent = nullptr);

    QString name() const;
    QLineEdit *nameEdit() const { return m_name; }
    // Why the name in the field cannot be used; "" when it can.
    QString problem() const;

private:
    void check();

    NameCheck m_check;
    QLineEdit *m_name = nullptr;
    QLabel *m_problem = nullptr;
    QPushButton *m_accept = nullptr;
};

} // namespace ps::widgets
