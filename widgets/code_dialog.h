#pragma once

#include <QDialog>
#include <QList>
#include <QString>

class QCheckBox;
class QLabel;
class QPushButton;
class QTabWidget;

// Copy as Code: the request a pane sent, as curl, Python and JavaScript (one tab each), to copy
// and hand to engineering. It shows what the app wrote; it writes no code itself.
namespace ps::widgets {

class CodeDialog final : public QDialog
{
    Q_OBJECT
public:
    struct Snippet
    {
        QString language; // the tab's name: "curl", "Python", "JavaScript"
        QString code;
    };

    explicit CodeDialog(QWidget *parent = nullptr);

    // What was sent, to whom: "ticket-triage v3 → gpt-4o-mini on openai".
    void setSubject(const QString &subject);
    // The snippets, in tab order; the tab shown stays shown.
    void setSnippets(const QList<Snippet> &snippets);
    QString currentCode() const;

    QTabWidget *tabs() const { return m_tabs; }
    QCheckBox *policyBox() const { return m_policy; }
    QPushButton *copyButton() const { return m_copy; }

signals:
    // The user asked for the target's retries, timeout and fallbacks to be written out, or not.
    void policyToggled(bool on);

private:
    QLabel *m_subject;
    QTabWidget *m_tabs;
    QCheckBox *m_policy;
    QPushButton *m_copy;
    QLabel *m_copied;
};

} // namespace ps::widgets
