#include "run/eval_estimate.h"

#include "run/call_pricing.h"
#include "run/target_calls.h"
#include "store/dataset_store.h"
#include "store/store_error.h"
#include "tokens/token_count.h"
#include "util/number_text.h"

#include <nlohmann/json.hpp>

#include <sstream>

namespace ps::run {

using nlohmann::json;

namespace {

std::optional<double> sumOf(std::optional<double> total, std::optional<double> part)
{
    if (!total || !part)
        return std::nullopt;
    return *total + *part;
}

json optionalJson(const std::optional<double> &value)
{
    return value ? json(*value) : json(nullptr);
}

} // namespace

EvalEstimate estimateEval(
    const store::Project &project, const std::vector<model::VersionRecord> &versions, const EvalSpec &spec)
{
    const store::DatasetStore datasets(project);
    if (!datasets.findById(spec.datasetId))
        throw store::StoreError(store::StoreError::Kind::NotFound,
            "there is no dataset revision " + std::to_string(spec.datasetId));
    const std::vector<eval::DatasetCase> cases = datasets.cases(spec.datasetId);
    const CallPricing pricing(project);
    EvalEstimate estimate;
    estimate.batchPrice = spec.batch;
    estimate.inputUsd = 0.0;
    estimate.outputUsdAtMost = 0.0;
    for (const model::VersionRecord &version : versions) {
        std::vector<PreparedCase> prepared;
        prepared.reserve(cases.size());
        for (std::size_t i = 0; i < cases.size(); ++i)
            prepared.push_back(prepareCase(version.content, cases[i], static_cast<int>(i), spec.vars));
        for (const std::string &target : spec.targets) {
            const dispatch::TargetCall call = buildTargetCall(project, target, {}, version.content.params, true);
            if (spec.batch)
                requireBatchApi(target, call);
            ColumnEstimate column;
            column.version = version.promptName + "@" + std::to_string(version.number);
            column.targetId = target;
            column.model = call.request.model;
            column.cells = static_cast<long long>(cases.size()) * spec.repeat;
            const std::optional<tokens::Encoding> encoding = tokens::encodingForModel(call.request.model);
            if (encoding)
                column.encoding = std::string(tokens::encodingName(*encoding));
            const nlohmann::json &tools = call.request.params.tools;
            const std::string toolText = tools.empty() ? std::string() : tools.dump();
            long long perRepeat = 0;
            bool exact = encoding.has_value();
            long long imagesPerRepeat = 0;
            for (const PreparedCase &item : prepared) {
                const tokens::TokenCount count = tokens::countChat(item.messages, encoding, toolText);
                const std::optional<long long> images = tokens::imageTokensOf(item.messages, call.request.model);
                perRepeat += count.tokens + images.value_or(0);
                imagesPerRepeat += images.value_or(0);
                exact = exact && count.exact && images.has_value();
            }
            column.inputTokens = perRepeat * spec.repeat;
            column.imageTokens = imagesPerRepeat * spec.repeat;
            column.exact = exact;
            // A batch kind the catalogue gives no batch share has no price: none made up.
            const std::optional<double> share = spec.batch ? pricing.batchShare(call.provider.kind) : 1.0;
            const auto price = pricing.priceOf(call.provider.kind, call.request.model);
            if (price && share) {
                column.inputUsd = double(column.inputTokens) * price->input * *share / 1e6;
                if (call.request.params.maxTokens)
                    column.outputUsdAtMost = double(column.cells) * double(*call.request.params.maxTokens)
                        * price->output * *share / 1e6;
            }
            estimate.cells += column.cells;
            estimate.inputTokens += column.inputTokens;
            estimate.exact = estimate.exact && column.exact;
            estimate.inputUsd = sumOf(estimate.inputUsd, column.inputUsd);
            estimate.outputUsdAtMost = sumOf(estimate.outputUsdAtMost, column.outputUsdAtMost);
            estimate.columns.push_back(std::move(column));
        }
    }
    return estimate;
}

std::string EvalEstimate::toText() const
{
    std::ostringstream out;
    for (const ColumnEstimate &column : columns) {
        out << column.version << " on " << column.targetId << " (" << column.model << "): "
            << util::grouped(column.cells) << (column.cells == 1 ? " cell, " : " cells, ")
            << (column.exact ? "" : "about ") << util::grouped(column.inputTokens) << " input tokens ("
            << (column.encoding ? *column.encoding : std::string("estimated: no public encoding"))
            << (column.encoding && !column.exact ? ", partly estimated" : "")
            << (column.imageTokens > 0 ? ", " + util::grouped(column.imageTokens) + " of them for images" : "") << "), input "
            << (column.inputUsd ? util::dollars(*column.inputUsd) + (batchPrice ? " at the batch price" : "")
                                : batchPrice ? std::string("cost unknown (no batch price for the model)")
                                                    : std::string("cost unknown (no price for the model)"));
        if (column.outputUsdAtMost)
            out << ", answers at most " << util::dollars(column.outputUsdAtMost);
        out << '\n';
    }
    out << "Before sending: " << util::grouped(cells) << (cells == 1 ? " cell, " : " cells, ")
        << (exact ? "" : "about ") << util::grouped(inputTokens) << " input tokens, input "
        << (inputUsd ? util::dollars(*inputUsd) : "cost unknown")
        << (batchPrice && inputUsd ? " at the batch price" : "");
    if (outputUsdAtMost)
        out << ", answers at most " << util::dollars(outputUsdAtMost);
    else
        out << ", plus the answers";
    // A batch does not use the cache; its answers come within 24 hours.
    out << (batchPrice ? ". The batch answers within 24 hours.\n" : ". Answers from the cache cost nothing.\n");
    return out.str();
}

json EvalEstimate::toJson() const
{
    json list = json::array();
    for (const ColumnEstimate &column : columns)
        list.push_back({{"version", column.version}, {"target", column.targetId}, {"model", column.model},
            {"cells", column.cells}, {"input_tokens", column.inputTokens}, {"image_tokens", column.imageTokens},
            {"exact", column.exact},
            {"encoding", column.encoding ? json(*column.encoding) : json(nullptr)},
            {"input_usd", optionalJson(column.inputUsd)},
            {"output_usd_at_most", optionalJson(column.outputUsdAtMost)}, {"batch_price", batchPrice}});
    return {{"columns", list}, {"cells", cells}, {"input_tokens", inputTokens}, {"exact", exact},
        {"batch_price", batchPrice},
        {"input_usd", optionalJson(inputUsd)}, {"output_usd_at_most", optionalJson(outputUsdAtMost)}};
}

} // namespace ps::run
