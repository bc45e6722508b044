#include "presenter_view.h"

#include "answer_view.h"

#include <QCloseEvent>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace ps::widgets {

namespace {

constexpr int kReadableWidth = 980; // a line a stakeholder reads without turning their head

QFont scaled(QFont font, double factor, bool bold = false)
{
    font.setPointSizeF(font.pointSizeF() * factor);
    font.setBold(bold);
    return font;
}

QPlainTextEdit *inputBox(QWidget *parent, const QFont &font)
{
    auto *edit = new QPlainTextEdit(parent);
    edit->setFont(font);
    edit->setTabChangesFocus(true);
    edit->setFixedHeight(QFontMetrics(font).height() * 3 + 16);
    return edit;
}

} // namespace

PresenterView::PresenterView(QWidget *parent)
    : QWidget(parent, Qt::Window)
    , m_title(new QLabel(this))
    , m_subtitle(new QLabel(this))
    , m_fieldsBox(new QWidget(this))
    , m_fields(new QVBoxLayout(m_fieldsBox))
    , m_transcript(new QTextBrowser(this))
    , m_answer(new AnswerView(this))
    , m_badges(new QLabel(this))
    , m_followUp(nullptr)
    , m_ask(new QPushButton(tr("Ask"), this))
    , m_startOver(new QPushButton(tr("Start Over"), this))
{
    setObjectName(QStringLiteral("presenterView"));
    setWindowTitle(tr("Presenting"));
    setAutoFillBackground(true);
    const QFont base = font();
    const QFont large = scaled(base, 1.45);

    m_title->setFont(scaled(base, 2.2, true));
    m_title->setWordWrap(true);
    m_subtitle->setFont(scaled(base, 1.2));
    m_subtitle->setWordWrap(true);
    m_subtitle->setForegroundRole(QPalette::PlaceholderText);
    auto *leave = new QLabel(tr("Esc leaves"), this);
    leave->setForegroundRole(QPalette::PlaceholderText);

    m_fields->setContentsMargins(0, 0, 0, 0);
    m_fields->setSpacing(6);

    m_transcript->setFont(large);
    m_transcript->setFrameShape(QFrame::NoFrame);
    m_transcript->setAccessibleName(tr("The conversation so far"));
    m_transcript->hide();
    m_answer->setFont(large);
    m_answer->setFrameShape(QFrame::NoFrame);
    m_answer->setAccessibleName(tr("Answer"));
    m_answer->setPlaceholderText(tr("The answer appears here."));
    m_badges->setFont(scaled(base, 1.1));
    m_badges->setForegroundRole(QPalette::PlaceholderText);
    m_badges->setObjectName(QStringLiteral("presenterBadges"));

    m_followUp = inputBox(this, large);
    m_followUp->setAccessibleName(tr("Reply"));
    m_followUp->setPlaceholderText(tr("Reply to continue the conversation…"));
    m_followUp->hide();

    m_ask->setFont(scaled(base, 1.25, true));
    m_ask->setDefault(true);
    m_ask->setToolTip(tr("Ctrl+Enter"));
    connect(m_ask, &QPushButton::clicked, this, &PresenterView::askRequested);
    m_startOver->setFont(scaled(base, 1.1));
    m_startOver->hide();
    connect(m_startOver, &QPushButton::clicked, this, [this] {
        startOver();
        emit startOverRequested();
    });
    m_followUp->installEventFilter(this); // Ctrl+Enter asks from inside a text box too

    auto *head = new QHBoxLayout;
    head->addWidget(m_title, 1);
    head->addWidget(leave, 0, Qt::AlignTop);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_ask);
    buttons->addWidget(m_startOver);
    buttons->addStretch(1);
    buttons->addWidget(m_badges);

    auto *column = new QWidget(this);
    column->setMaximumWidth(kReadableWidth);
    auto *inner = new QVBoxLayout(column);
    inner->setContentsMargins(0, 32, 0, 24);
    inner->setSpacing(14);
    inner->addLayout(head);
    inner->addWidget(m_subtitle);
    inner->addWidget(m_fieldsBox);
    inner->addWidget(m_transcript, 2);
    inner->addWidget(m_answer, 3);
    inner->addWidget(m_followUp);
    inner->addLayout(buttons);

    auto *outer = new QHBoxLayout(this);
    outer->setContentsMargins(32, 0, 32, 0);
    outer->addStretch(1);
    outer->addWidget(column, 100);
    outer->addStretch(1);
}

