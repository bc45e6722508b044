#pragma once

#include "template/prompt_renderer.h"

#include <QWidget>

class QLabel;
class QTextBrowser;

// The Preview tab: the rendered messages exactly as they will be sent, with a token estimate.
namespace ps::widgets {

class PreviewPanel final : public QWidget
{
    Q_OBJECT
public:
    explicit PreviewPanel(QWidget *parent = nullptr);

    void showPrompt(const tmpl::RenderedPrompt &prompt);
    // "Sent with temperature 0 · max tokens 256 · …", or "" for the providers' defaults.
    void setParamsSummary(const QString &text);
    QString paramsSummary() const;
    // The prompt cannot be rendered (a template error): say why instead.
    void showError(const QString &text);

    // The rendered text as shown (roles and contents), for copying and tests.
    QString plainText() const;
    QString estimateText() const;

    // ~4 characters per token: a rough figure, labelled as an estimate wherever it is shown.
    static int estimateTokens(const tmpl::RenderedPrompt &prompt);

private:
    QLabel *m_estimate = nullptr;
    QLabel *m_missing = nullptr;
    QLabel *m_params = nullptr;
    QTextBrowser *m_text = nullptr;
};

} // namespace ps::widgets
