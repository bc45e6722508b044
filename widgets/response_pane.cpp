#include "response_pane.h"

#include "answer_view.h"
#include "follow_up_bar.h"
#include "turn_transcript.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPainter>
#include <QPushButton>
#include <QStandardItemModel>
#include <QStyle>
#include <QToolButton>
#include <QVBoxLayout>

namespace ps::widgets {

namespace {

QToolButton *toolButton(QWidget *parent, const QIcon &icon, const QString &text, const QString &tip)
{
    auto *button = new QToolButton(parent);
    button->setIcon(icon);
    button->setText(text);
    button->setToolTip(tip);
    button->setAutoRaise(true);
    button->setToolButtonStyle(Qt::ToolButtonIconOnly);
    return button;
}

// A model or target name short enough for one line; ids can be long (deployments, paths).
QString shortName(const QString &name)
{
    constexpr qsizetype limit = 48;
    return name.size() <= limit ? name : name.left(limit - 1) + QStringLiteral("…");
}

QIcon themed(const char *name, QStyle::StandardPixmap fallback, const QStyle *style)
{
    return QIcon::fromTheme(QString::fromLatin1(name), style->standardIcon(fallback));
}

} // namespace

ResponsePane::ResponsePane(int id, QWidget *parent)
    : QFrame(parent)
    , m_id(id)
    , m_target(new QComboBox(this))
    , m_version(new QComboBox(this))
    , m_banner(new ErrorBanner(this))
    , m_answer(new AnswerView(this))
    , m_metrics(new MetricsBar(this))
    , m_notes(new QLabel(this))
    , m_transcript(new TurnTranscript(this))
    , m_followUp(new FollowUpBar(this))
    , m_toolCalls(new ToolCallsBox(this))
{
    setObjectName(QStringLiteral("responsePane"));
    setMinimumWidth(220);
    const QStyle *st = style();

    m_target->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_target->setMinimumContentsLength(10);
    m_target->setToolTip(tr("The target this pane sends the prompt to"));
    m_target->setPlaceholderText(tr("No targets in this project"));
    connect(m_target, &QComboBox::currentIndexChanged, this, [this] {
        updateControls();
        emit targetChanged(m_id, targetId());
    });
    connect(m_target, &QComboBox::activated, this, [this] { emit targetChosen(targetId()); });
    m_target->setAccessibleName(tr("Target"));

    m_version->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_version->setMinimumContentsLength(10);
    m_version->setAccessibleName(tr("Version"));
    m_version->setToolTip(tr("The version of the prompt this pane sends, to the target chosen "
                             "above the panes"));
    m_version->setPlaceholderText(tr("No saved versions yet"));
    m_version->hide();
    connect(m_version, &QComboBox::currentIndexChanged, this, [this] {
        updateControls();
        emit versionChanged(m_id, versionKey());
    });

    m_run = toolButton(this, themed("media-playback-start", QStyle::SP_MediaPlay, st), tr("Run"),
        tr("Run this pane"));
    m_stop = toolButton(this, themed("media-playback-stop", QStyle::SP_MediaStop, st), tr("Stop"),
        tr("Stop this pane"));
    connect(m_run, &QToolButton::clicked, this, &ResponsePane::requestRun);
    connect(m_stop, &QToolButton::clicked, this, &ResponsePane::requestStop);

    auto *menu = new QMenu(this);
    m_markdown = menu->addAction(tr("Show as &Markdown"));
    m_markdown->setCheckable(true);
    m_markdown->setChecked(true);
    m_markdown->setToolTip(tr("Render the answer as Markdown; off shows the raw text"));
    connect(m_markdown, &QAction::toggled, this, [this](bool on) {
        m_answer->setFormat(on ? AnswerView::Format::Markdown : AnswerView::Format::Raw);
    });
    QAction *copy = menu->addAction(tr("&Copy answer"), this, &ResponsePane::copyAnswer);
    copy->setIcon(themed("edit-copy", QStyle::SP_DialogSaveButton, st));
    m_addAsExample = menu->addAction(tr("Add as &example…"), this,
        [this] { emit addAsExampleRequested(m_id); });
    m_addAsExample->setToolTip(tr("This answer, and the variable values it answered, as a few-shot "
                                  "example of the prompt (edit it first)"));
    m_addToDataset = menu->addAction(tr("Add to &dataset…"), this,
        [this] { emit addToDatasetRequested(m_id); });
    m_addToDataset->setToolTip(tr("The variable values this answered as a new case of a dataset, "
                                  "with this answer (edit it first) as its expected output"));
    m_confidence = menu->addAction(tr("Show token c&onfidence"));
    m_confidence->setCheckable(true);
    m_confidence->setToolTip(tr("Ask for each token's probability and shade the answer by how "
                                "sure the model was (the next run)"));
    connect(m_confidence, &QAction::toggled, this, [this](bool on) {
        m_answer->setShowConfidence(on);
        showNotes(m_shownNotes);
    });
    m_copyAsCode = menu->addAction(tr("Copy as c&ode…"), this,
        [this] { emit copyAsCodeRequested(m_id); });
    m_copyAsCode->setToolTip(tr("The exact request this pane sent, as curl, Python or "
                                "JavaScript, with the key read from its variable"));
    menu->addSeparator();
    m_remove = menu->addAction(tr("&Remove pane"), this, [this] { emit removeRequested(m_id); });
    m_menuButton = toolButton(this, themed("open-menu", QStyle::SP_TitleBarUnshadeButton, st),
        tr("More"), tr("Pane options"));
    m_menuButton->setMenu(menu);
    m_menuButton->setPopupMode(QToolButton::InstantPopup);

    auto *header = new QHBoxLayout;
    header->setSpacing(4);
    header->addWidget(m_target, 1);
    header->addWidget(m_version, 1);
    header->addWidget(m_run);
    header->addWidget(m_stop);
    header->addWidget(m_menuButton);

    m_banner->hide();
    connect(m_banner, &ErrorBanner::retryRequested, this, &ResponsePane::requestRun);

    m_answer->setPlaceholderText(tr("Press Run (Ctrl+Enter runs every pane) to send the prompt "
                                    "to this target. The answer streams in here."));

    m_copy = toolButton(this, themed("edit-copy", QStyle::SP_DialogSaveButton, st), tr("Copy"),
        tr("Copy the answer"));
    connect(m_copy, &QToolButton::clicked, this, &ResponsePane::copyAnswer);
    // Judging the answer: good keeps it for fine-tuning data, bad asks what is wrong with it.
    m_markGood = new QAction(themed("emblem-default", QStyle::SP_DialogApplyButton, st), tr("Good"), this);
    m_markGood->setToolTip(tr("Mark this answer good (Ctrl+Shift+G): kept as fine-tuning data"));
    m_markGood->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_G));
    m_markBad = new QAction(themed("dialog-error", QStyle::SP_DialogCancelButton, st), tr("Bad…"), this);
    m_markBad->setToolTip(tr("Mark this answer bad (Ctrl+Shift+B): tags, a note and the answer it "
                             "should have given"));
    m_markBad->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_B));
    for (QAction *action : {m_markGood, m_markBad}) {
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        addAction(action);
    }
    connect(m_markGood, &QAction::triggered, this, [this] { emit markGoodRequested(m_id); });
    connect(m_markBad, &QAction::triggered, this, [this] { emit markBadRequested(m_id); });
    const auto markButton = [this](QAction *action, const QString &name) {
        auto *button = new QToolButton(this);
        button->setDefaultAction(action);
        button->setToolButtonStyle(Qt::ToolButtonIconOnly);
        button->setAutoRaise(true);
        button->setAccessibleName(name);
        return button;
    };
    m_markGoodButton = markButton(m_markGood, tr("Mark good"));
    m_markBadButton = markButton(m_markBad, tr("Mark bad"));
    m_mark = new QLabel(this);
    m_mark->setObjectName(QStringLiteral("markNote"));
    m_mark->setTextFormat(Qt::PlainText);
    m_mark->setForegroundRole(QPalette::PlaceholderText);
    m_mark->setAccessibleName(tr("How the answer was judged"));
    m_mark->hide();
    auto *footer = new QHBoxLayout;
    footer->setSpacing(8);
    footer->addWidget(m_metrics, 1);
    footer->addWidget(m_mark, 0, Qt::AlignTop);
    footer->addWidget(m_markGoodButton, 0, Qt::AlignTop);
    footer->addWidget(m_markBadButton, 0, Qt::AlignTop);
    footer->addWidget(m_copy, 0, Qt::AlignTop);

    m_notes->setWordWrap(true);
    m_notes->setTextFormat(Qt::PlainText);
    QPalette muted = m_notes->palette();
    muted.setColor(QPalette::WindowText, muted.color(QPalette::PlaceholderText));
    m_notes->setPalette(muted);
    QFont small = m_notes->font();
    small.setPointSizeF(small.pointSizeF() * 0.9);
    m_notes->setFont(small);
    m_notes->hide();

    auto *rule = new QFrame(this);
    rule->setFrameShape(QFrame::HLine);
    rule->setFrameShadow(QFrame::Plain);
    rule->setForegroundRole(QPalette::Midlight);

    auto *layout = new QVBoxLayout(this);
    m_layout = layout;
    layout->setContentsMargins(8, 8, 8, 8);
    layout->setSpacing(8);
    layout->addLayout(header);
    m_stale = new QLabel(this);
    m_stale->setObjectName(QStringLiteral("staleNote"));
    m_stale->setWordWrap(true);
    m_stale->setForegroundRole(QPalette::PlaceholderText);
    m_stale->setToolTip(tr("Run again to answer the prompt as it is now"));
    m_stale->hide();
    layout->addWidget(m_banner);
    layout->addWidget(m_stale);
    layout->addWidget(m_transcript, 1); // earlier turns and the answer now share the height
    layout->addWidget(m_answer, 1);
    layout->addWidget(m_toolCalls);
    connect(m_toolCalls, &ToolCallsBox::resultsSubmitted, this,
        [this](const QList<QPair<QString, QString>> &results) {
            emit toolResultsRequested(m_id, results);
        });
    layout->addWidget(rule);
    layout->addLayout(footer);
    // A reply continues the conversation in this pane; the app runs it.
    connect(m_followUp, &FollowUpBar::replied, this,
        [this](const QString &text) { emit replyRequested(m_id, text); });
    connect(m_followUp, &FollowUpBar::keepRequested, this,
        [this] { emit keepConversationRequested(m_id); });
    connect(m_followUp, &FollowUpBar::clearRequested, this,
        [this] { emit clearConversationRequested(m_id); });
    layout->addWidget(m_followUp);
    layout->addWidget(m_notes);
    m_noPrice = new QLabel(this);
    m_noPrice->setObjectName(QStringLiteral("noPriceNote"));
    m_noPrice->setTextFormat(Qt::RichText);
    m_noPrice->setWordWrap(true);
    m_noPrice->hide();
    connect(m_noPrice, &QLabel::linkActivated, this, [this] { emit priceRequested(m_model); });
    layout->addWidget(m_noPrice);

    m_ticker.setInterval(100);
    connect(&m_ticker, &QTimer::timeout, this, &ResponsePane::tick);
    m_metrics->showProgress(tr("Not run yet"));
    updateControls();
}