void PresenterView::setTitle(const QString &title, const QString &subtitle)
{
    m_title->setText(title);
    m_subtitle->setText(subtitle);
    m_subtitle->setVisible(!subtitle.isEmpty());
    setWindowTitle(tr("Presenting %1").arg(title));
}

void PresenterView::setFields(const QList<Field> &fields)
{
    const QFont large = scaled(font(), 1.45);
    for (const Field &field : fields) {
        auto *label = new QLabel(field.name, m_fieldsBox);
        label->setFont(scaled(font(), 1.15, true));
        QPlainTextEdit *edit = inputBox(m_fieldsBox, large);
        edit->setPlainText(field.value);
        edit->setAccessibleName(field.name);
        edit->installEventFilter(this);
        label->setBuddy(edit);
        m_fields->addWidget(label);
        m_fields->addWidget(edit);
        m_inputs.append({field.name, edit});
    }
    m_fieldsBox->setVisible(!fields.isEmpty());
    if (!m_inputs.isEmpty())
        m_inputs.first().second->setFocus();
}

void PresenterView::setConversation(bool on)
{
    m_conversation = on;
}

QMap<QString, QString> PresenterView::values() const
{
    QMap<QString, QString> values;
    for (const auto &[name, edit] : m_inputs)
        values.insert(name, edit->toPlainText());
    return values;
}

QString PresenterView::followUp() const
{
    return m_answered && m_conversation ? m_followUp->toPlainText().trimmed() : QString();
}

QPlainTextEdit *PresenterView::input(const QString &name) const
{
    for (const auto &[field, edit] : m_inputs)
        if (field == name)
            return edit;
    return nullptr;
}

void PresenterView::begin(const QString &question)
{
    // A follow-up: the exchange so far moves up, and the reply becomes the question shown.
    if (m_answered && m_conversation) {
        m_history += QStringLiteral("\n\n---\n\n") + m_answer->answer();
        if (!question.isEmpty())
            m_history += QStringLiteral("\n\n**") + tr("You") + QStringLiteral(":** ") + question;
        m_transcript->setMarkdown(m_history);
        m_transcript->show();
        m_followUp->clear();
    }
    m_answer->clearAnswer();
    m_badges->clear();
    setBusy(true);
}

void PresenterView::appendText(const QString &text)
{
    m_answer->appendStreamed(text);
}

void PresenterView::discardText()
{
    m_answer->clearAnswer();
}

void PresenterView::finish(const QString &text, const QString &badges, const QString &error)
{
    setBusy(false);
    if (!error.isEmpty()) {
        m_answer->finishAnswer(tr("**Could not answer.** %1").arg(error));
        return;
    }
    m_answer->finishAnswer(text);
    m_badges->setText(badges);
    m_answered = true;
    if (m_conversation) {
        // The inputs asked the first question; the conversation goes on below the answer.
        m_fieldsBox->setEnabled(false);
        m_followUp->show();
        m_followUp->setFocus();
        m_startOver->show();
        m_ask->setText(tr("Reply"));
    }
}

void PresenterView::startOver()
{
    m_history.clear();
    m_transcript->clear();
    m_transcript->hide();
    m_answer->clearAnswer();
    m_badges->clear();
    m_followUp->clear();
    m_followUp->hide();
    m_fieldsBox->setEnabled(true);
    m_startOver->hide();
    m_ask->setText(tr("Ask"));
    m_answered = false;
}

void PresenterView::setBusy(bool busy)
{
    m_ask->setEnabled(!busy);
    m_ask->setText(busy ? tr("Answering…") : (m_answered && m_conversation ? tr("Reply") : tr("Ask")));
}

bool PresenterView::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        if ((key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter)
            && key->modifiers().testFlag(Qt::ControlModifier)) {
            if (m_ask->isEnabled())
                m_ask->click();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void PresenterView::keyPressEvent(QKeyEvent *event)
{
    if ((event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter)
        && event->modifiers().testFlag(Qt::ControlModifier)) {
        if (m_ask->isEnabled())
            m_ask->click();
        return;
    }
    if (event->key() == Qt::Key_Escape) {
        close();
        return;
    }
    QWidget::keyPressEvent(event);
}

void PresenterView::closeEvent(QCloseEvent *event)
{
    emit closed();
    QWidget::closeEvent(event);
}

} // namespace ps::widgets
