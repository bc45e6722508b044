#include "response_area.h"

#include "connect_banner.h"

#include <QAction>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QScrollArea>
#include <QSplitter>
#include <QStyle>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

namespace ps::widgets {

ResponseArea::ResponseArea(QWidget *parent)
    : QWidget(parent)
    , m_splitter(new QSplitter(Qt::Horizontal, this))
    , m_addButton(new QToolButton(this))
    , m_title(new QLabel(tr("Responses"), this))
{
    m_runAll = new QAction(QIcon::fromTheme(QStringLiteral("media-playback-start"),
                               style()->standardIcon(QStyle::SP_MediaPlay)),
        tr("&Run all"), this);
    m_runAll->setShortcuts(
        {QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter)});
    m_runAll->setShortcutContext(Qt::WindowShortcut);
    m_runAll->setToolTip(tr("Send the prompt to every pane (Ctrl+Enter)"));
    connect(m_runAll, &QAction::triggered, this, &ResponseArea::runAll);

    m_stopAll = new QAction(QIcon::fromTheme(QStringLiteral("media-playback-stop"),
                                style()->standardIcon(QStyle::SP_MediaStop)),
        tr("&Stop all"), this);
    m_stopAll->setShortcut(QKeySequence(Qt::Key_Escape));
    m_stopAll->setShortcutContext(Qt::WindowShortcut);
    m_stopAll->setToolTip(tr("Stop every running pane (Esc)"));
    connect(m_stopAll, &QAction::triggered, this, &ResponseArea::stopAll);

    m_addPane = new QAction(QIcon::fromTheme(QStringLiteral("list-add")), tr("&Add pane"), this);
    m_addPane->setToolTip(tr("Compare one more target (up to %1)").arg(MaxPanes));
    connect(m_addPane, &QAction::triggered, this, [this] { addPane(); });
    // The shortcuts work wherever the focus is in this window, not only inside the area.
    addAction(m_runAll);
    addAction(m_stopAll);

    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    auto *runButton = new QToolButton(this);
    runButton->setDefaultAction(m_runAll);
    runButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    runButton->setAutoRaise(true);
    m_addButton->setDefaultAction(m_addPane);
    m_addButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_addButton->setAutoRaise(true);
    m_addButton->setText(tr("Pane"));
    if (m_addPane->icon().isNull())
        m_addButton->setText(tr("+ Pane"));

    // Comparing versions, one target for every pane.
    m_sharedTarget = new QComboBox(this);
    m_sharedTarget->setObjectName(QStringLiteral("sharedTarget"));
    m_sharedTarget->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_sharedTarget->setMinimumContentsLength(14);
    m_sharedTarget->setAccessibleName(tr("Target for every version"));
    m_sharedTarget->setToolTip(tr("Every pane sends its version of the prompt to this target"));
    m_sharedLabel = new QLabel(tr("&Target"), this);
    m_sharedLabel->setBuddy(m_sharedTarget);
    m_sharedTarget->hide();
    m_sharedLabel->hide();
    connect(m_sharedTarget, &QComboBox::currentIndexChanged, this, [this] {
        if (m_mode == CompareMode::Versions)
            bindToSharedTarget();
    });

    auto *header = new QHBoxLayout;
    header->setContentsMargins(0, 0, 0, 0);
    header->setSpacing(8);
    header->addWidget(m_title);
    header->addSpacing(8);
    header->addWidget(m_sharedLabel);
    header->addWidget(m_sharedTarget);
    header->addStretch(1);
    header->addWidget(runButton);
    header->addWidget(m_addButton);

    m_splitter->setChildrenCollapsible(false);
    m_splitter->setHandleWidth(8);
    // Past what fits, the panes scroll sideways instead of pushing the window off the screen.
    m_scroll = new QScrollArea(this);
    m_scroll->setObjectName(QStringLiteral("paneScroll"));
    m_scroll->setWidgetResizable(true);
    m_scroll->setFrameShape(QFrame::NoFrame);
    m_scroll->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_scroll->setWidget(m_splitter);
    setMinimumWidth(260);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->setSpacing(8);
    layout->addLayout(header);
    m_connect = new ConnectBanner(this);
    m_connect->hide();
    layout->addWidget(m_connect);
    layout->addWidget(m_scroll, 1);

