#pragma once

#include "model/version_content.h"

#include <QUndoCommand>

// The undoable edits of a prompt's parameters (sampling, response format, tools) and of its
// few-shot examples, pushed by PromptDocument.
namespace ps::widgets {

class PromptDocument;

// Replaces the parameters. Consecutive edits of one field (typing a number, a schema) merge
// into one step until the document's typing run ends.
class SetParamsCommand final : public QUndoCommand
{
public:
    static constexpr int kId = 2;

    SetParamsCommand(PromptDocument *document, model::Params params, int field, const QString &text);
    void redo() override;
    void undo() override;
    int id() const override { return kId; }
    bool mergeWith(const QUndoCommand *other) override;

private:
    void apply(const model::Params &params);

    PromptDocument *m_document;
    model::Params m_before;
    model::Params m_after;
    int m_field;
    int m_run;
    bool m_pushed = false;
};

// Replaces the few-shot examples and the way they enter the prompt: one step per edit (a cell,
// a move, an import of 200).
class SetExamplesCommand final : public QUndoCommand
{
public:
    SetExamplesCommand(PromptDocument *document, std::vector<model::Example> examples,
        model::ExamplesMode mode, const QString &text);
    void redo() override;
    void undo() override;

private:
    void apply(const std::vector<model::Example> &examples, model::ExamplesMode mode);

    PromptDocument *m_document;
    std::vector<model::Example> m_before;
    std::vector<model::Example> m_after;
    model::ExamplesMode m_modeBefore;
    model::ExamplesMode m_modeAfter;
};

} // namespace ps::widgets
