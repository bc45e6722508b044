#pragma once

#include <Qsci/qsciscintilla.h>

// A QScintilla editor configured for prompt templates: monospace, wrapped, line numbers.
namespace ps::widgets {

struct PromptEditorConfig
{
    bool readOnly = false;
    bool lineNumbers = true;
    bool wrap = true;
};

class PromptEditor final : public QsciScintilla
{
    Q_OBJECT
public:
    explicit PromptEditor(const PromptEditorConfig &config = {}, QWidget *parent = nullptr);

    // The height that shows every line without scrolling (for message cards).
    int contentHeight() const;
};

} // namespace ps::widgets