    addPane();
    updateActions();
}

QSize ResponseArea::sizeHint() const
{
    return {580, QWidget::sizeHint().height()};
}

void ResponseArea::setTargets(const QList<TargetChoice> &targets)
{
    m_targets = targets;
    // Panes that had no target spread over the targets, so two panes compare two models.
    QList<ResponsePane *> fresh;
    for (ResponsePane *pane : m_panes) {
        if (pane->targetId().isEmpty())
            fresh << pane;
        pane->setTargets(targets);
    }
    for (ResponsePane *pane : fresh) {
        pane->setTargetId(QString()); // the list's first entry is no choice: none yet
        pane->setTargetId(unusedTarget());
    }
    const QString shared = m_sharedTarget->currentData().toString();
    {
        const QSignalBlocker blocker(m_sharedTarget);
        m_sharedTarget->clear();
        for (const TargetChoice &target : targets)
            m_sharedTarget->addItem(target.id, target.id);
        const int kept = m_sharedTarget->findData(shared);
        m_sharedTarget->setCurrentIndex(kept >= 0 ? kept : (targets.isEmpty() ? -1 : 0));
    }
    if (m_mode == CompareMode::Versions)
        bindToSharedTarget();
    updateActions();
    emit paneTargetsChanged(); // a target's model may have changed under the same id
}

void ResponseArea::setCompareMode(CompareMode mode)
{
    if (mode == m_mode)
        return;
    if (mode == CompareMode::Versions) {
        m_modelTargets = paneTargets();
        m_mode = mode;
        // The first pane's target is the one to start from: it is what the user looked at.
        const int first = m_sharedTarget->findData(m_modelTargets.value(0));
        if (first >= 0)
            m_sharedTarget->setCurrentIndex(first);
        for (ResponsePane *pane : m_panes) {
            pane->setComparesVersions(true);
            if (pane->versionKey().isEmpty())
                pane->setVersionKey(unusedVersion());
        }
        bindToSharedTarget();
    } else {
        m_mode = mode;
        for (int i = 0; i < m_panes.size(); ++i) {
            m_panes[i]->setComparesVersions(false);
            if (i < m_modelTargets.size())
                m_panes[i]->setTargetId(m_modelTargets[i]);
        }
        m_modelTargets.clear();
    }
    m_sharedTarget->setVisible(mode == CompareMode::Versions);
    m_sharedLabel->setVisible(mode == CompareMode::Versions);
    m_title->setText(mode == CompareMode::Versions ? tr("Versions") : tr("Responses"));
    updateActions();
    emit compareModeChanged(mode);
    emit statusChanged(statusText());
}

void ResponseArea::setVersionChoices(const QList<VersionChoice> &choices)
{
    m_versions = choices;
    for (ResponsePane *pane : m_panes)
        pane->setVersionChoices(choices);
    if (m_mode == CompareMode::Versions)
        for (ResponsePane *pane : m_panes)
            if (pane->versionKey().isEmpty())
                pane->setVersionKey(unusedVersion());
    updateActions();
}

void ResponseArea::bindToSharedTarget()
{
    const QString target = m_sharedTarget->currentData().toString();
    for (ResponsePane *pane : m_panes)
        pane->setTargetId(target);
    updateActions();
}

PaneRun ResponseArea::runOf(const ResponsePane *pane) const
{
    return {pane->id(), pane->targetId(), pane->versionKey()};
}

QString ResponseArea::unusedVersion() const
{
    for (const VersionChoice &choice : m_versions)
        if (std::none_of(m_panes.begin(), m_panes.end(),
                [&choice](const ResponsePane *pane) { return pane->versionKey() == choice.key; }))
            return choice.key;
    return m_versions.isEmpty() ? QString() : m_versions.front().key;
}

ResponsePane *ResponseArea::paneById(int id) const
{
    for (ResponsePane *pane : m_panes) {
        if (pane->id() == id)
            return pane;
    }
    return nullptr;
}