void ResponsePane::setTargets(const QList<TargetChoice> &targets)
{
    const QString current = targetId();
    const QSignalBlocker blocker(m_target);
    m_target->clear();
    // Grouped by provider, whose key is said once in its heading; each target with its price.
    QString provider;
    int first = -1;
    for (const TargetChoice &target : targets) {
        if (target.provider != provider || m_target->count() == 0) {
            provider = target.provider;
            const QString heading = target.keyNote.isEmpty()
                ? provider
                : provider + QStringLiteral(" · ") + target.keyNote;
            m_target->addItem(heading);
            auto *model = qobject_cast<QStandardItemModel *>(m_target->model());
            QStandardItem *item = model->item(m_target->count() - 1);
            item->setFlags(Qt::NoItemFlags); // a heading, not a choice
            QFont bold = item->font();
            bold.setBold(true);
            item->setFont(bold);
        }
        const QString label = target.model.isEmpty() || target.model == target.id
            ? shortName(target.id)
            : shortName(target.id + QStringLiteral(" — ") + target.model);
        m_target->addItem(label, target.id);
        if (first < 0)
            first = m_target->count() - 1;
        m_target->setItemData(m_target->count() - 1,
            tr("Target %1: model %2 at provider %3 · %4")
                .arg(target.id, target.model, target.provider,
                    target.price.isEmpty() ? tr("no price known: its cost shows as —")
                                           : target.price),
            Qt::ToolTipRole);
    }
    const int index = m_target->findData(current);
    m_target->setCurrentIndex(index >= 0 ? index : first);
    updateControls();
}

