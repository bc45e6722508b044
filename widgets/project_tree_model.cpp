#include "project_tree_model.h"

#include <QApplication>
#include <QDateTime>
#include <QLocale>
#include <QStyle>

namespace ps::widgets {

ProjectTreeModel::ProjectTreeModel(QObject *parent)
    : QStandardItemModel(parent)
{
    setHorizontalHeaderLabels({tr("Project")});
}

void ProjectTreeModel::setSnapshot(const ProjectSnapshot &snapshot)
{
    clear();
    setHorizontalHeaderLabels({tr("Project")});
    auto *prompts = section(tr("Prompts"));

    for (const model::PromptRecord &prompt : snapshot.prompts) {
        const QString name = QString::fromStdString(prompt.name);
        auto *promptItem = new QStandardItem(name);
        promptItem->setEditable(false);
        promptItem->setData(name, PromptNameRole);
        promptItem->setToolTip(QString::fromStdString(prompt.description));
        const auto it = snapshot.versions.find(prompt.name);
        if (it != snapshot.versions.end()) {
            // Newest first: that is the one a user reaches for.
            for (auto version = it->second.rbegin(); version != it->second.rend(); ++version) {
                QStringList labels;
                for (const std::string &label : version->labels)
                    labels << QString::fromStdString(label);
                auto *item = new QStandardItem(QStringLiteral("v%1").arg(version->number));
                item->setEditable(false);
                item->setData(name, PromptNameRole);
                item->setData(version->number, VersionNumberRole);
                item->setData(labels, LabelsRole);
                item->setData(QString::fromStdString(version->message), DetailRole);
                item->setToolTip(QStringLiteral("%1 · %2 · %3")
                                     .arg(QString::fromStdString(version->message),
                                         QString::fromStdString(version->author),
                                         QString::fromStdString(version->created)));
                promptItem->appendRow(item);
            }
        }
        prompts->appendRow(promptItem);
    }
    if (snapshot.prompts.empty())
        prompts->appendRow(placeholder(tr("No prompts yet")));

    auto *datasets = section(tr("Datasets"));
    for (const model::DatasetRecord &dataset : snapshot.datasets) {
        auto *item = new QStandardItem(QString::fromStdString(dataset.name));
        item->setEditable(false);
        item->setData(tr("%n cases", nullptr, dataset.caseCount), DetailRole);
        item->setData(QString::fromStdString(dataset.name), DatasetNameRole);
        item->setToolTip(tr("Revision %1, imported from %2 on %3")
                             .arg(dataset.revision)
                             .arg(QString::fromStdString(dataset.source),
                                 QString::fromStdString(dataset.imported)));
        datasets->appendRow(item);
    }
    if (snapshot.datasets.empty())
        datasets->appendRow(placeholder(tr("No datasets — promptsmith-cli dataset import")));

    m_runs = section(tr("Runs"));
    for (const model::RunRecord &run : snapshot.runs) {
        auto *item = new QStandardItem;
        describeRun(item, run);
        m_runs->appendRow(item);
    }
    if (snapshot.runs.empty())
        m_runs->appendRow(placeholder(tr("No runs yet")));
}

void ProjectTreeModel::showRun(const model::RunRecord &run)
{
    if (!m_runs)
        return;
    const QString id = QString::fromStdString(run.id);
    for (int row = 0; row < m_runs->rowCount(); ++row) {
        QStandardItem *item = m_runs->child(row);
        if (item->data(RunIdRole).toString() == id) {
            describeRun(item, run);
            return;
        }
    }
    if (m_runs->rowCount() == 1 && !m_runs->child(0)->data(RunIdRole).isValid())
        m_runs->removeRow(0); // the "No runs yet" placeholder
    auto *item = new QStandardItem;
    describeRun(item, run);
    m_runs->insertRow(0, item);
    while (m_runs->rowCount() > static_cast<int>(ProjectSnapshot::kRecentRuns))
        m_runs->removeRow(m_runs->rowCount() - 1);
}

void ProjectTreeModel::describeRun(QStandardItem *item, const model::RunRecord &run)
{
    // Rows told apart at a glance: what was run, when, against which targets, how it ended.
    const QDateTime started
        = QDateTime::fromString(QString::fromStdString(run.started), Qt::ISODate).toLocalTime();
    const QString when = !started.isValid() ? QString()
        : started.date() == QDate::currentDate()
        ? QLocale().toString(started.time(), QStringLiteral("HH:mm"))
        : QLocale().toString(started, QStringLiteral("d MMM HH:mm"));
    // A run comparing versions names each: "ticket-triage@3 vs @2 vs @3 (draft)".
    const std::string prompt = run.version.substr(0, run.version.find('@'));
    QStringList versions;
    for (const std::string &label : run.versions) {
        QString shown = QString::fromStdString(label);
        if (!versions.isEmpty() && label.starts_with(prompt + "@"))
            shown = shown.mid(static_cast<qsizetype>(prompt.size()));
        if (shown.endsWith(QStringLiteral(" draft")))
            shown = shown.chopped(6) + tr(" (draft)");
        versions << shown;
    }
    QString what = versions.isEmpty() ? QString::fromStdString(run.version)
                                      : versions.join(tr(" vs "));
    if (run.kind != "run")
        what = QString::fromStdString(run.kind) + QLatin1Char(' ') + what;
    item->setText(when.isEmpty() ? what : what + QStringLiteral(" · ") + when);
    item->setEditable(false);
    item->setData(QString::fromStdString(run.id), RunIdRole);
    QStringList targets;
    for (const std::string &target : run.targets)
        targets << QString::fromStdString(target);
    const QString shown = targets.size() <= 2
        ? targets.join(QStringLiteral(", "))
        : tr("%1, %2 +%3").arg(targets[0], targets[1]).arg(targets.size() - 2);
    QString detail = QStringLiteral("%1 · %2 · %3/%4")
                         .arg(shown, QString::fromUtf8(model::toString(run.status)))
                         .arg(run.done)
                         .arg(run.total);
    // An evaluation is told by how it did; cells not yet judged are not counted either way.
    if (run.judged > 0)
        detail += QStringLiteral(" · ")
            + tr("%1% passed").arg(QLocale().toString(100.0 * run.passed / run.judged, 'f', 0));
    item->setData(detail, DetailRole);
    QString tip = tr("Run %1 of %2 on %3, started %4")
                      .arg(QString::fromStdString(run.id),
                          versions.isEmpty() ? QString::fromStdString(run.version)
                                             : versions.join(QStringLiteral(", ")),
                          targets.join(QStringLiteral(", ")),
                          QLocale().toString(started, QLocale::LongFormat));
    if (run.judged > 0)
        tip += QLatin1Char('\n') + tr("%1 of %2 cells passed").arg(run.passed).arg(run.judged);
    item->setToolTip(tip);
}

QStandardItem *ProjectTreeModel::section(const QString &title)
{
    auto *item = new QStandardItem(title);
    item->setEditable(false);
    item->setSelectable(false);
    appendRow(item);
    return item;
}

QStandardItem *ProjectTreeModel::placeholder(const QString &text)
{
    auto *item = new QStandardItem(text);
    item->setEnabled(false);
    return item;
}

QModelIndex ProjectTreeModel::indexOf(const QString &prompt, std::optional<int> number) const
{
    const QModelIndex prompts = index(0, 0);
    for (int row = 0; row < rowCount(prompts); ++row) {
        const QModelIndex item = index(row, 0, prompts);
        if (item.data(PromptNameRole).toString() != prompt)
            continue;
        for (int child = 0; number && child < rowCount(item); ++child) {
            const QModelIndex version = index(child, 0, item);
            if (version.data(VersionNumberRole).toInt() == *number)
                return version;
        }
        return item;
    }
    return {};
}

} // namespace ps::widgets
