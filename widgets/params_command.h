#pragma once

#include "model/version_content.h"

#include <QUndoCommand>

// The undoable edit of a prompt's parameters (sampling, response format, tools), pushed by
// PromptDocument.
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

} // namespace ps::widgets
