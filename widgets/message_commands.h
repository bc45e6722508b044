#pragma once

#include "model/version_content.h"

#include <QUndoCommand>

#include <cstddef>
#include <string>

// The undoable edits of a prompt's messages, pushed by PromptDocument.
namespace ps::widgets {

class PromptDocument;

// What every message edit shares: access to the document's content and its change signals.
class MessageCommand : public QUndoCommand
{
public:
    MessageCommand(PromptDocument *document, const QString &text);

protected:
    std::vector<model::Message> &messages();
    void insertAt(std::size_t index, const model::Message &message);
    model::Message takeAt(std::size_t index);
    void move(std::size_t from, std::size_t to);
    void changed(std::size_t index);
    // Typing after an undo or a redo starts a new step instead of joining an older one.
    void breakTyping();
    int typingRun() const;

private:
    PromptDocument *m_document;
};

class InsertMessageCommand final : public MessageCommand
{
public:
    InsertMessageCommand(PromptDocument *document, std::size_t index, model::Message message);
    void redo() override;
    void undo() override;

private:
    std::size_t m_index;
    model::Message m_message;
};

class RemoveMessageCommand final : public MessageCommand
{
public:
    RemoveMessageCommand(PromptDocument *document, std::size_t index);
    void redo() override;
    void undo() override;

private:
    std::size_t m_index;
    model::Message m_message; // what redo took, for undo to put back
};

class MoveMessageCommand final : public MessageCommand
{
public:
    MoveMessageCommand(PromptDocument *document, std::size_t from, std::size_t to);
    void redo() override;
    void undo() override;

private:
    std::size_t m_from;
    std::size_t m_to;
};

class SetRoleCommand final : public MessageCommand
{
public:
    SetRoleCommand(PromptDocument *document, std::size_t index, std::string role);
    void redo() override;
    void undo() override;

private:
    std::size_t m_index;
    std::string m_before;
    std::string m_after;
};

// Images added to or taken from one message: one step, named by `text`.
class SetImagesCommand final : public MessageCommand
{
public:
    SetImagesCommand(PromptDocument *document, std::size_t index, std::vector<model::ImageRef> images, const QString &text);
    void redo() override;
    void undo() override;

private:
    std::size_t m_index;
    std::vector<model::ImageRef> m_before;
    std::vector<model::ImageRef> m_after;
};

// One step of typing in one message: later keystrokes merge into it.
class EditTextCommand final : public MessageCommand
{
public:
    static constexpr int kId = 1;

    EditTextCommand(PromptDocument *document, std::size_t index, std::string text);
    void redo() override;
    void undo() override;
    int id() const override { return kId; }
    bool mergeWith(const QUndoCommand *other) override;

private:
    std::size_t m_index;
    std::string m_before;
    std::string m_after;
    int m_run;
    bool m_pushed = false;
};

} // namespace ps::widgets
