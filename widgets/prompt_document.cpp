#include "prompt_document.h"

#include "message_commands.h"
#include "content_commands.h"

#include <algorithm>

namespace ps::widgets {

PromptDocument::PromptDocument(QObject *parent)
    : QObject(parent)
{
    connect(&m_history, &QUndoStack::cleanChanged, this,
        [this](bool clean) { emit draftChanged(!clean); });
}

void PromptDocument::load(const model::VersionContent &content, Origin origin)
{
    m_history.clear();
    if (origin == Origin::UnsavedDraft)
        m_history.resetClean();
    m_content = content;
    ++m_typingRun;
    emit loaded();
    emit draftChanged(isDraft());
}

void PromptDocument::addMessage(std::size_t index, const model::Message &message)
{
    m_history.push(new InsertMessageCommand(this, std::min(index, messages().size()), message));
}

void PromptDocument::removeMessage(std::size_t index)
{
    if (index < messages().size())
        m_history.push(new RemoveMessageCommand(this, index));
}

void PromptDocument::moveMessage(std::size_t from, std::size_t to)
{
    if (from != to && from < messages().size() && to < messages().size())
        m_history.push(new MoveMessageCommand(this, from, to));
}

void PromptDocument::setRole(std::size_t index, const std::string &role)
{
    if (index < messages().size() && messages()[index].role != role)
        m_history.push(new SetRoleCommand(this, index, role));
}

void PromptDocument::editText(std::size_t index, const std::string &text)
{
    if (index < messages().size() && messages()[index].content != text)
        m_history.push(new EditTextCommand(this, index, text));
}

void PromptDocument::setImages(std::size_t index, std::vector<model::ImageRef> images, const QString &what)
{
    if (index < messages().size() && messages()[index].images != images)
        m_history.push(new SetImagesCommand(this, index, std::move(images), what));
}

void PromptDocument::setParams(const model::Params &params, int field, const QString &what)
{
    if (params != m_content.params)
        m_history.push(new SetParamsCommand(this, params, field, what));
}

void PromptDocument::setExamples(
    std::vector<model::Example> examples, model::ExamplesMode mode, const QString &what)
{
    if (examples != m_content.examples || mode != m_content.examplesMode)
        m_history.push(new SetExamplesCommand(this, std::move(examples), mode, what));
}

} // namespace ps::widgets
