#include "window_fixture.h"

#include "demo/demo_project.h"
#include "store/project.h"
#include "secrets/trust_store.h"
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
    for (const auto &[id, model] : targets)
        addTarget(project, id, "fake", model);
}

void addTarget(const store::Project &project, const std::string &id,
    const std::string &providerId, const std::string &model, const nlohmann::json &params)
{
    store::TargetRecord target;
    target.id = id;
    target.providerId = providerId;
    target.model = model;
    target.params = params;
    store::ProviderCatalog(project).addTarget(target);
}

void approveHere(const providers::ProviderConfig &config)
{
    const auto environment = providers::systemEnvironment();
    const auto destination = secrets::destinationOf(providers::resolveConfig(config, environment));
    if (!destination)
        qFatal("provider %s sends nowhere: nothing to approve", config.id.c_str());
    secrets::TrustStore::forThisMachine(environment).approve(*destination, config.id);
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
