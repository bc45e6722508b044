#pragma once

#include <QList>
#include <QMap>
#include <QString>
#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTextBrowser;
class QVBoxLayout;

// View ▸ Present: a clean page for showing a prompt to stakeholders. A title, an input for each
// variable the presenter chose to expose, Ask, and the answer streaming as Markdown in a large
// font, with optional badges (cost, fallback). In conversation mode each answer can be followed
// up, the exchange shown above. It never shows the prompt, a key or an internal id; Esc leaves.
namespace ps::widgets {

class AnswerView;

class PresenterView final : public QWidget
{
    Q_OBJECT
public:
    struct Field
    {
        QString name; // the variable
        QString value; // its saved value, to start from
    };

    explicit PresenterView(QWidget *parent = nullptr);

    void setTitle(const QString &title, const QString &subtitle);
    void setFields(const QList<Field> &fields);
    void setConversation(bool on);

    QMap<QString, QString> values() const; // by variable name
    QString followUp() const; // the reply typed in conversation mode
    bool isAnswered() const { return m_answered; }

    // Driven by the presenter, on the GUI thread.
    void begin(const QString &question);
    void appendText(const QString &text);
    void discardText();
    // `badges` e.g. "$0.0012 · 1.4 s"; an error shows instead of an answer.
    void finish(const QString &text, const QString &badges, const QString &error);

    AnswerView *answerView() const { return m_answer; }
    QPushButton *askButton() const { return m_ask; }
    QPlainTextEdit *input(const QString &name) const;
    QPlainTextEdit *followUpEdit() const { return m_followUp; }
    QTextBrowser *transcript() const { return m_transcript; }

signals:
    void askRequested(); // Ask, or Ctrl+Enter
    void startOverRequested();
    void closed();

protected:
    void keyPressEvent(QKeyEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;
    void closeEvent(QCloseEvent *event) override;

private:
    void startOver();
    void setBusy(bool busy);

    QLabel *m_title;
    QLabel *m_subtitle;
    QWidget *m_fieldsBox;
    QVBoxLayout *m_fields;
    QList<QPair<QString, QPlainTextEdit *>> m_inputs;
    QTextBrowser *m_transcript;
    QString m_history; // the exchange so far, as Markdown
    AnswerView *m_answer;
    QLabel *m_badges;
    QPlainTextEdit *m_followUp;
    QPushButton *m_ask;
    QPushButton *m_startOver;
    bool m_conversation = false;
    bool m_answered = false;
};

} // namespace ps::widgets
