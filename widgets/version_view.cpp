#include "version_view.h"

#include "prompt_editor.h"

#include <QFrame>
#include <QLabel>
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

    auto *editor = new PromptEditor(PromptEditorConfig{.readOnly = true, .lineNumbers = true}, card);
    editor->setText(QString::fromStdString(message.content));
    editor->setMinimumHeight(editor->contentHeight());
    editor->setMaximumHeight(qMax(editor->contentHeight(), 60));
    layout->addWidget(editor);
    return card;
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
    if (!content.examples.empty())
        parts << VersionView::tr("%n example(s), %1 mode", nullptr, int(content.examples.size()))
                     .arg(QString::fromUtf8(model::toString(content.examplesMode)));
    return parts.join(QStringLiteral(" · "));
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

void VersionView::showVersion(const store::VersionRecord &version)
{
    clearCards();
    QString labels;
    for (const std::string &label : version.labels)
        labels += QStringLiteral("  ⬤ ") + QString::fromStdString(label);
    m_title->setText(QStringLiteral("%1 · v%2%3").arg(QString::fromStdString(version.promptName))
                         .arg(version.number)
                         .arg(labels));
    QString subtitle = QStringLiteral("“%1” — %2 · %3")
                           .arg(QString::fromStdString(version.message),
                                QString::fromStdString(version.author),
                                QString::fromStdString(version.created));
    const QString params = paramsSummary(version.content);
    if (!params.isEmpty())
        subtitle += QStringLiteral("\n") + params;
    m_subtitle->setText(subtitle);
    for (const model::Message &message : version.content.messages)
        m_cards->addWidget(messageCard(message, widget()));
}

void VersionView::showEmptyState(const QString &text)
{
    clearCards();
    m_title->setText(text);
    m_subtitle->clear();
}

} // namespace ps::widgets
