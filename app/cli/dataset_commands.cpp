// dataset import/list/show: the whole file is read and checked before anything is stored, so a
// refused file leaves the project as it was.

#include "dataset_commands.h"

#include "cli_format.h"

#include "eval/code_points.h"
#include "eval/dataset.h"
#include "eval/statistics.h"
#include "util/number_text.h"
#include "store/dataset_file_import.h"
#include "store/dataset_store.h"

namespace ps::cli {

namespace {

nlohmann::json recordJson(const model::DatasetRecord &record)
{
    return {{"id", record.id}, {"name", record.name}, {"revision", record.revision},
        {"cases", record.caseCount}, {"source", record.source}, {"imported", record.imported}};
}

std::string varsText(const nlohmann::json &vars)
{
    std::string text;
    for (const auto &[name, value] : vars.items())
        text += (text.empty() ? "" : ", ") + name + "="
            + (value.is_string() ? value.get<std::string>() : value.dump());
    return brief(text);
}

std::string assertionsText(const nlohmann::json &assertions)
{
    std::vector<std::string> types;
    for (const nlohmann::json &assertion : assertions)
        types.push_back(assertion.value("type", std::string("?")));
    return joined(types, ",");
}

} // namespace

void runDatasetImport(const CliContext &ctx, const DatasetImportArgs &args)
{
    const store::Project project = ctx.openProject();
    const std::string text = readTextFile(args.file, "dataset", kMaxDatasetFileBytes);
    model::DatasetRecord record;
    try {
        record = store::DatasetFileImport {args.name, args.file, {}}.run(project, text);
    } catch (const store::StoreError &error) {
        throw CliError(ExitBadInput, "dataset", quoted(args.file) + ": " + error.what());
    } catch (const eval::DatasetError &error) {
        throw CliError(ExitBadInput, "dataset", error.what(),
            {{"file", error.file()}, {"line", error.line()}, {"reason", error.reason()}});
    }
    if (ctx.options.json) {
        ctx.printJson({{"dataset", recordJson(record)}});
        return;
    }
    ctx.print("Imported " + std::to_string(record.caseCount)
        + (record.caseCount == 1 ? " case" : " cases") + " into dataset " + record.name
        + " (revision " + std::to_string(record.revision) + ")\n");
}

void runDatasetList(const CliContext &ctx)
{
    const store::Project project = ctx.openProject(store::ProjectAccess::Read);
    const std::vector<model::DatasetRecord> datasets = store::DatasetStore(project).list();
    if (ctx.options.json) {
        nlohmann::json items = nlohmann::json::array();
        for (const model::DatasetRecord &record : datasets)
            items.push_back(recordJson(record));
        ctx.printJson({{"datasets", items}});
        return;
    }
    if (datasets.empty()) {
        ctx.print("No datasets yet. Import one with `dataset import NAME FILE.jsonl`.\n");
        return;
    }
    TextTable table;
    table.addRow({"NAME", "REVISION", "CASES", "SOURCE", "IMPORTED"});
    for (const model::DatasetRecord &record : datasets)
        table.addRow({record.name, std::to_string(record.revision),
            std::to_string(record.caseCount), record.source, shortTimestamp(record.imported)});
    ctx.print(table.toString());
}

void runDatasetCasesNeeded(const CliContext &ctx, const CasesNeededArgs &args)
{
    const double target = args.baseline + args.difference / 100.0;
    const std::optional<int> needed = eval::twoProportionCasesNeeded(args.baseline, target);
    if (!needed)
        throw CliError(ExitUsage, "usage",
            "--baseline must be 0..1 and --difference a non-zero number of points that keeps "
            "the rate within 0..1");
    std::optional<int> have;
    if (!args.name.empty()) {
        const store::Project project = ctx.openProject(store::ProjectAccess::Read);
        have = store::DatasetStore(project).latest(args.name).caseCount;
    }
    if (ctx.options.json) {
        nlohmann::json document = {{"baseline", args.baseline}, {"difference", args.difference},
            {"cases_needed", *needed}, {"power", 0.8}, {"alpha", 0.05},
            {"method", "normal approximation for two proportions"}};
        if (have)
            document["dataset"] = {{"name", args.name}, {"cases", *have}};
        ctx.printJson(document);
        return;
    }
    std::string text = "About " + std::to_string(*needed) + " cases would be needed to detect a "
        + util::fixed(std::abs(args.difference), 1) + "-point difference from "
        + util::fixed(args.baseline * 100, 1)
        + "% with 80% power at α = 0.05 (normal approximation for two proportions; two columns "
          "answering the same cases usually need fewer).\n";
    if (have)
        text += args.name + " has " + std::to_string(*have) + " cases: "
            + (*have >= *needed ? "enough.\n"
                                : "about " + std::to_string(*needed - *have) + " more needed.\n");
    ctx.print(text);
}

void runDatasetShow(const CliContext &ctx, const std::string &name)
{
    const store::Project project = ctx.openProject(store::ProjectAccess::Read);
    const store::DatasetStore datasets(project);
    const model::DatasetRecord record = datasets.latest(name);
    const std::vector<eval::DatasetCase> cases = datasets.cases(record.id);
    if (ctx.options.json) {
        nlohmann::json items = nlohmann::json::array();
        for (const eval::DatasetCase &datasetCase : cases)
            items.push_back(datasetCase.toJson());
        ctx.printJson({{"dataset", recordJson(record)}, {"cases", items}});
        return;
    }
    bool anyMessages = false;
    for (const eval::DatasetCase &datasetCase : cases)
        anyMessages = anyMessages || !datasetCase.messages.empty();
    TextTable table;
    std::vector<std::string> header {"CASE", "VARS", "EXPECTED", "TAGS", "ASSERT"};
    if (anyMessages)
        header.push_back("MESSAGES");
    table.addRow(header);
    for (std::size_t i = 0; i < cases.size(); ++i) {
        const eval::DatasetCase &datasetCase = cases[i];
        std::vector<std::string> row {std::to_string(i), varsText(datasetCase.vars),
            brief(datasetCase.expected.value_or("-"), 24), brief(joined(datasetCase.tags, ","), 24),
            assertionsText(datasetCase.assertions)};
        if (anyMessages)
            row.push_back(std::to_string(datasetCase.messages.size()));
        table.addRow(row);
    }
    ctx.print(record.name + " revision " + std::to_string(record.revision) + ": "
        + std::to_string(record.caseCount) + (record.caseCount == 1 ? " case" : " cases") + " from "
        + record.source + ", imported " + shortTimestamp(record.imported) + "\n\n"
        + table.toString());
}

} // namespace ps::cli
