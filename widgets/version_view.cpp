#include "version_view.h"

#include "label_chip_delegate.h"
#include "prompt_editor.h"

#include <QDateTime>
#include <QFrame>
#include <QLabel>
#include <QLocale>
#include <QVBoxLayout>

namespace ps::widgets {

namespace {

QString roleTitle(const std::string &role)
{
    QString title = QString::fromStdString(role);
    if (!title.isEmpty())
        title[0] = title[0].toUpper();
    return title;
}

QWidget *messageCard(const model::Message &message, QWidget *parent)
{
    auto *card = new QFrame(parent);
    card->setFrameShape(QFrame::StyledPanel);
    card->setObjectName(QStringLiteral("messageCard"));
    auto *layout = new QVBoxLayout(card);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->setSpacing(4);
    auto *role = new QLabel(roleTitle(message.role), card);
    QFont bold = role->font();
    bold.setBold(true);
    role->setFont(bold);
    layout->addWidget(role);

    PromptEditorConfig config;
    config.readOnly = true;
    config.fitToContent = true;
    auto *editor = new PromptEditor(config, card);
    editor->setText(QString::fromStdString(message.content));
    layout->addWidget(editor);
    return card;
}

// "2026-11-29T10:42:00Z" as the user reads dates, in local time.
QString friendlyTime(const std::string &iso)
{
    const QDateTime time = QDateTime::fromString(QString::fromStdString(iso), Qt::ISODate);
    if (!time.isValid())
        return QString::fromStdString(iso);
    return QLocale().toString(time.toLocalTime(), QLocale::ShortFormat);
}

QString paramsSummary(const model::VersionContent &content)
{
    QStringList parts;
    const auto &p = content.params;
    if (p.temperature)
        parts << QStringLiteral("temperature %1").arg(*p.temperature);
    if (p.topP)
        parts << QStringLiteral("top_p %1").arg(*p.topP);
    if (p.maxTokens)
        parts << QStringLiteral("max_tokens %1").arg(*p.maxTokens);
    if (p.seed)
        parts << QStringLiteral("seed %1").arg(*p.seed);
    return parts.join(QStringLiteral(" · "));
}

// The few-shot examples as a compact table: input values, then the ideal output.
QWidget *examplesCard(const model::VersionContent &content, QWidget *parent)
{
    auto *card = new QFrame(parent);
    card->setFrameShape(QFrame::StyledPanel);
    auto *layout = new QVBoxLayout(card);
    layout->setContentsMargins(8, 8, 8, 8);
    const int count = int(content.examples.size());
    auto *title = new QLabel(VersionView::tr("Examples · %1 · %2 mode")
                                 .arg(count == 1 ? VersionView::tr("1 example")
                                                 : VersionView::tr("%1 examples").arg(count))
                                 .arg(QString::fromUtf8(model::toString(content.examplesMode))),
        card);
    QFont bold = title->font();
    bold.setBold(true);
    title->setFont(bold);
    layout->addWidget(title);

    const QString muted = card->palette().color(QPalette::PlaceholderText).name();
    QString html = QStringLiteral("<table cellspacing='0' cellpadding='3' width='100%'>");
    for (const model::Example &example : content.examples) {
        QStringList inputs;
        for (const auto &[name, value] : example.input.items()) {
            const QString text = QString::fromStdString(
                value.is_string() ? value.get<std::string>() : value.dump());
            inputs << QStringLiteral("<span style='color:%1'>%2</span>&nbsp;&nbsp;%3")
                          .arg(muted, QString::fromStdString(name).toHtmlEscaped(),
                              text.toHtmlEscaped());
        }
        html += QStringLiteral("<tr><td>%1</td><td width='30%'>→ <b>%2</b>%3</td></tr>")
                    .arg(inputs.join(QStringLiteral("<br>")),
                        QString::fromStdString(example.output).toHtmlEscaped(),
                        example.enabled ? QString() : VersionView::tr(" (disabled)"));
    }
    html += QStringLiteral("</table>");
    auto *table = new QLabel(html, card);
    table->setTextFormat(Qt::RichText);
    table->setWordWrap(true);
    table->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(table);
    return card;
}

QString labelChipsHtml(const std::vector<std::string> &labels)
{
    QString html;
    for (const std::string &label : labels) {
        const QString name = QString::fromStdString(label);
        html += QStringLiteral("&nbsp;&nbsp;<span style='color:%1'>⬤</span>&nbsp;%2")
                    .arg(LabelChipDelegate::colorFor(name).name(), name.toHtmlEscaped());
    }
    return html;
}

} // namespace

VersionView::VersionView(QWidget *parent)
    : QScrollArea(parent)
{
    auto *page = new QWidget(this);
    auto *layout = new QVBoxLayout(page);
    layout->setContentsMargins(16, 16, 16, 16);
    layout->setSpacing(8);
    m_title = new QLabel(page);
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.3);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_title->setTextFormat(Qt::RichText);
    m_subtitle = new QLabel(page);
    m_subtitle->setWordWrap(true);
    m_subtitle->setForegroundRole(QPalette::PlaceholderText);
    layout->addWidget(m_title);
    layout->addWidget(m_subtitle);
    m_cards = new QVBoxLayout;
    m_cards->setSpacing(8);
    layout->addLayout(m_cards);
    layout->addStretch(1);
    setWidget(page);
    setWidgetResizable(true);
    setFrameShape(QFrame::NoFrame);
}

void VersionView::clearCards()
{
    while (QLayoutItem *item = m_cards->takeAt(0)) {
        delete item->widget();
        delete item;
    }
}

void VersionView::showVersion(const model::VersionRecord &version)
{
    clearCards();
    m_title->setText(QStringLiteral("%1 · v%2%3")
                         .arg(QString::fromStdString(version.promptName).toHtmlEscaped())
                         .arg(version.number)
                         .arg(labelChipsHtml(version.labels)));
    QString subtitle
        = QStringLiteral("“%1” — %2 · %3")
              .arg(QString::fromStdString(version.message), QString::fromStdString(version.author),
                  friendlyTime(version.created));
    const QString params = paramsSummary(version.content);
    if (!params.isEmpty())
        subtitle += QStringLiteral("\n") + params;
    m_subtitle->setText(subtitle);
    for (const model::Message &message : version.content.messages)
        m_cards->addWidget(messageCard(message, widget()));
    if (!version.content.examples.empty())
        m_cards->addWidget(examplesCard(version.content, widget()));
}

void VersionView::showEmptyState(const QString &text)
{
    clearCards();
    m_title->setText(text.toHtmlEscaped());
    m_subtitle->clear();
}

} // namespace ps::widgets
