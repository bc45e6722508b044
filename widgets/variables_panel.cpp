#include "variables_panel.h"

#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QGridLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QScrollArea>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace ps::widgets {

namespace {

struct FileRead
{
    QString text;
    QString error;
};

FileRead readText(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {{}, file.errorString()};
    return {QString::fromUtf8(file.readAll()), {}};
}

} // namespace

VariablesPanel::VariablesPanel(QWidget *parent)
    : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_empty = new QLabel(
        tr("No variables yet — type {{name}} in a message and it appears here."), this);
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setWordWrap(true);
    m_empty->setForegroundRole(QPalette::PlaceholderText);
    m_empty->setObjectName(QStringLiteral("emptyState"));
    layout->addWidget(m_empty);

    auto *scroll = new QScrollArea(this);
    m_scroll = scroll;
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidgetResizable(true);
    m_rows = new QWidget;
    auto *rowsLayout = new QVBoxLayout(m_rows);
    rowsLayout->setContentsMargins(12, 8, 12, 8);
    m_grid = new QGridLayout;
    m_grid->setHorizontalSpacing(12);
    m_grid->setVerticalSpacing(8);
    m_grid->setColumnStretch(1, 1);
    rowsLayout->addLayout(m_grid);
    rowsLayout->addStretch(1);
    scroll->setWidget(m_rows);
    layout->addWidget(scroll, 1);
    scroll->hide();
}

void VariablesPanel::setVariables(const QStringList &names, const QMap<QString, QString> &defaults)
{
    m_defaults = defaults;
    if (names == m_names && m_editors.size() == names.size()) {
        for (const QString &name : m_names)
            markDefault(name);
        return;
    }
    m_names = names;
    rebuild(defaults);
}

void VariablesPanel::markDefault(const QString &name)
{
    QPlainTextEdit *editor = m_editors.value(name);
    QLabel *label = m_labels.value(name);
    if (!editor || !label)
        return;
    const QString fallback = m_defaults.value(name);
    const bool showsDefault = editor->toPlainText().isEmpty() && !fallback.isEmpty();
    // A default is what will be sent: it reads as a value, in the text's own colour, marked as
    // the default; only an empty value looks empty.
    editor->setPlaceholderText(fallback.isEmpty() ? tr("(empty)") : fallback);
    QPalette palette = editor->palette();
    palette.setColor(QPalette::PlaceholderText,
        showsDefault ? this->palette().color(QPalette::Text)
                     : this->palette().color(QPalette::PlaceholderText));
    editor->setPalette(palette);
    editor->setToolTip(showsDefault ? tr("The prompt's default value, sent as it is; type to "
                                         "use another")
                                    : QString());
    label->setText(showsDefault ? name + QStringLiteral("\n") + tr("default") : name);
}

void VariablesPanel::rebuild(const QMap<QString, QString> &defaults)
{
    while (QLayoutItem *item = m_grid->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    m_editors.clear();
    m_labels.clear();
    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    int row = 0;
    for (const QString &name : m_names) {
        auto *label = new QLabel(name, m_rows);
        label->setFont(mono);
        label->setAlignment(Qt::AlignRight | Qt::AlignTop);
        label->setContentsMargins(0, 6, 0, 0);
        auto *editor = new QPlainTextEdit(m_rows);
        editor->setObjectName(QStringLiteral("value_") + name);
        editor->setPlaceholderText(defaults.value(name, tr("(empty)")));
        editor->setPlainText(m_values.value(name));
        editor->setTabChangesFocus(true);
        const int lineHeight = editor->fontMetrics().lineSpacing();
        editor->setMinimumHeight(lineHeight * 2 + 12);
        editor->setMaximumHeight(lineHeight * 6 + 12);
        auto *load = new QPushButton(tr("Load file…"), m_rows);
        load->setToolTip(tr("Use a text file as the value (long context documents)"));
        m_grid->addWidget(label, row, 0);
        m_grid->addWidget(editor, row, 1);
        m_grid->addWidget(load, row, 2, Qt::AlignTop);
        m_editors.insert(name, editor);
        m_labels.insert(name, label);
        markDefault(name);
        connect(editor, &QPlainTextEdit::textChanged, this, [this, name, editor] {
            m_values.insert(name, editor->toPlainText());
            markDefault(name);
            emit valuesChanged();
        });
        connect(load, &QPushButton::clicked, this, [this, name] {
            const QString path
                = QFileDialog::getOpenFileName(this, tr("Load %1 from a file").arg(name));
            if (!path.isEmpty())
                loadFile(name, path);
        });
        ++row;
    }
    m_scroll->setVisible(!m_names.isEmpty());
    m_empty->setVisible(m_names.isEmpty());
}

void VariablesPanel::setValues(const nlohmann::json &values)
{
    m_values.clear();
    if (values.is_object())
        for (const auto &[name, value] : values.items())
            m_values.insert(QString::fromStdString(name),
                QString::fromStdString(
                    value.is_string() ? value.get<std::string>() : value.dump()));
    for (auto it = m_editors.begin(); it != m_editors.end(); ++it) {
        const QSignalBlocker blocker(it.value());
        it.value()->setPlainText(m_values.value(it.key()));
        markDefault(it.key());
    }
}

nlohmann::json VariablesPanel::values() const
{
    nlohmann::json json = nlohmann::json::object();
    for (const QString &name : m_names) {
        const QString value = m_values.value(name);
        if (!value.isEmpty())
            json[name.toStdString()] = value.toStdString();
    }
    return json;
}

nlohmann::json VariablesPanel::allValues() const
{
    nlohmann::json json = nlohmann::json::object();
    for (auto it = m_values.begin(); it != m_values.end(); ++it)
        if (!it.value().isEmpty())
            json[it.key().toStdString()] = it.value().toStdString();
    return json;
}

QPlainTextEdit *VariablesPanel::valueEditor(const QString &name) const
{
    return m_editors.value(name);
}

void VariablesPanel::loadFile(const QString &name, const QString &path)
{
    auto *watcher = new QFutureWatcher<FileRead>(this);
    connect(watcher, &QFutureWatcher<FileRead>::finished, this, [this, watcher, name, path] {
        const FileRead read = watcher->result();
        watcher->deleteLater();
        if (!read.error.isEmpty()) {
            if (QPlainTextEdit *editor = m_editors.value(name))
                editor->setPlaceholderText(
                    tr("Cannot read %1: %2").arg(QFileInfo(path).fileName(), read.error));
            return;
        }
        m_values.insert(name, read.text);
        if (QPlainTextEdit *editor = m_editors.value(name)) {
            const QSignalBlocker blocker(editor);
            editor->setPlainText(read.text);
        }
        markDefault(name);
        emit valuesChanged();
        emit fileLoaded(name);
    });
    watcher->setFuture(QtConcurrent::run(readText, path));
}

} // namespace ps::widgets
