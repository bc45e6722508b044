#pragma once

#include <Qsci/qsciscintilla.h>

// A QScintilla editor configured for prompt templates: monospace, wrapped, line numbers.
namespace ps::widgets {

struct PromptEditorConfig
{
    bool readOnly = false;
    bool lineNumbers = true;
    bool wrap = true;
    bool fitToContent = false; // grow to show every line (message cards), never scroll inside
};

class PromptEditor final : public QsciScintilla
{
    Q_OBJECT
public:
    explicit PromptEditor(const PromptEditorConfig &config = {}, QWidget *parent = nullptr);

    // The height that shows every (wrapped) line without scrolling.
    int contentHeight() const;

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    void fitHeight();
    bool m_fitToContent = false;
};

} // namespace ps::widgets
