#include "json_text_editor.h"

#include "util/json_depth.h"

#include <QFontDatabase>
#include <QLabel>
#include <QPlainTextEdit>
#include <QTextBlock>
#include <QVBoxLayout>

namespace ps::widgets {

JsonTextEditor::JsonTextEditor(Check check, const QString &valid, const QString &empty,
    bool emptyIsValid, QWidget *parent)
    : QWidget(parent)
    , m_check(std::move(check))
    , m_valid(valid)
    , m_empty(empty)
    , m_emptyIsValid(emptyIsValid)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    m_editor = new QPlainTextEdit(this);
    m_editor->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_editor->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_editor->setTabChangesFocus(true);
    layout->addWidget(m_editor, 1);
    m_status = new QLabel(this);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_status);
    connect(m_editor, &QPlainTextEdit::textChanged, this, [this] { recheck(!m_showing); });
    recheck(false);
}

QString JsonTextEditor::text() const
{
    return m_editor->toPlainText();
}

void JsonTextEditor::setJson(const nlohmann::json &value)
{
    const nlohmann::json typed = text().trimmed().isEmpty()
        ? nlohmann::json()
        : util::parseJsonOrDiscarded(text().toStdString());
    if (!typed.is_discarded() && typed == value && m_problem.isEmpty())
        return;
    m_showing = true;
    m_editor->setPlainText(value.is_null() ? QString() : QString::fromStdString(value.dump(2)));
    m_showing = false;
    recheck(false);
}

void JsonTextEditor::recheck(bool typed)
{
    const std::string utf8 = text().toStdString();
    m_editor->setExtraSelections({});
    if (text().trimmed().isEmpty()) {
        m_problem = m_emptyIsValid ? QString() : m_empty;
        m_status->setText(m_emptyIsValid ? m_empty : QStringLiteral("✗ ") + m_empty);
        if (typed && m_emptyIsValid)
            emit validJsonEdited(nlohmann::json());
        return;
    }
    const std::optional<eval::TextProblem> found = m_check(utf8);
    if (found) {
        m_problem = tr("line %1, column %2: %3")
                        .arg(found->position.line)
                        .arg(found->position.column)
                        .arg(QString::fromStdString(found->message));
        m_status->setText(QStringLiteral("✗ ") + m_problem);
        m_status->setStyleSheet(QStringLiteral("color: #c8402e;")); // readable on light and dark
        markAt(found->position);
        return;
    }
    m_problem.clear();
    m_status->setStyleSheet(QString());
    m_status->setText(m_valid);
    if (typed)
        emit validJsonEdited(util::parseJson(utf8));
}

void JsonTextEditor::markAt(const util::TextPosition &position)
{
    const QTextBlock block = m_editor->document()->findBlockByNumber(position.line - 1);
    if (!block.isValid())
        return;
    // The column counts UTF-8 bytes; the editor counts UTF-16 units.
    const QString text = block.text();
    const QByteArray line = text.toUtf8();
    const int start = int(QString::fromUtf8(line.left(position.column - 1)).size());
    // The token the problem is at: a quoted string whole, else up to the next delimiter.
    int end = start + 1;
    if (start < text.size() && text[start] == QLatin1Char('"')) {
        while (end < text.size() && text[end] != QLatin1Char('"'))
            end += text[end] == QLatin1Char('\\') ? 2 : 1;
        ++end;
    } else {
        while (end < text.size() && !QStringLiteral(",}] ").contains(text[end]))
            ++end;
    }
    QTextEdit::ExtraSelection mark;
    mark.cursor = QTextCursor(block);
    mark.cursor.setPosition(block.position() + std::min(start, int(text.size())));
    mark.cursor.setPosition(block.position() + std::min(end, int(text.size())),
        QTextCursor::KeepAnchor);
    mark.format.setUnderlineStyle(QTextCharFormat::SpellCheckUnderline);
    mark.format.setUnderlineColor(QColor(0xd0, 0x30, 0x30));
    m_editor->setExtraSelections({mark});
}

} // namespace ps::widgets
