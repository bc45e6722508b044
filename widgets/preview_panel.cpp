#include "preview_panel.h"

#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace ps::widgets {

PreviewPanel::PreviewPanel(QWidget *parent)
    : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 8, 12, 8);
    layout->setSpacing(6);
    auto *header = new QHBoxLayout;
    m_estimate = new QLabel(this);
    m_estimate->setObjectName(QStringLiteral("tokenEstimate"));
    m_estimate->setToolTip(tr("Tokens as sent to the panes' models, with each message's overhead in the "
                              "chat format. Exact for OpenAI's models, whose encodings are public; for "
                              "other models an estimate of about four characters a token."));
    m_missing = new QLabel(this);
    m_missing->setObjectName(QStringLiteral("missingVariables"));
    m_missing->setWordWrap(true);
    header->addWidget(m_estimate);
    header->addStretch(1);
    header->addWidget(m_missing);
    layout->addLayout(header);
    m_params = new QLabel(this);
    m_params->setObjectName(QStringLiteral("paramsSummary"));
    m_params->setWordWrap(true);
    m_params->hide();
    layout->addWidget(m_params);
    m_text = new QTextBrowser(this);
    m_text->setOpenLinks(false);
    m_text->setFrameShape(QFrame::NoFrame);
    layout->addWidget(m_text, 1);
}

void PreviewPanel::setParamsSummary(const QString &text)
{
    m_params->setText(text);
    m_params->setVisible(!text.isEmpty());
}

QString PreviewPanel::paramsSummary() const
{
    return m_params->text();
}

QString PreviewPanel::countText(const tokens::ModelsCount &count)
{
    QStringList models;
    for (const std::string &model : count.models)
        models << QString::fromStdString(model);
    // Three names say which; more would push the line past the panel.
    if (models.size() > 3)
        models = models.mid(0, 2) << tr("%1 more").arg(models.size() - 2);
    const QString number = QLocale().toString(count.count.tokens);
    QString tokens = count.count.tokens == 1 ? tr("%1 token").arg(number) : tr("%1 tokens").arg(number);
    if (count.imageTokens > 0)
        tokens += tr(" (%1 for images)").arg(QLocale().toString(count.imageTokens));
    else if (!count.imagesCounted)
        tokens += tr(" + images");
    if (!count.count.encoding)
        return tr("≈ %1 (estimate: %2)").arg(tokens, models.join(QStringLiteral(", ")));
    const QString encoding = QString::fromUtf8(tokens::encodingName(*count.count.encoding).data());
    const QString source = models.isEmpty() ? encoding : tr("%1: %2").arg(encoding, models.join(QStringLiteral(", ")));
    if (!count.count.exact)
        return tr("≈ %1 (%2; partly estimated)").arg(tokens, source);
    return tr("%1 (%2)").arg(tokens, source);
}

void PreviewPanel::showPrompt(const tmpl::RenderedPrompt &prompt, const std::vector<tokens::ModelsCount> &counts)
{
    const QString mono = QFontDatabase::systemFont(QFontDatabase::FixedFont).family();
    const QString muted = palette().color(QPalette::PlaceholderText).name();
    QString html;
    for (const tmpl::RenderedMessage &message : prompt.messages) {
        QString role = QString::fromStdString(message.role);
        if (!role.isEmpty())
            role[0] = role[0].toUpper();
        html += QStringLiteral("<p style='margin-top:10px; margin-bottom:2px; color:%1;'>"
                               "<b>%2</b></p>")
                    .arg(muted, role.toHtmlEscaped());
        html += QStringLiteral("<div style='font-family:\"%1\"; white-space:pre-wrap;'>%2</div>")
                    .arg(mono, QString::fromStdString(message.content).toHtmlEscaped());
        for (const model::ImageRef &image : message.images) {
            QString line = image.url.empty()
                ? tr("Image: %1 %2×%3").arg(QString::fromStdString(image.mediaType)).arg(image.width).arg(image.height)
                : tr("Image: %1").arg(QString::fromStdString(image.url));
            if (!image.detail.empty())
                line += tr(" · %1 detail").arg(QString::fromStdString(image.detail));
            html += QStringLiteral("<div style='color:%1;'>🖼 %2</div>").arg(muted, line.toHtmlEscaped());
        }
    }
    m_text->setHtml(html);
    QStringList parts {prompt.messages.size() == 1 ? tr("1 message") : tr("%1 messages").arg(prompt.messages.size())};
    for (const tokens::ModelsCount &count : counts)
        parts << countText(count);
    m_estimate->setText(parts.join(QStringLiteral(" · ")));
    QStringList missing;
    for (const std::string &name : prompt.missingVariables)
        missing << QString::fromStdString(name);
    m_missing->setText(missing.isEmpty()
            ? QString()
            : tr("No value for %1 — it renders empty").arg(missing.join(QStringLiteral(", "))));
    m_missing->setStyleSheet(QStringLiteral("color: #b26a00;"));
}

void PreviewPanel::showError(const QString &text)
{
    m_text->setHtml(QStringLiteral("<p style='color:#c0392b;'>%1</p>").arg(text.toHtmlEscaped()));
    m_estimate->setText(tr("Cannot render the prompt"));
    m_missing->clear();
}

QString PreviewPanel::plainText() const
{
    return m_text->toPlainText();
}

QString PreviewPanel::estimateText() const
{
    return m_estimate->text();
}

} // namespace ps::widgets
