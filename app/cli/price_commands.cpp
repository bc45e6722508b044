// price set/list: a project's own prices over the catalogue compiled in from resources/prices.

#include "price_commands.h"

#include "cli_format.h"

#include "store/price_overrides.h"
#include "util/number_text.h"

#include <cstdio>
#include <set>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace ps::cli {

namespace {

std::string number(double value)
{
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.6g", value);
    return buffer;
}

nlohmann::json optionalJson(const std::optional<double> &value)
{
    return value ? nlohmann::json(*value) : nlohmann::json();
}

nlohmann::json overrideJson(const store::PriceOverride &price)
{
    return {{"model", price.model}, {"input", price.input}, {"output", price.output},
        {"cached_input", optionalJson(price.cachedInput)}, {"origin", "project"},
        {"updated", price.updated}};
}

} // namespace

void runPriceSet(const CliContext &ctx, const PriceSetArgs &args)
{
    const store::Project project = ctx.openProject();
    store::PriceOverrides prices(project);
    prices.set({args.model, args.input, args.output, args.cachedInput, {}});
    const store::PriceOverride stored = *prices.find(args.model);
    if (ctx.options.json) {
        ctx.printJson({{"price", overrideJson(stored)}});
        return;
    }
    std::string line = "Price of " + stored.model + " set: $" + number(stored.input) + " input, $"
        + number(stored.output) + " output";
    if (stored.cachedInput)
        line += ", $" + number(*stored.cachedInput) + " cached input";
    ctx.print(line + " per 1M tokens (this project)\n");
}

void runPriceList(const CliContext &ctx)
{
    const store::Project project = ctx.openProject(store::ProjectAccess::Read);
    const auto overrides = store::PriceOverrides(project).list();
    const catalog::ModelCatalog &catalogue = catalog::ModelCatalog::builtIn();
    std::set<std::string> overridden;
    for (const auto &price : overrides)
        overridden.insert(price.model);

    if (ctx.options.json) {
        nlohmann::json items = nlohmann::json::array();
        for (const auto &price : overrides)
            items.push_back(overrideJson(price));
        for (const auto &entry : catalogue.entries()) {
            items.push_back({{"model", entry.id}, {"input", entry.price.input},
                {"output", entry.price.output},
                {"cached_input", optionalJson(entry.price.cachedInput)}, {"origin", "catalogue"},
                {"confidence", entry.price.confidence}, {"source", entry.price.source},
                {"overridden", overridden.count(entry.id) > 0}});
        }
        ctx.printJson(
            {{"as_of", catalogue.asOf()}, {"unit", "USD per 1M tokens"}, {"prices", items}});
        return;
    }

    std::string out = "USD per 1M tokens. Catalogue as of " + catalogue.asOf()
        + "; confidence H = official or 3+ sources, M = 1-2 sources, L = uncertain.\n";
    TextTable table;
    table.addRow({"MODEL", "INPUT", "OUTPUT", "CACHED", "ORIGIN"});
    for (const auto &price : overrides)
        table.addRow({price.model, number(price.input), number(price.output),
            price.cachedInput ? number(*price.cachedInput) : "-",
            "project (" + shortTimestamp(price.updated) + ")"});
    for (const auto &entry : catalogue.entries())
        table.addRow({entry.id, number(entry.price.input), number(entry.price.output),
            entry.price.cachedInput ? number(*entry.price.cachedInput) : "-",
            "catalogue " + entry.price.confidence
                + (overridden.count(entry.id) ? " (overridden)" : "")});
    ctx.print(out + table.toString());
}

std::string costText(const std::optional<double> &costUsd)
{
    return costUsd ? "cost " + util::dollars(*costUsd) : std::string("no price");
}

} // namespace ps::cli
