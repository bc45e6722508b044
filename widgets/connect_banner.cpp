#include "connect_banner.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QStyle>
#include <QToolButton>
#include <QVBoxLayout>

namespace ps::widgets {

ConnectBanner::ConnectBanner(QWidget *parent)
    : QFrame(parent)
{
    setObjectName(QStringLiteral("connectBanner"));
    setFrameShape(QFrame::StyledPanel);
    setAccessibleName(tr("Connect a model"));
    auto *title = new QLabel(tr("<b>Connect a model</b>"), this);
    auto *text = new QLabel(tr("The panes answer with the built-in echo provider, which repeats "
                               "the prompt. Pick a service to add its key, or a server on this "
                               "machine:"),
        this);
    text->setWordWrap(true);
    auto *close = new QToolButton(this);
    close->setIcon(style()->standardIcon(QStyle::SP_TitleBarCloseButton));
    close->setAutoRaise(true);
    close->setToolTip(tr("Not now (Settings ▸ Providers and Targets… is always there)"));
    close->setAccessibleName(tr("Dismiss"));
    connect(close, &QToolButton::clicked, this, [this] {
        hide();
        emit dismissed();
    });
    auto *top = new QHBoxLayout;
    top->addWidget(title, 1);
    top->addWidget(close, 0, Qt::AlignTop);

    m_buttons = new QHBoxLayout;
    m_buttons->setSpacing(6);
    for (const QString &name :
        {QStringLiteral("OpenAI"), QStringLiteral("Anthropic"), QStringLiteral("Google Gemini")}) {
        auto *button = new QPushButton(name, this);
        connect(button, &QPushButton::clicked, this, [this, name] { emit presetChosen(name); });
        m_buttons->addWidget(button);
    }
    auto *other = new QPushButton(tr("More…"), this);
    other->setToolTip(tr("DeepSeek, Qwen, OpenRouter, Groq, Together, Azure, vLLM, LM Studio…"));
    connect(other, &QPushButton::clicked, this, [this] { emit presetChosen(QString()); });
    m_buttons->addWidget(other);
    m_buttons->addStretch(1);

    m_found = new QLabel(this);
    m_found->setWordWrap(true);
    m_found->hide();

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 10, 12, 12);
    layout->addLayout(top);
    layout->addWidget(text);
    layout->addLayout(m_buttons);
    layout->addWidget(m_found);
}

void ConnectBanner::addLocalServer(const QString &presetName, int models)
{
    if (m_local.contains(presetName))
        return;
    m_local << presetName;
    auto *use = new QPushButton(tr("Use %1").arg(presetName), this);
    use->setObjectName(QStringLiteral("useLocal"));
    use->setToolTip(tr("%1 answers on this machine with %n models", nullptr, models).arg(presetName));
    connect(use, &QPushButton::clicked, this, [this, presetName] { emit presetChosen(presetName); });
    m_buttons->insertWidget(0, use);
    m_found->setText(tr("Found running here: %1.").arg(m_local.join(QStringLiteral(", "))));
    m_found->show();
}

} // namespace ps::widgets
