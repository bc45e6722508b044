#pragma once

#include "template/prompt_renderer.h"
#include "tokens/token_count.h"

#include <QWidget>

class QLabel;
class QTextBrowser;

// The Preview tab: the rendered messages exactly as they will be sent, with their tokens for the
// panes' models (exact where the model's encoding is public, else an estimate said as one).
namespace ps::widgets {

class PreviewPanel final : public QWidget
{
    Q_OBJECT
public:
    explicit PreviewPanel(QWidget *parent = nullptr);

    void showPrompt(const tmpl::RenderedPrompt &prompt, const std::vector<tokens::ModelsCount> &counts);
    // "Sent with temperature 0 · max tokens 256 · …", or "" for the providers' defaults.
    void setParamsSummary(const QString &text);
    QString paramsSummary() const;
    // The prompt cannot be rendered (a template error): say why instead.
    void showError(const QString &text);

    // The rendered text as shown (roles and contents), for copying and tests.
    QString plainText() const;
    QString estimateText() const;

    // "1,234 tokens (o200k_base: gpt-4o)", "≈ 1,310 tokens (estimate: claude-sonnet-4-5)".
    static QString countText(const tokens::ModelsCount &count);

private:
    QLabel *m_estimate = nullptr;
    QLabel *m_missing = nullptr;
    QLabel *m_params = nullptr;
    QTextBrowser *m_text = nullptr;
};

} // namespace ps::widgets
