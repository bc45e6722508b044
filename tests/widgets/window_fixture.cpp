#include "window_fixture.h"

#include "demo/demo_project.h"
#include "store/project.h"
#include "store/provider_catalog.h"

#include <QDir>
#include <QSettings>

namespace ps::test {

void addFakeTargets(const store::Project &project, const std::string &baseUrl,
    const std::vector<std::pair<std::string, std::string>> &targets)
{
    store::ProviderCatalog catalog(project);
    providers::ProviderConfig fake;
    fake.id = "fake";
    fake.kind = providers::ProviderKind::OpenAiCompatible;
    fake.baseUrl = baseUrl;
    catalog.addProvider(fake);
    for (const auto &[id, model] : targets) {
        store::TargetRecord target;
        target.id = id;
        target.providerId = "fake";
        target.model = model;
        catalog.addTarget(target);
    }
}

void saveTriageVersion(store::Project &project)
{
    store::SaveRequest request;
    request.promptName = "ticket-triage";
    model::Message system;
    system.role = "system";
    system.content = "Label the ticket: billing, bug or other.";
    model::Message user;
    user.role = "user";
    user.content = "Ticket: I was charged twice for May";
    request.content.messages = {system, user};
    request.message = "first";
    project.saveVersion(request);
}

void keepSettingsIn(const QString &dir)
{
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, dir);
}

QString demoProjectIn(const QString &dir)
{
    keepSettingsIn(QDir(dir).filePath(QStringLiteral("settings")));
    const QString path = QDir(dir).filePath(QStringLiteral("demo.promptsmith"));
    store::Project project = store::Project::create(path.toStdString());
    demo::populateDemoProject(project);
    return path;
}

} // namespace ps::test