QString ResponsePane::targetId() const
{
    return m_target->currentData().toString();
}

void ResponsePane::setTargetId(const QString &id)
{
    const int index = m_target->findData(id);
    if (index >= 0 || id.isEmpty())
        m_target->setCurrentIndex(index); // "": none yet
}

bool ResponsePane::canRun() const
{
    return !isRunning() && !targetId().isEmpty()
        && (!m_comparesVersions || !versionKey().isEmpty());
}

void ResponsePane::setComparesVersions(bool on)
{
    m_comparesVersions = on;
    m_target->setVisible(!on);
    m_version->setVisible(on);
    updateControls();
}

void ResponsePane::setVersionChoices(const QList<VersionChoice> &choices)
{
    const QString current = m_version->currentData().toString();
    const QSignalBlocker blocker(m_version);
    m_version->clear();
    for (const VersionChoice &choice : choices)
        m_version->addItem(choice.label, choice.key);
    m_version->setCurrentIndex(m_version->findData(current));
    updateControls();
}

QString ResponsePane::versionKey() const
{
    return m_comparesVersions ? m_version->currentData().toString() : QString();
}

QString ResponsePane::versionLabel() const
{
    return m_comparesVersions ? m_version->currentText() : QString();
}

void ResponsePane::setVersionKey(const QString &key)
{
    m_version->setCurrentIndex(m_version->findData(key));
}