ResponsePane *ResponseArea::addPane()
{
    if (m_panes.size() >= MaxPanes)
        return nullptr;
    auto *pane = new ResponsePane(m_nextId++, m_splitter);
    pane->setTargets(m_targets);
    pane->setVersionChoices(m_versions);
    if (m_mode == CompareMode::Versions) {
        m_modelTargets << unusedTarget(); // what the pane shows when the panes compare models
        pane->setComparesVersions(true);
        pane->setTargetId(m_sharedTarget->currentData().toString());
        pane->setVersionKey(unusedVersion());
    } else if (const QString target = unusedTarget(); !target.isEmpty()) {
        pane->setTargetId(target);
    }
    connect(pane, &ResponsePane::runRequested, this,
        [this](int id) { emit runRequested({runOf(paneById(id))}); });
    connect(pane, &ResponsePane::versionChanged, this, [this] { updateActions(); });
    connect(pane, &ResponsePane::stopRequested, this, &ResponseArea::stopRequested);
    connect(pane, &ResponsePane::removeRequested, this, &ResponseArea::removePane);
    connect(pane, &ResponsePane::addAsExampleRequested, this, &ResponseArea::addAsExampleRequested);
    connect(pane, &ResponsePane::addToDatasetRequested, this, &ResponseArea::addToDatasetRequested);
    connect(pane, &ResponsePane::markGoodRequested, this, &ResponseArea::markGoodRequested);
    connect(pane, &ResponsePane::markBadRequested, this, &ResponseArea::markBadRequested);
    connect(pane, &ResponsePane::copyAsCodeRequested, this, &ResponseArea::copyAsCodeRequested);
    connect(pane, &ResponsePane::replyRequested, this, &ResponseArea::replyRequested);
    connect(pane, &ResponsePane::keepConversationRequested, this,
        &ResponseArea::keepConversationRequested);
    connect(pane, &ResponsePane::toolResultsRequested, this, &ResponseArea::toolResultsRequested);
    connect(pane, &ResponsePane::clearConversationRequested, this,
        &ResponseArea::clearConversationRequested);
    connect(pane, &ResponsePane::priceRequested, this, &ResponseArea::priceRequested);
    connect(pane, &ResponsePane::stateChanged, this, &ResponseArea::paneStateChanged);
    connect(pane, &ResponsePane::targetChanged, this, [this] {
        updateActions();
        emit paneTargetsChanged();
    });
    connect(pane, &ResponsePane::targetChosen, this,
        [this](const QString &targetId) { m_lastChosen = targetId; });
    m_splitter->addWidget(pane);
    m_panes.append(pane);
    equaliseWidths();
    updateActions();
    emit paneCountChanged(paneCount());
    emit paneTargetsChanged();
    return pane;
}

void ResponseArea::removePane(int paneId)
{
    ResponsePane *pane = paneById(paneId);
    if (!pane || m_panes.size() <= 1)
        return;
    if (pane->isRunning())
        emit stopRequested(paneId);
    if (const qsizetype at = m_panes.indexOf(pane);
        m_mode == CompareMode::Versions && at < m_modelTargets.size())
        m_modelTargets.removeAt(at);
    m_panes.removeOne(pane);
    pane->hide();
    pane->deleteLater();
    equaliseWidths();
    updateActions();
    emit paneCountChanged(paneCount());
    emit paneTargetsChanged();
    if (runningCount() != m_lastRunning) {
        m_lastRunning = runningCount();
        emit runningCountChanged(m_lastRunning);
        emit statusChanged(statusText());
    }
}

void ResponseArea::setPaneCount(int count)
{
    count = std::clamp(count, 1, MaxPanes);
    while (paneCount() < count)
        addPane();
    while (paneCount() > count)
        removePane(m_panes.back()->id());
}

int ResponseArea::runningCount() const
{
    int running = 0;
    for (const ResponsePane *pane : m_panes)
        running += pane->isRunning() ? 1 : 0;
    return running;
}

