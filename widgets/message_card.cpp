#include "message_card.h"

#include "prompt_editor.h"
#include "template_lexer.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QScopedValueRollback>
#include <QToolButton>
#include <QVBoxLayout>

namespace ps::widgets {

namespace {

constexpr int kErrorIndicator = 8;
constexpr int kErrorAnnotationStyle = 60; // beyond the lexer's styles and Scintilla's reserved ones

QToolButton *cardButton(const QString &text, const QString &tip, QWidget *parent)
{
    auto *button = new QToolButton(parent);
    button->setText(text);
    button->setToolTip(tip);
    button->setAutoRaise(true);
    button->setFocusPolicy(Qt::TabFocus);
    return button;
}

} // namespace

MessageCard::MessageCard(QWidget *parent)
    : QFrame(parent)
{
    setObjectName(QStringLiteral("messageCard"));
    setFrameShape(QFrame::StyledPanel);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 6, 8, 8);
    layout->setSpacing(4);

    auto *header = new QHBoxLayout;
    header->setSpacing(4);
    m_role = new QComboBox(this);
    m_role->setObjectName(QStringLiteral("rolePicker"));
    m_role->addItem(tr("System"), QStringLiteral("system"));
    m_role->addItem(tr("User"), QStringLiteral("user"));
    m_role->addItem(tr("Assistant"), QStringLiteral("assistant"));
    m_role->setToolTip(tr("Who says this message"));
    m_role->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    header->addWidget(m_role);
    header->addStretch(1);
    m_up = cardButton(QStringLiteral("↑"), tr("Move up"), this);
    m_down = cardButton(QStringLiteral("↓"), tr("Move down"), this);
    auto *remove = cardButton(QStringLiteral("✕"), tr("Remove this message"), this);
    header->addWidget(m_up);
    header->addWidget(m_down);
    header->addWidget(remove);
    layout->addLayout(header);

    PromptEditorConfig config;
    config.fitToContent = true;
    config.ownUndo = false;
    m_editor = new PromptEditor(config, this);
    m_editor->setLexer(new TemplateLexer(m_editor));
    m_editor->indicatorDefine(QsciScintilla::SquiggleIndicator, kErrorIndicator);
    m_editor->setIndicatorForegroundColor(QColor(0xd9, 0x30, 0x25), kErrorIndicator);
    m_editor->setAnnotationDisplay(QsciScintilla::AnnotationBoxed);
    m_editor->setMinimumHeight(40);
    layout->addWidget(m_editor);

    connect(m_role, &QComboBox::currentIndexChanged, this, [this] {
        if (!m_loading)
            emit roleEdited(m_role->currentData().toString());
    });
    connect(m_editor, &QsciScintilla::textChanged, this, [this] {
        if (!m_loading)
            emit textEdited(m_editor->text());
    });
    connect(m_up, &QToolButton::clicked, this, &MessageCard::moveUpRequested);
    connect(m_down, &QToolButton::clicked, this, &MessageCard::moveDownRequested);
    connect(remove, &QToolButton::clicked, this, &MessageCard::removeRequested);
}

bool MessageCard::showMessage(const model::Message &message)
{
    const QScopedValueRollback loading(m_loading, true);
    const QString role = QString::fromStdString(message.role);
    int index = m_role->findData(role);
    if (index < 0) {
        // "tool" and any other role stay as they are, shown but not offered for new messages.
        m_role->addItem(role.isEmpty() ? tr("(none)") : role, role);
        index = m_role->count() - 1;
    }
    m_role->setCurrentIndex(index);

    const QString text = QString::fromStdString(message.content);
    const QString shown = m_editor->text();
    if (text == shown)
        return false;
    // The cursor goes where the texts first differ: where the undone edit was.
    qsizetype at = 0;
    while (at < text.size() && at < shown.size() && text[at] == shown[at])
        ++at;
    m_editor->setText(text);
    const int position = int(m_editor->SendScintilla(
        QsciScintilla::SCI_POSITIONRELATIVE, 0, long(QStringView(text).left(at).toUcs4().size())));
    m_editor->SendScintilla(QsciScintilla::SCI_GOTOPOS, position);
    return true;
}

void MessageCard::setMoveEnabled(bool up, bool down)
{
    m_up->setEnabled(up);
    m_down->setEnabled(down);
}

void MessageCard::showError(int line, int column, const QString &text)
{
    // Re-applied on every check: the text (and the fitted height) may have changed since.
    clearError();
    m_error = text;
    const int lineIndex = qBound(0, line - 1, qMax(0, m_editor->lines() - 1));
    const int lineLength = int(m_editor->text(lineIndex).remove(QLatin1Char('\n')).size());
    const int from = qBound(0, column - 1, lineLength);
    m_editor->fillIndicatorRange(
        lineIndex, from, lineIndex, qMax(from + 2, lineLength), kErrorIndicator);
    // The annotation style is set each time: a lexer refresh may have reset it.
    m_editor->SendScintilla(
        QsciScintilla::SCI_STYLESETFORE, kErrorAnnotationStyle, QColor(0xa8, 0x1f, 0x16));
    m_editor->SendScintilla(
        QsciScintilla::SCI_STYLESETBACK, kErrorAnnotationStyle, QColor(0xfd, 0xec, 0xea));
    m_editor->annotate(lineIndex, QStringLiteral("⚠ ") + text, kErrorAnnotationStyle);
    setToolTip(text);
    // The annotation adds a line below the text; let the card grow to show it.
    m_editor->setFixedHeight(m_editor->contentHeight()
        + int(m_editor->SendScintilla(QsciScintilla::SCI_TEXTHEIGHT, 0)) + 6);
}

void MessageCard::clearError()
{
    if (m_error.isEmpty())
        return;
    m_error.clear();
    m_editor->clearIndicatorRange(0, 0, m_editor->lines(), 0, kErrorIndicator);
    m_editor->clearAnnotations();
    setToolTip(QString());
    m_editor->setFixedHeight(m_editor->contentHeight());
}

} // namespace ps::widgets