void ResponsePane::setStale(const QString &why)
{
    m_stale->setText(QStringLiteral("⟲ ") + why);
    m_stale->setVisible(!why.isEmpty());
}

QString ResponsePane::staleText() const
{
    return m_stale->isHidden() ? QString() : m_stale->text().mid(2);
}

void ResponsePane::setRemovable(bool removable)
{
    m_remove->setEnabled(removable);
}

void ResponsePane::begin(const QString &model)
{
    m_model = model;
    m_gotText = false;
    m_lastCost.reset();
    setMark({});
    m_banner->hide();
    m_notes->hide();
    m_noConfidence.clear();
    m_shownNotes.clear();
    m_toolCalls->setCalls({});
    m_answer->show();
    m_noPrice->hide();
    m_answer->clearAnswer();
    m_clock.start();
    m_ticker.start();
    setState(State::Running);
    tick();
}

void ResponsePane::pushTurn(const QString &reply)
{
    // A turn that called tools shows the calls, as the model made them.
    QString answer = answerText();
    for (const PaneToolCall &call : m_toolCalls->calls())
        answer += QStringLiteral("\n\n")
            + tr("Called `%1(%2)`").arg(call.name, call.arguments.simplified());
    m_transcript->addTurn(answer, m_metrics->text(), reply);
    m_toolCalls->setCalls({});
    m_followUp->setReplies(m_transcript->turnCount());
}

void ResponsePane::clearConversation()
{
    m_transcript->clearTurns();
    m_toolCalls->setCalls({});
    m_answer->show();
    m_followUp->setReplies(0);
    m_answer->clearAnswer();
    m_banner->hide();
    m_notes->hide();
    m_noPrice->hide();
    m_lastCost.reset();
    m_metrics->showProgress(tr("Not run yet"));
    setState(State::Idle);
}

int ResponsePane::replies() const
{
    return m_transcript->turnCount();
}

void ResponsePane::appendText(const QString &text)
{
    if (m_state != State::Running || text.isEmpty())
        return;
    m_gotText = true;
    m_answer->appendStreamed(text);
}

void ResponsePane::discardText()
{
    if (m_state != State::Running)
        return;
    m_gotText = false;
    m_answer->clearAnswer();
}

void ResponsePane::finish(const PaneAnswer &answer)
{
    m_ticker.stop();
    m_model = answer.model.isEmpty() ? m_model : answer.model;
    m_answer->finishAnswer(answer.text);
    m_answer->setTokens(answer.tokens);
    m_toolCalls->setCalls(answer.error ? QList<PaneToolCall>() : answer.toolCalls);
    // An answer that only calls tools has no text: the calls take the answer's place.
    const bool onlyCalls = m_toolCalls->callCount() > 0 && answer.text.isEmpty();
    m_answer->setVisible(!onlyCalls);
    m_layout->setStretchFactor(m_toolCalls, onlyCalls ? 1 : 0);
    m_noConfidence = answer.error || !answer.tokens.isEmpty() ? QString() : answer.noConfidence;
    AnswerMetrics metrics = answer.metrics;
    const bool stopped = answer.error && answer.error->category == QLatin1String("cancelled");
    if (stopped && metrics.finishReason.isEmpty())
        metrics.finishReason = tr("stopped");
    m_metrics->showMetrics(metrics);
    m_lastCost = metrics.costUsd;
    if (answer.error && !stopped) {
        m_banner->showError(*answer.error);
        m_banner->show();
    }
    showNotes(answer.notes);
    // Tokens were used but nothing says what they cost: one click to say it.
    const bool unpriced = !answer.error && !metrics.costUsd
        && (metrics.inputTokens || metrics.outputTokens);
    m_noPrice->setText(tr("No price for %1 — <a href=\"#price\">set one</a>")
                           .arg(m_model.toHtmlEscaped()));
    m_noPrice->setVisible(unpriced);
    setState(stopped ? State::Stopped : (answer.error ? State::Failed : State::Done));
}