QString ResponseArea::statusText() const
{
    QStringList names;
    for (const ResponsePane *pane : m_panes) {
        if (pane->isRunning())
            names << (m_mode == CompareMode::Versions ? pane->versionLabel() : pane->targetId());
    }
    if (names.isEmpty())
        return {};
    return tr("%n running: %1", nullptr, static_cast<int>(names.size()))
        .arg(names.join(QStringLiteral(", ")));
}

void ResponseArea::runAll()
{
    QList<PaneRun> panes;
    for (const ResponsePane *pane : m_panes) {
        if (pane->canRun())
            panes.append(runOf(pane));
    }
    if (!panes.isEmpty())
        emit runRequested(panes);
}

void ResponseArea::stopAll()
{
    for (ResponsePane *pane : m_panes)
        pane->requestStop();
}

void ResponseArea::paneStateChanged(int paneId, ResponsePane::State state)
{
    const ResponsePane *pane = paneById(paneId);
    if (pane && state != ResponsePane::State::Running && state != ResponsePane::State::Idle) {
        if (const auto cost = pane->lastCost(); cost && *cost > 0) {
            m_sessionCost += *cost;
            emit sessionCostChanged(m_sessionCost);
        }
    }
    updateActions();
    const int running = runningCount();
    if (running != m_lastRunning) {
        m_lastRunning = running;
        emit runningCountChanged(running);
    }
    emit statusChanged(statusText());
}

void ResponseArea::equaliseWidths()
{
    const int width = std::max(1, m_splitter->width() / std::max(1, paneCount()));
    m_splitter->setSizes(QList<int>(paneCount(), width));
    for (ResponsePane *pane : m_panes)
        pane->setRemovable(m_panes.size() > 1);
}

void ResponseArea::updateActions()
{
    bool canRun = false;
    for (const ResponsePane *pane : m_panes)
        canRun = canRun || pane->canRun();
    m_runAll->setEnabled(canRun);
    // Esc only claims the key while something runs, so dialogs and find bars keep theirs.
    m_stopAll->setEnabled(runningCount() > 0);
    m_addPane->setEnabled(paneCount() < MaxPanes);
}

QString ResponseArea::unusedTarget() const
{
    const auto used = [this](const QString &id) {
        return std::any_of(m_panes.begin(), m_panes.end(),
            [&id](const ResponsePane *pane) { return pane->targetId() == id; });
    };
    const auto known = [this](const QString &id) {
        return std::any_of(m_targets.begin(), m_targets.end(),
            [&id](const TargetChoice &target) { return target.id == id; });
    };
    if (!m_lastChosen.isEmpty() && known(m_lastChosen) && !used(m_lastChosen))
        return m_lastChosen;
    // A "fault:" model makes the fake provider fail on purpose: a test target, never a default.
    const auto isFault = [](const TargetChoice &target) {
        return target.model.startsWith(QStringLiteral("fault:"));
    };
    for (bool faults : {false, true})
        for (const TargetChoice &target : m_targets)
            if (isFault(target) == faults && !used(target.id))
                return target.id;
    if (!m_lastChosen.isEmpty() && known(m_lastChosen))
        return m_lastChosen;
    return m_targets.isEmpty() ? QString() : m_targets.front().id;
}

QStringList ResponseArea::paneTargets() const
{
    if (m_mode == CompareMode::Versions)
        return m_modelTargets;
    QStringList targets;
    for (const ResponsePane *pane : m_panes)
        targets << pane->targetId();
    return targets;
}

void ResponseArea::restorePaneTargets(const QStringList &targets)
{
    if (targets.isEmpty())
        return;
    setPaneCount(int(targets.size()));
    if (m_mode == CompareMode::Versions) {
        m_modelTargets = targets.mid(0, paneCount());
        return;
    }
    for (int i = 0; i < m_panes.size() && i < targets.size(); ++i)
        if (std::any_of(m_targets.begin(), m_targets.end(),
                [&](const TargetChoice &target) { return target.id == targets[i]; }))
            m_panes[i]->setTargetId(targets[i]);
}

} // namespace ps::widgets
