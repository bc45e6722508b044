#pragma once

// A coloured banner inside a response pane: what went wrong (category, provider's words), Retry.

#include <QColor>
#include <QFrame>
#include <QString>

class QLabel;
class QPushButton;

namespace ps::widgets {

struct AnswerError
{
    QString category; // CLI.md's word: rate_limit, server, context_length, ... or "template"
    QString message; // the provider's own words where it gave any
    int status = 0; // HTTP status, 0 when none
};

// "Rate limited", "Context too long", ...: the category as a reader names it.
QString categoryTitle(const QString &category);

class ErrorBanner final : public QFrame
{
    Q_OBJECT
public:
    explicit ErrorBanner(QWidget *parent = nullptr);

    void showError(const AnswerError &error);
    const AnswerError &error() const { return m_error; }
    QString title() const;
    QString message() const;
    QPushButton *retryButton() const { return m_retry; }

signals:
    void retryRequested();

protected:
    void changeEvent(QEvent *event) override;
    void paintEvent(QPaintEvent *event) override;

private:
    void applyColours();

    AnswerError m_error;
    QLabel *m_icon = nullptr;
    QLabel *m_title = nullptr;
    QLabel *m_message = nullptr;
    QPushButton *m_retry = nullptr;
    QColor m_red;
    QColor m_fill;
};

} // namespace ps::widgets
