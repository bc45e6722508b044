#include "message_commands.h"

#include "prompt_document.h"

#include <QCoreApplication>

#include <utility>

namespace ps::widgets {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("ps::widgets::MessageCommand", text);
}

QString numbered(const char *text, std::size_t index)
{
    return tr(text).arg(index + 1);
}

} // namespace

MessageCommand::MessageCommand(PromptDocument *document, const QString &text)
    : m_document(document)
{
    setText(text);
}

std::vector<model::Message> &MessageCommand::messages()
{
    return m_document->m_content.messages;
}

void MessageCommand::insertAt(std::size_t index, const model::Message &message)
{
    messages().insert(messages().begin() + std::ptrdiff_t(index), message);
    emit m_document->messageInserted(int(index));
    emit m_document->contentChanged();
}

model::Message MessageCommand::takeAt(std::size_t index)
{
    model::Message message = std::move(messages().at(index));
    messages().erase(messages().begin() + std::ptrdiff_t(index));
    emit m_document->messageRemoved(int(index));
    emit m_document->contentChanged();
    return message;
}

void MessageCommand::move(std::size_t from, std::size_t to)
{
    model::Message message = std::move(messages().at(from));
    messages().erase(messages().begin() + std::ptrdiff_t(from));
    messages().insert(messages().begin() + std::ptrdiff_t(to), std::move(message));
    emit m_document->messageMoved(int(from), int(to));
    emit m_document->contentChanged();
}

void MessageCommand::changed(std::size_t index)
{
    emit m_document->messageChanged(int(index));
    emit m_document->contentChanged();
}

void MessageCommand::breakTyping()
{
    m_document->endTyping();
}

int MessageCommand::typingRun() const
{
    return m_document->m_typingRun;
}

InsertMessageCommand::InsertMessageCommand(
    PromptDocument *document, std::size_t index, model::Message message)
    : MessageCommand(document, numbered("Add message %1", index))
    , m_index(index)
    , m_message(std::move(message))
{ }

void InsertMessageCommand::redo()
{
    insertAt(m_index, m_message);
}

void InsertMessageCommand::undo()
{
    breakTyping();
    m_message = takeAt(m_index);
}

RemoveMessageCommand::RemoveMessageCommand(PromptDocument *document, std::size_t index)
    : MessageCommand(document, numbered("Remove message %1", index))
    , m_index(index)
{ }

void RemoveMessageCommand::redo()
{
    m_message = takeAt(m_index);
}

void RemoveMessageCommand::undo()
{
    breakTyping();
    insertAt(m_index, m_message);
}

MoveMessageCommand::MoveMessageCommand(PromptDocument *document, std::size_t from, std::size_t to)
    : MessageCommand(document, numbered("Move message %1", from))
    , m_from(from)
    , m_to(to)
{ }

void MoveMessageCommand::redo()
{
    move(m_from, m_to);
}

void MoveMessageCommand::undo()
{
    breakTyping();
    move(m_to, m_from);
}

SetRoleCommand::SetRoleCommand(PromptDocument *document, std::size_t index, std::string role)
    : MessageCommand(document, numbered("Change the role of message %1", index))
    , m_index(index)
    , m_before(messages().at(index).role)
    , m_after(std::move(role))
{ }

void SetRoleCommand::redo()
{
    messages().at(m_index).role = m_after;
    changed(m_index);
}

void SetRoleCommand::undo()
{
    breakTyping();
    messages().at(m_index).role = m_before;
    changed(m_index);
}

SetImagesCommand::SetImagesCommand(
    PromptDocument *document, std::size_t index, std::vector<model::ImageRef> images, const QString &text)
    : MessageCommand(document, text)
    , m_index(index)
    , m_before(messages().at(index).images)
    , m_after(std::move(images))
{ }

void SetImagesCommand::redo()
{
    messages().at(m_index).images = m_after;
    changed(m_index);
}

void SetImagesCommand::undo()
{
    breakTyping();
    messages().at(m_index).images = m_before;
    changed(m_index);
}

EditTextCommand::EditTextCommand(PromptDocument *document, std::size_t index, std::string text)
    : MessageCommand(document, numbered("Typing in message %1", index))
    , m_index(index)
    , m_before(messages().at(index).content)
    , m_after(std::move(text))
    , m_run(typingRun())
{ }

void EditTextCommand::redo()
{
    if (m_pushed)
        breakTyping();
    m_pushed = true;
    messages().at(m_index).content = m_after;
    changed(m_index);
}

void EditTextCommand::undo()
{
    breakTyping();
    messages().at(m_index).content = m_before;
    changed(m_index);
}

bool EditTextCommand::mergeWith(const QUndoCommand *other)
{
    const auto *next = static_cast<const EditTextCommand *>(other);
    if (next->m_index != m_index || next->m_run != m_run)
        return false;
    m_after = next->m_after;
    // Typed and then erased again: nothing left to undo.
    setObsolete(m_after == m_before);
    return true;
}

} // namespace ps::widgets
