#include "prompt_workbench.h"

#include "conversation_editor.h"
#include "examples_model.h"
#include "examples_panel.h"
#include "history_list.h"
#include "history_panel.h"
#include "parameters_panel.h"
#include "image_thumbnails.h"
#include "preview_panel.h"
#include "prompt_editor.h"
#include "variables_panel.h"
#include "version_view.h"

#include "template/prompt_renderer.h"

#include <QAction>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QPushButton>
#include <QSplitter>
#include <QTabWidget>
#include <QUndoStack>
#include <QVBoxLayout>

namespace ps::widgets {

namespace {
constexpr int kAnalyseDelayMs = 150; // after the last keystroke: fast enough to feel live
} // namespace

PromptWorkbench::PromptWorkbench(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("promptWorkbench"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);

    // What to do next when no prompt is open: a sentence, and the action that does it.
    m_empty = new QWidget(this);
    auto *emptyLayout = new QVBoxLayout(m_empty);
    emptyLayout->addStretch(1);
    m_emptyText = new QLabel(m_empty);
    m_emptyText->setAlignment(Qt::AlignCenter);
    m_emptyText->setWordWrap(true);
    m_emptyText->setObjectName(QStringLiteral("emptyState"));
    emptyLayout->addWidget(m_emptyText);
    m_emptyButton = new QPushButton(m_empty);
    m_emptyButton->setObjectName(QStringLiteral("emptyStateButton"));
    m_emptyButton->hide();
    emptyLayout->addWidget(m_emptyButton, 0, Qt::AlignHCenter);
    emptyLayout->addStretch(1);
    layout->addWidget(m_empty, 1);

    m_body = new QWidget(this);
    auto *body = new QVBoxLayout(m_body);
    body->setContentsMargins(0, 0, 0, 0);
    body->setSpacing(0);
    auto *header = new QWidget(m_body);
    header->setObjectName(QStringLiteral("workbenchHeader"));
    auto *headerLayout = new QHBoxLayout(header);
    headerLayout->setContentsMargins(16, 10, 16, 8);
    auto *titles = new QVBoxLayout;
    titles->setSpacing(2);
    m_title = new QLabel(header);
    m_title->setObjectName(QStringLiteral("promptTitle"));
    m_state = new QLabel(header);
    m_state->setObjectName(QStringLiteral("promptState"));
    titles->addWidget(m_title);
    titles->addWidget(m_state);
    headerLayout->addLayout(titles, 1);
    auto *save = new QPushButton(tr("Save Version…"), header);
    save->setObjectName(QStringLiteral("saveVersionButton"));
    save->setToolTip(tr("Save the editor as a new version (Ctrl+S)"));
    headerLayout->addWidget(save, 0, Qt::AlignVCenter);
    connect(save, &QPushButton::clicked, this, &PromptWorkbench::saveRequested);
    body->addWidget(header);

    m_document = new PromptDocument(this);
    m_conversation = new ConversationEditor(m_document, m_body);
    m_thumbnails = new ImageThumbnails(this);
    m_conversation->setThumbnails(m_thumbnails);
    m_tabs = new QTabWidget(m_body);
    m_tabs->setDocumentMode(true);
    m_variables = new VariablesPanel(m_tabs);
    m_preview = new PreviewPanel(m_tabs);
    m_parameters = new ParametersPanel(m_tabs);
    m_examples = new ExamplesPanel(m_document, m_tabs);
    m_examples->model()->setThumbnails(m_thumbnails);
    m_tabs->addTab(m_variables, tr("Variables"));
    m_tabs->addTab(m_examples, tr("Examples"));
    m_tabs->addTab(m_parameters, tr("Parameters"));
    m_tabs->addTab(m_preview, tr("Preview"));
    m_historyPanel = new HistoryPanel(m_tabs);
    m_history = m_historyPanel->list();
    m_tabs->addTab(m_historyPanel, tr("History"));

    m_splitter = new QSplitter(Qt::Vertical, m_body);
    m_splitter->setObjectName(QStringLiteral("editorSplitter"));
    m_splitter->addWidget(m_conversation);
    m_splitter->addWidget(m_tabs);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 2);
    m_splitter->setChildrenCollapsible(false);
    m_splitter->setSizes({540, 260});
    body->addWidget(m_splitter, 1);
    layout->addWidget(m_body, 1);
    m_body->hide();

    m_analyseTimer.setSingleShot(true);
    m_analyseTimer.setInterval(kAnalyseDelayMs);
    connect(&m_analyseTimer, &QTimer::timeout, this, &PromptWorkbench::analyse);
    connect(m_document, &PromptDocument::contentChanged, this, [this] {
        m_analyseTimer.start();
        emit contentEdited();
    });
    // The tab edits the document; the document, also on undo, is what the tab shows.
    connect(m_parameters, &ParametersPanel::paramsEdited, this,
        [this](const model::Params &params, int field, const QString &what) {
            m_document->setParams(params, field, what);
        });
    const auto showParams = [this] { m_parameters->showParams(m_document->content().params); };
    connect(m_document, &PromptDocument::loaded, this, showParams);
    connect(m_document, &PromptDocument::paramsChanged, this, showParams);
    connect(m_variables, &VariablesPanel::valuesChanged, this, [this] {
        m_analyseTimer.start();
        emit valuesEdited();
    });
    connect(m_historyPanel, &HistoryPanel::versionActivated, this, &PromptWorkbench::versionActivated);
}

