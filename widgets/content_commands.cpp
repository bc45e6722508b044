#include "content_commands.h"

#include "prompt_document.h"

#include <utility>

namespace ps::widgets {

SetParamsCommand::SetParamsCommand(
    PromptDocument *document, model::Params params, int field, const QString &text)
    : m_document(document)
    , m_before(document->m_content.params)
    , m_after(std::move(params))
    , m_field(field)
    , m_run(document->m_typingRun)
{
    setText(text);
}

void SetParamsCommand::redo()
{
    if (m_pushed)
        m_document->endTyping(); // a redo is not typing: the next edit is a step of its own
    m_pushed = true;
    apply(m_after);
}

void SetParamsCommand::undo()
{
    m_document->endTyping();
    apply(m_before);
}

bool SetParamsCommand::mergeWith(const QUndoCommand *other)
{
    const auto *next = static_cast<const SetParamsCommand *>(other);
    if (next->m_field != m_field || next->m_run != m_run)
        return false;
    m_after = next->m_after;
    setObsolete(m_after == m_before);
    return true;
}

void SetParamsCommand::apply(const model::Params &params)
{
    m_document->m_content.params = params;
    emit m_document->paramsChanged();
    emit m_document->contentChanged();
}

SetExamplesCommand::SetExamplesCommand(PromptDocument *document,
    std::vector<model::Example> examples, model::ExamplesMode mode, const QString &text)
    : m_document(document)
    , m_before(document->m_content.examples)
    , m_after(std::move(examples))
    , m_modeBefore(document->m_content.examplesMode)
    , m_modeAfter(mode)
{
    setText(text);
}

void SetExamplesCommand::redo()
{
    apply(m_after, m_modeAfter);
}

void SetExamplesCommand::undo()
{
    m_document->endTyping();
    apply(m_before, m_modeBefore);
}

void SetExamplesCommand::apply(const std::vector<model::Example> &examples, model::ExamplesMode mode)
{
    m_document->m_content.examples = examples;
    m_document->m_content.examplesMode = mode;
    emit m_document->examplesChanged();
    emit m_document->contentChanged();
}

} // namespace ps::widgets
