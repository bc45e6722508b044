#include "find_replace_bar.h"

#include <Qsci/qsciscintilla.h>

#include <QCheckBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QToolButton>

namespace ps::widgets {

FindReplaceBar::FindReplaceBar(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("findReplaceBar"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 4, 8, 4);
    layout->setSpacing(4);

    auto *findRow = new QHBoxLayout;
    m_find = new QLineEdit(this);
    m_find->setObjectName(QStringLiteral("findField"));
    m_find->setAccessibleName(tr("Find"));
    m_find->setPlaceholderText(tr("Find"));
    m_find->setClearButtonEnabled(true);
    auto *previous = new QPushButton(tr("Previous"), this);
    auto *next = new QPushButton(tr("Next"), this);
    next->setToolTip(tr("Find next (Enter)"));
    m_case = new QCheckBox(tr("Match case"), this);
    m_result = new QLabel(this);
    m_result->setForegroundRole(QPalette::PlaceholderText);
    auto *close = new QToolButton(this);
    close->setText(QStringLiteral("✕"));
    close->setAutoRaise(true);
    close->setToolTip(tr("Close (Esc)"));
    findRow->addWidget(m_find, 1);
    findRow->addWidget(previous);
    findRow->addWidget(next);
    findRow->addWidget(m_case);
    findRow->addWidget(m_result);
    findRow->addWidget(close);
    layout->addLayout(findRow);

    m_replaceRow = new QWidget(this);
    auto *replaceRow = new QHBoxLayout(m_replaceRow);
    replaceRow->setContentsMargins(0, 0, 0, 0);
    m_replace = new QLineEdit(m_replaceRow);
    m_replace->setAccessibleName(tr("Replace with"));
    m_replace->setPlaceholderText(tr("Replace with"));
    // Esc here closes the bar first, before the window's Esc (stop the runs) sees it.
    m_find->installEventFilter(this);
    m_replace->installEventFilter(this);
    auto *replace = new QPushButton(tr("Replace"), m_replaceRow);
    auto *all = new QPushButton(tr("Replace all"), m_replaceRow);
    replaceRow->addWidget(m_replace, 1);
    replaceRow->addWidget(replace);
    replaceRow->addWidget(all);
    layout->addWidget(m_replaceRow);

    connect(m_find, &QLineEdit::returnPressed, this, [this] { findNext(true); });
    connect(m_replace, &QLineEdit::returnPressed, this, &FindReplaceBar::replaceOne);
    connect(next, &QPushButton::clicked, this, [this] { findNext(true); });
    connect(previous, &QPushButton::clicked, this, [this] { findNext(false); });
    connect(replace, &QPushButton::clicked, this, &FindReplaceBar::replaceOne);
    connect(all, &QPushButton::clicked, this, &FindReplaceBar::replaceAll);
    connect(close, &QToolButton::clicked, this, &QWidget::hide);
    hide();
}

void FindReplaceBar::setEditor(QsciScintilla *editor)
{
    m_editor = editor;
}

void FindReplaceBar::open(bool withReplace)
{
    m_replaceRow->setVisible(withReplace);
    show();
    if (m_editor && m_editor->hasSelectedText() && !m_editor->selectedText().contains(u'\n'))
        m_find->setText(m_editor->selectedText());
    m_find->setFocus();
    m_find->selectAll();
}

bool FindReplaceBar::findNext(bool forward)
{
    if (!m_editor || m_find->text().isEmpty())
        return false;
    int line = 0;
    int index = 0;
    int lineTo = 0;
    int indexTo = 0;
    // Backwards starts before the current match, else it would find the same one again.
    m_editor->getSelection(&line, &index, &lineTo, &indexTo);
    if (!m_editor->hasSelectedText())
        m_editor->getCursorPosition(&line, &index);
    else if (forward) {
        line = lineTo;
        index = indexTo;
    }
    const bool found = m_editor->findFirst(
        m_find->text(), false, m_case->isChecked(), false, true, forward, line, index);
    m_result->setText(found ? QString() : tr("Not found"));
    return found;
}

void FindReplaceBar::replaceOne()
{
    if (!m_editor)
        return;
    if (m_editor->hasSelectedText()
        && m_editor->selectedText().compare(
               m_find->text(), m_case->isChecked() ? Qt::CaseSensitive : Qt::CaseInsensitive)
            == 0)
        m_editor->replaceSelectedText(m_replace->text());
    findNext(true);
}

int FindReplaceBar::replaceAll()
{
    if (!m_editor || m_find->text().isEmpty())
        return 0;
    // One undo step for the whole replacement.
    m_editor->beginUndoAction();
    int count = 0;
    bool found
        = m_editor->findFirst(m_find->text(), false, m_case->isChecked(), false, false, true, 0, 0);
    while (found) {
        m_editor->replace(m_replace->text());
        ++count;
        found = m_editor->findNext();
    }
    m_editor->endUndoAction();
    m_result->setText(tr("%n replaced", nullptr, count));
    return count;
}

bool FindReplaceBar::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::ShortcutOverride
        && static_cast<QKeyEvent *>(event)->key() == Qt::Key_Escape) {
        event->accept(); // the key press comes to keyPressEvent, not to a shortcut
        return true;
    }
    return QWidget::eventFilter(watched, event);
}

void FindReplaceBar::keyPressEvent(QKeyEvent *event)
{
    if (event->key() == Qt::Key_Escape) {
        hide();
        if (m_editor)
            m_editor->setFocus();
        return;
    }
    QWidget::keyPressEvent(event);
}

} // namespace ps::widgets