void PromptWorkbench::showPrompt(const QString &name, const model::VersionContent &content,
    PromptDocument::Origin origin, const nlohmann::json &values)
{
    m_name = name;
    m_title->setText(name);
    m_document->load(content, origin);
    m_variables->setValues(values);
    m_empty->hide();
    m_body->show();
    analyse();
}

void PromptWorkbench::showEmptyState(const QString &text, QAction *action)
{
    m_name.clear();
    // Nothing is open, so there is nothing to undo either.
    m_document->load({}, PromptDocument::Origin::SavedVersion);
    m_emptyText->setText(text);
    disconnect(m_emptyButton, &QPushButton::clicked, nullptr, nullptr);
    m_emptyButton->setVisible(action != nullptr);
    if (action) {
        m_emptyButton->setText(action->text().remove(QLatin1Char('&')));
        m_emptyButton->setToolTip(action->toolTip());
        connect(m_emptyButton, &QPushButton::clicked, action, &QAction::trigger);
    }
    m_body->hide();
    m_empty->show();
}

QString PromptWorkbench::unsavableReason() const
{
    return m_name.isEmpty() ? QString() : m_parameters->problem();
}

void PromptWorkbench::showParameters()
{
    m_tabs->setCurrentWidget(m_parameters);
}

QString PromptWorkbench::emptyStateText() const
{
    return m_empty->isHidden() ? QString() : m_emptyText->text();
}

void PromptWorkbench::setState(const QString &text)
{
    m_state->setText(text);
}

void PromptWorkbench::setHistory(const std::vector<model::VersionRecord> &versions)
{
    m_historyPanel->setVersions(versions);
}

nlohmann::json PromptWorkbench::values() const
{
    return m_variables->values();
}

nlohmann::json PromptWorkbench::allValues() const
{
    return m_variables->allValues();
}

void PromptWorkbench::setCountingModels(const std::vector<std::string> &models)
{
    if (models == m_countingModels)
        return;
    m_countingModels = models;
    if (!m_name.isEmpty())
        analyse();
}

void PromptWorkbench::analyse()
{
    m_analyseTimer.stop();
    const model::VersionContent &current = content();
    try {
        const std::vector<std::string> names = tmpl::discoverVariables(current);
        QStringList list;
        for (const std::string &name : names)
            list << QString::fromStdString(name);
        QMap<QString, QString> defaults;
        for (const model::Variable &variable : current.variables)
            if (!variable.defaultValue.empty())
                defaults.insert(QString::fromStdString(variable.name),
                    QString::fromStdString(variable.defaultValue));
        m_conversation->clearErrors();
        m_variables->setVariables(list, defaults);
        m_examples->setVariables(list);
        const tmpl::RenderedPrompt rendered = tmpl::renderPrompt(current, m_variables->values());
        const std::string tools = current.params.tools.empty() ? std::string() : current.params.tools.dump();
        const std::vector<tokens::ModelsCount> counts = tokens::countForModels(rendered.messages, m_countingModels, tools);
        m_preview->showPrompt(rendered, counts);
        // What the examples add, counted as the Preview's first figure: the prompt as sent, less
        // the same prompt without them.
        model::VersionContent bare = current;
        bare.examples.clear();
        const std::optional<tokens::Encoding> encoding = counts.front().count.encoding;
        const tokens::TokenCount without
            = tokens::countRendered(tmpl::renderPrompt(bare, m_variables->values()).messages, encoding, tools);
        m_examples->setSummary(counts.front().count.tokens - without.tokens,
            encoding ? QString::fromUtf8(tokens::encodingName(*encoding).data()) : QString());
        m_preview->setParamsSummary(ParametersPanel::summary(current.params));
    } catch (const tmpl::PromptTemplateError &error) {
        // The variables list keeps its last good state while the user finishes a tag.
        m_conversation->showError(error.messageIndex(), error.line(), error.column(),
            QString::fromStdString(error.reason()));
        m_preview->showError(tr("Message %1, %2")
                                 .arg(error.messageIndex() + 1)
                                 .arg(QString::fromStdString(error.what())));
    } catch (const std::exception &error) {
        m_preview->showError(QString::fromStdString(error.what()));
    }
}

void PromptWorkbench::addEditActions(QMenu *menu)
{
    QUndoStack *history = m_document->history();
    QAction *undo = history->createUndoAction(menu, tr("&Undo"));
    undo->setShortcuts(undoShortcuts());
    QAction *redo = history->createRedoAction(menu, tr("&Redo"));
    redo->setShortcuts(redoShortcuts());
    menu->addAction(undo);
    menu->addAction(redo);
    menu->addSeparator();
    menu->addAction(tr("&Find…"), QKeySequence::Find, this, [this] { m_conversation->openFind(false); });
    menu->addAction(tr("Find and &Replace…"), QKeySequence(Qt::CTRL | Qt::Key_H), this,
        [this] { m_conversation->openFind(true); });
    for (QAction *action : menu->actions())
        action->setShortcutContext(Qt::WindowShortcut);
}

} // namespace ps::widgets
