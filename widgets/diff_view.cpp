#include "diff_view.h"

#include <QFontDatabase>
#include <QLabel>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace ps::widgets {

namespace {

using diff::ChangeKind;

QString html(const std::string &text)
{
    return QString::fromStdString(text).toHtmlEscaped();
}


// Removed words struck through on red, added ones on green: readable in light and dark.
QString words(const std::vector<diff::WordSpan> &spans)
{
    QString out;
    for (const diff::WordSpan &span : spans) {
        if (span.kind == ChangeKind::Removed)
            out += QStringLiteral("<span style='background:rgba(220,60,50,0.28);"
                                  "text-decoration:line-through;'>%1</span>")
                       .arg(html(span.text));
        else if (span.kind == ChangeKind::Added)
            out += QStringLiteral("<span style='background:rgba(40,170,80,0.30);'>%1</span>")
                       .arg(html(span.text));
        else
            out += html(span.text);
    }
    return out;
}

QString lineHtml(const diff::LineChange &line)
{
    switch (line.kind) {
    case ChangeKind::Same:
        return QStringLiteral("&nbsp;&nbsp;") + html(line.newText);
    case ChangeKind::Added:
        return QStringLiteral("<span style='background:rgba(40,170,80,0.30);'>+ %1</span>")
            .arg(html(line.newText));
    case ChangeKind::Removed:
        return QStringLiteral("<span style='background:rgba(220,60,50,0.28);'>− %1</span>")
            .arg(html(line.oldText));
    case ChangeKind::Changed:
        return QStringLiteral("~ ") + words(line.words);
    }
    return {};
}

QString roleTitle(const std::string &role)
{
    QString title = QString::fromStdString(role);
    if (!title.isEmpty())
        title[0] = title[0].toUpper();
    return title;
}

QString kindWord(ChangeKind kind)
{
    switch (kind) {
    case ChangeKind::Added:
        return QObject::tr("added");
    case ChangeKind::Removed:
        return QObject::tr("removed");
    case ChangeKind::Changed:
        return QObject::tr("changed");
    case ChangeKind::Same:
        break;
    }
    return QObject::tr("unchanged");
}

QString valueTable(const QString &heading, const std::vector<diff::ValueChange> &changes)
{
    QString out = QStringLiteral("<h4>%1</h4><table cellpadding='3'>"
                                 "<tr><th align='left'></th><th align='left'>%2</th>"
                                 "<th align='left'>%3</th></tr>")
                      .arg(heading, QObject::tr("before"), QObject::tr("after"));
    for (const diff::ValueChange &change : changes)
        out += QStringLiteral("<tr><td><b>%1</b></td><td>%2</td><td>%3</td></tr>")
                   .arg(html(change.key), html(diff::valueText(change.before)),
                       html(diff::valueText(change.after)));
    return out + QStringLiteral("</table>");
}

} // namespace

DiffView::DiffView(QWidget *parent)
    : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    m_title = new QLabel(this);
    m_title->setObjectName(QStringLiteral("diffTitle"));
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    layout->addWidget(m_title);
    m_text = new QTextBrowser(this);
    m_text->setObjectName(QStringLiteral("diffText"));
    m_text->setAccessibleName(tr("Differences between the two versions"));
    m_text->setFrameShape(QFrame::NoFrame);
    layout->addWidget(m_text, 1);
}

void DiffView::showDiff(const QString &title, const diff::VersionDiff &diff)
{
    m_title->setText(title);
    if (diff.identical()) {
        m_text->setHtml(tr("<p>The two versions are the same.</p>"));
        return;
    }
    const QString mono = QFontDatabase::systemFont(QFontDatabase::FixedFont).family();
    QString out;
    for (const diff::MessageDiff &message : diff.messages) {
        const QString role = roleTitle(message.newIndex >= 0 ? message.newRole : message.oldRole);
        const QString roleChange = message.kind == ChangeKind::Changed && message.oldRole != message.newRole
            ? tr(" (was %1)").arg(roleTitle(message.oldRole))
            : QString();
        out += QStringLiteral("<h4>%1%2 · %3</h4>").arg(role, roleChange, kindWord(message.kind));
        if (message.kind == ChangeKind::Same)
            continue;
        out += QStringLiteral("<div style='font-family:\"%1\"; white-space:pre-wrap;'>").arg(mono);
        for (const diff::LineChange &line : message.lines)
            out += lineHtml(line) + QStringLiteral("<br/>");
        out += QStringLiteral("</div>");
    }
    if (!diff.params.empty())
        out += valueTable(tr("Parameters"), diff.params);
    if (!diff.variables.empty())
        out += valueTable(tr("Variables"), diff.variables);
    if (diff.oldExamplesMode != diff.newExamplesMode)
        out += tr("<h4>Examples mode</h4><p>%1 → %2</p>")
                   .arg(html(diff.oldExamplesMode), html(diff.newExamplesMode));
    if (!diff.examples.empty()) {
        int added = 0;
        int removed = 0;
        int changed = 0;
        for (const diff::ExampleChange &example : diff.examples) {
            added += example.kind == ChangeKind::Added;
            removed += example.kind == ChangeKind::Removed;
            changed += example.kind == ChangeKind::Changed;
        }
        out += tr("<h4>Examples: %1 added, %2 removed, %3 changed</h4><ul>")
                   .arg(added)
                   .arg(removed)
                   .arg(changed);
        for (const diff::ExampleChange &example : diff.examples)
            out += QStringLiteral("<li>%1: %2</li>").arg(kindWord(example.kind), html(example.summary));
        out += QStringLiteral("</ul>");
    }
    m_text->setHtml(out);
}

QString DiffView::title() const
{
    return m_title->text();
}

QString DiffView::plainText() const
{
    return m_text->toPlainText();
}

} // namespace ps::widgets
