#include "tool_calls_box.h"

#include <QFontDatabase>
#include <QFrame>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace ps::widgets {

namespace {

// Arguments as the model wrote them, indented when they are JSON.
QString prettyArguments(const QString &arguments)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(arguments.toUtf8(), &error);
    if (error.error != QJsonParseError::NoError || document.isNull())
        return arguments;
    return QString::fromUtf8(document.toJson(QJsonDocument::Indented)).trimmed();
}

QPlainTextEdit *codeEdit(QWidget *parent, int lines)
{
    auto *edit = new QPlainTextEdit(parent);
    edit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    edit->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    edit->setTabChangesFocus(true);
    edit->setFixedHeight(edit->fontMetrics().lineSpacing() * lines + 12);
    return edit;
}

} // namespace

ToolCallsBox::ToolCallsBox(QWidget *parent)
    : QWidget(parent)
    , m_list(new QVBoxLayout)
    , m_send(new QPushButton(tr("Send Results"), this))
{
    setObjectName(QStringLiteral("toolCallsBox"));
    m_send->setToolTip(tr("Send the mocked results back to the model as its tools' answers"));
    connect(m_send, &QPushButton::clicked, this, [this] {
        QList<QPair<QString, QString>> results;
        for (qsizetype i = 0; i < m_calls.size(); ++i)
            results.append({m_calls[i].id, m_results[i]->toPlainText().trimmed()});
        emit resultsSubmitted(results);
    });
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(6);
    layout->addLayout(m_list);
    layout->addStretch(1); // the calls keep to the top when the box is given the answer's room
    auto *row = new QHBoxLayout;
    row->addStretch(1);
    row->addWidget(m_send);
    layout->addLayout(row);
    hide();
}

void ToolCallsBox::setCalls(const QList<PaneToolCall> &calls)
{
    while (QLayoutItem *item = m_list->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    m_calls = calls;
    m_results.clear();
    m_arguments.clear();
    for (const PaneToolCall &call : calls) {
        auto *frame = new QFrame(this);
        frame->setFrameShape(QFrame::StyledPanel);
        frame->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Maximum);
        auto *title = new QLabel(tr("<b>%1</b> <span style=\"color:gray\">tool call · %2</span>")
                                     .arg(call.name.toHtmlEscaped(), call.id.toHtmlEscaped()),
            frame);
        QPlainTextEdit *arguments = codeEdit(frame, 3);
        arguments->setReadOnly(true);
        arguments->setPlainText(prettyArguments(call.arguments));
        arguments->setAccessibleName(tr("Arguments of %1").arg(call.name));
        QPlainTextEdit *result = codeEdit(frame, 2);
        result->setPlaceholderText(tr("Mocked result of %1 (JSON or text)").arg(call.name));
        result->setAccessibleName(tr("Result of %1").arg(call.name));
        connect(result, &QPlainTextEdit::textChanged, this, &ToolCallsBox::updateSend);
        auto *inner = new QVBoxLayout(frame);
        inner->setContentsMargins(6, 6, 6, 6);
        inner->setSpacing(4);
        inner->addWidget(title);
        inner->addWidget(arguments);
        inner->addWidget(result);
        m_list->addWidget(frame);
        m_arguments.append(arguments);
        m_results.append(result);
    }
    setVisible(!calls.isEmpty());
    updateSend();
}

QString ToolCallsBox::argumentsShown(int index) const
{
    return index < m_arguments.size() ? m_arguments[index]->toPlainText() : QString();
}

void ToolCallsBox::updateSend()
{
    // Every call needs its result: the model expects an answer to each.
    bool complete = !m_results.isEmpty();
    for (const QPlainTextEdit *result : m_results)
        complete = complete && !result->toPlainText().trimmed().isEmpty();
    m_send->setEnabled(complete);
}

} // namespace ps::widgets
