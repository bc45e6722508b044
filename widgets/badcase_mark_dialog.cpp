#include "badcase_mark_dialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPainter>
#include <QPixmap>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QShortcut>
#include <QVBoxLayout>

namespace ps::widgets {

QIcon tagSwatch(const QString &colour, const QColor &fallback)
{
    QPixmap pixmap(12, 12);
    pixmap.fill(Qt::transparent);
    const QColor fill = QColor::isValidColorName(colour) ? QColor(colour) : fallback;
    if (fill.isValid()) {
        QPainter painter(&pixmap);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setPen(Qt::NoPen);
        painter.setBrush(fill);
        painter.drawEllipse(1, 1, 10, 10);
    }
    return QIcon(pixmap);
}

BadcaseMarkDialog::BadcaseMarkDialog(const QList<TagChoice> &tags, const QString &answer, QWidget *parent)
    : QDialog(parent)
    , m_tags(new QListWidget(this))
    , m_note(new QLineEdit(this))
    , m_corrected(new QPlainTextEdit(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
    , m_answer(answer)
{
    setObjectName(QStringLiteral("badcaseMarkDialog"));
    setWindowTitle(tr("Mark Answer Bad"));
    auto *intro = new QLabel(tr("What is wrong with it? The bad case keeps the request, the "
                                "variable values and this answer, so it can become a regression "
                                "case. Keys 1–9 tick a tag."),
        this);
    intro->setWordWrap(true);

    for (int i = 0; i < tags.size(); ++i) {
        const TagChoice &tag = tags[i];
        const QString shortcut = i < 9 ? QStringLiteral("%1  ").arg(i + 1) : QStringLiteral("    ");
        auto *item = new QListWidgetItem(tagSwatch(tag.colour, palette().color(QPalette::Mid)),
            tag.description.isEmpty() ? shortcut + tag.name
                                      : QStringLiteral("%1%2 — %3").arg(shortcut, tag.name, tag.description),
            m_tags);
        item->setData(Qt::UserRole, tag.name);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable | Qt::ItemIsSelectable);
        item->setCheckState(Qt::Unchecked);
        item->setToolTip(tag.description);
    }
    // Definitions wrap rather than hide behind a scroll bar.
    m_tags->setWordWrap(true);
    m_tags->setResizeMode(QListView::Adjust);
    m_tags->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_tags->setAccessibleName(tr("Tags"));
    m_tags->setAccessibleDescription(tr("Space or a digit ticks a tag"));
    m_tags->setCurrentRow(0);
    if (tags.isEmpty()) {
        auto *none = new QListWidgetItem(tr("The project has no tags yet: add them in the Bad Cases tab "
                                            "or with `promptsmith-cli tag add`."),
            m_tags);
        none->setFlags(Qt::NoItemFlags);
    }

    m_note->setPlaceholderText(tr("optional: what it got wrong, in a sentence"));
    m_note->setAccessibleName(tr("Note"));
    m_corrected->setPlaceholderText(tr("optional: the answer it should have given — it becomes the "
                                       "expected output of a regression case and fine-tuning data"));
    m_corrected->setAccessibleName(tr("Corrected answer"));
    m_corrected->setTabChangesFocus(true);
    auto *fromAnswer = new QPushButton(tr("Start from the &answer"), this);
    fromAnswer->setToolTip(tr("Copy the answer here to edit it into the right one"));
    fromAnswer->setEnabled(!answer.isEmpty());
    connect(fromAnswer, &QPushButton::clicked, this, [this] {
        m_corrected->setPlainText(m_answer);
        m_corrected->setFocus();
    });

    auto *correctedField = new QWidget(this); // a widget, so the label's mnemonic reaches the edit
    auto *correctedBox = new QVBoxLayout(correctedField);
    correctedBox->setContentsMargins(0, 0, 0, 0);
    correctedBox->addWidget(m_corrected);
    correctedBox->addWidget(fromAnswer, 0, Qt::AlignLeft);

    auto *form = new QFormLayout;
    form->addRow(tr("&Tags:"), m_tags);
    form->addRow(tr("&Note:"), m_note);
    auto *correctedLabel = new QLabel(tr("&Corrected:"), this);
    correctedLabel->setBuddy(m_corrected);
    form->addRow(correctedLabel, correctedField);

    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Mark Bad"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form, 1);
    layout->addWidget(m_buttons);
    resize(680, 540);
    m_tags->installEventFilter(this);
    // Ctrl+Enter marks it from anywhere in the dialog, the corrected answer included.
    for (const QKeySequence &keys : {QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter)})
        connect(new QShortcut(keys, this), &QShortcut::activated, this, &QDialog::accept);
}

QStringList BadcaseMarkDialog::tags() const
{
    QStringList checked;
    for (int i = 0; i < m_tags->count(); ++i)
        if (m_tags->item(i)->checkState() == Qt::Checked)
            checked << m_tags->item(i)->data(Qt::UserRole).toString();
    return checked;
}

QString BadcaseMarkDialog::note() const
{
    return m_note->text().trimmed();
}

QString BadcaseMarkDialog::corrected() const
{
    return m_corrected->toPlainText().trimmed().isEmpty() ? QString() : m_corrected->toPlainText();
}

void BadcaseMarkDialog::showEvent(QShowEvent *event)
{
    QDialog::showEvent(event);
    // The tags first, whatever QDialog would focus: the digits tick them at once.
    m_tags->setFocus();
}

bool BadcaseMarkDialog::eventFilter(QObject *watched, QEvent *event)
{
    // Digits tick tags while the list has the focus (they are text everywhere else).
    if (watched == m_tags && event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        const int digit = key->key() - Qt::Key_1;
        if (key->modifiers() == Qt::NoModifier && digit >= 0 && digit < 9 && digit < m_tags->count()
            && (m_tags->item(digit)->flags() & Qt::ItemIsUserCheckable)) {
            QListWidgetItem *item = m_tags->item(digit);
            item->setCheckState(item->checkState() == Qt::Checked ? Qt::Unchecked : Qt::Checked);
            m_tags->setCurrentItem(item);
            return true;
        }
    }
    return QDialog::eventFilter(watched, event);
}

} // namespace ps::widgets