void ResponsePane::showNotes(const QStringList &notes)
{
    m_shownNotes = notes;
    QStringList all = notes;
    // Asked for, and none came: the pane says why rather than shading nothing.
    if (showsConfidence() && !m_noConfidence.isEmpty())
        all << tr("No token confidence: %1.").arg(m_noConfidence);
    m_notes->setText(all.join(QLatin1Char('\n')));
    m_notes->setVisible(!all.isEmpty());
}

bool ResponsePane::showsConfidence() const
{
    return m_confidence->isChecked();
}

void ResponsePane::failBeforeStart(const AnswerError &error)
{
    m_ticker.stop();
    m_answer->clearAnswer();
    m_lastCost.reset();
    m_banner->showError(error);
    m_banner->show();
    m_notes->hide();
    m_metrics->showProgress(tr("Not sent"));
    setState(State::Failed);
}

QString ResponsePane::answerText() const
{
    return m_answer->answer();
}

void ResponsePane::requestRun()
{
    if (canRun())
        emit runRequested(m_id);
}

void ResponsePane::requestStop()
{
    if (m_state == State::Running)
        emit stopRequested(m_id);
}

void ResponsePane::copyAnswer()
{
    if (!answerText().isEmpty())
        QApplication::clipboard()->setText(answerText());
}

void ResponsePane::paintEvent(QPaintEvent *)
{
    // A card on the base colour; its border takes the accent colour while the pane runs.
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QRectF box = QRectF(rect()).adjusted(0.5, 0.5, -0.5, -0.5);
    painter.setPen(QPen(palette().color(isRunning() ? QPalette::Highlight : QPalette::Mid), 1));
    painter.setBrush(palette().color(QPalette::Base));
    painter.drawRoundedRect(box, 6, 6);
}

void ResponsePane::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    updateControls();
    update();
    emit stateChanged(m_id, state);
}

void ResponsePane::setMark(const QString &text)
{
    m_mark->setText(text);
    m_mark->setToolTip(text);
    m_mark->setVisible(!text.isEmpty());
}

QString ResponsePane::markText() const
{
    return m_mark->text();
}

void ResponsePane::updateControls()
{
    const bool running = m_state == State::Running;
    m_run->setEnabled(canRun());
    m_stop->setEnabled(running);
    m_target->setEnabled(!running);
    m_version->setEnabled(!running);
    m_banner->retryButton()->setEnabled(canRun());
    m_copy->setEnabled(!running);
    m_addAsExample->setEnabled(m_state == State::Done && !answerText().isEmpty());
    m_addToDataset->setEnabled(m_addAsExample->isEnabled());
    m_markGood->setEnabled(m_addAsExample->isEnabled());
    m_markBad->setEnabled(m_addAsExample->isEnabled());
    m_copyAsCode->setEnabled(m_state == State::Done || m_state == State::Failed);
    // A reply needs an answer to follow; an earlier turn stays reachable while one fails.
    m_followUp->setVisible(
        m_state == State::Done || (m_transcript->turnCount() > 0 && !running));
    m_followUp->replyEdit()->setEnabled(m_state == State::Done && !answerText().isEmpty());
}

void ResponsePane::tick()
{
    const QString elapsed = formatDuration(static_cast<double>(m_clock.elapsed()));
    const QString who = shortName(m_model.isEmpty() ? targetId() : m_model);
    m_metrics->showProgress(m_gotText ? tr("Streaming from %1… %2").arg(who, elapsed)
                                      : tr("Waiting for %1… %2").arg(who, elapsed));
}

} // namespace ps::widgets
