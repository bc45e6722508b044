#include "error_banner.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QPushButton>
#include <QStyle>
#include <QVBoxLayout>

namespace ps::widgets {

QString categoryTitle(const QString &category)
{
    static const std::pair<const char *, const char *> titles[] = {
        {"auth", QT_TR_NOOP("Authentication failed")},
        {"rate_limit", QT_TR_NOOP("Rate limited")},
        {"overloaded", QT_TR_NOOP("Provider overloaded")},
        {"context_length", QT_TR_NOOP("Prompt too long for the model")},
        {"content_filter", QT_TR_NOOP("Blocked by the content filter")},
        {"bad_request", QT_TR_NOOP("Request refused")},
        {"not_found", QT_TR_NOOP("Not found")},
        {"server", QT_TR_NOOP("Provider error")},
        {"network", QT_TR_NOOP("Network error")},
        {"timeout", QT_TR_NOOP("Timed out")},
        {"bad_response", QT_TR_NOOP("Unreadable reply")},
        {"cancelled", QT_TR_NOOP("Stopped")},
        {"template", QT_TR_NOOP("Template error")},
        {"content", QT_TR_NOOP("Invalid parameters")},
    };
    for (const auto &[key, title] : titles) {
        if (category == QLatin1String(key))
            return QObject::tr(title);
    }
    return QObject::tr("Error");
}

ErrorBanner::ErrorBanner(QWidget *parent)
    : QFrame(parent)
    , m_icon(new QLabel(this))
    , m_title(new QLabel(this))
    , m_message(new QLabel(this))
    , m_retry(new QPushButton(tr("Retry"), this))
{
    setObjectName(QStringLiteral("errorBanner"));
    setAutoFillBackground(false);

    const int iconSize = style()->pixelMetric(QStyle::PM_SmallIconSize);
    m_icon->setPixmap(style()->standardIcon(QStyle::SP_MessageBoxCritical).pixmap(iconSize));
    m_icon->setAlignment(Qt::AlignTop);
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    m_title->setWordWrap(true);
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->setTextFormat(Qt::PlainText);
    m_retry->setIcon(style()->standardIcon(QStyle::SP_BrowserReload));
    m_retry->setToolTip(tr("Send the same request again"));
    connect(m_retry, &QPushButton::clicked, this, &ErrorBanner::retryRequested);

    auto *text = new QVBoxLayout;
    text->setSpacing(2);
    text->addWidget(m_title);
    text->addWidget(m_message);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->setSpacing(8);
    layout->addWidget(m_icon, 0, Qt::AlignTop);
    layout->addLayout(text, 1);
    layout->addWidget(m_retry, 0, Qt::AlignTop);
    applyColours();
}

void ErrorBanner::showError(const AnswerError &error)
{
    m_error = error;
    QString title = categoryTitle(error.category);
    QString detail = error.category;
    if (error.status > 0)
        detail += QStringLiteral(" · HTTP %1").arg(error.status);
    m_title->setText(title + QStringLiteral("  ") + QStringLiteral("(%1)").arg(detail));
    m_message->setText(error.message);
    m_message->setVisible(!error.message.isEmpty());
}

QString ErrorBanner::title() const
{
    return m_title->text();
}

QString ErrorBanner::message() const
{
    return m_message->text();
}

void ErrorBanner::changeEvent(QEvent *event)
{
    QFrame::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        applyColours();
}

void ErrorBanner::applyColours()
{
    // A red tint over the pane's own base colour, so it reads in light and dark themes alike.
    const bool dark = palette().color(QPalette::Base).lightness() < 128;
    m_red = dark ? QColor(0xef, 0x53, 0x50) : QColor(0xc6, 0x28, 0x28);
    m_fill = m_red;
    m_fill.setAlphaF(dark ? 0.22F : 0.10F);
    QPalette titlePalette = m_title->palette();
    titlePalette.setColor(QPalette::WindowText, m_red);
    m_title->setPalette(titlePalette);
    update();
}

void ErrorBanner::paintEvent(QPaintEvent *)
{
    // Painted, not style-sheeted: a style sheet per pane makes creating panes slow.
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(QPen(m_red, 1));
    painter.setBrush(m_fill);
    painter.drawRoundedRect(QRectF(rect()).adjusted(0.5, 0.5, -0.5, -0.5), 6, 6);
}

} // namespace ps::widgets
