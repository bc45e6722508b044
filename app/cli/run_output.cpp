#include "run_output.h"

#include "cli_context.h"
#include "cli_format.h"
#include "price_commands.h"

#include "run/response_record.h"
#include "secrets/secret_store.h"

#include <cstdio>
#include <iostream>
#include <sstream>
#include <unistd.h>

namespace ps::cli {

namespace {

nlohmann::json optionalJson(const std::optional<long long> &value)
{
    return value ? nlohmann::json(*value) : nlohmann::json();
}

nlohmann::json optionalJson(const std::optional<double> &value)
{
    return value ? nlohmann::json(*value) : nlohmann::json();
}

nlohmann::json resultJson(const RunSlot &slot)
{
    const dispatch::CallOutcome &outcome = *slot.outcome;
    const providers::ChatResult &result = outcome.result;
    nlohmann::json error = nullptr;
    if (result.error) {
        error = {{"category", providers::toString(result.error->category)},
            {"message", result.error->message},
            {"status",
                result.error->status > 0 ? nlohmann::json(result.error->status)
                                         : nlohmann::json()}};
    }
    const dispatch::Measurements &measured = outcome.measurements;
    nlohmann::json json = {
        {"target", run::answeringTarget(slot)},
        {"model", outcome.model.empty() ? slot.model : outcome.model},
        {"text", result.text},
        {"finish_reason",
            result.finishReason.empty() ? nlohmann::json() : nlohmann::json(result.finishReason)},
        {"usage",
            {{"input_tokens", optionalJson(result.usage.inputTokens)},
                {"output_tokens", optionalJson(result.usage.outputTokens)},
                {"reasoning_tokens", optionalJson(result.usage.reasoningTokens)}}},
        {"cost_usd", optionalJson(slot.costUsd)}, // null: no price for the model
        {"ttft_ms", optionalJson(measured.ttftMs)},
        {"total_ms", measured.totalMs},
        {"queued_ms", measured.queuedMs},
        {"tokens_per_second", optionalJson(measured.outputTokensPerSecond)},
        {"attempts", measured.attempts},
        {"cached", outcome.cached},
        {"fell_back_from", outcome.fellBackFrom ? nlohmann::json(*outcome.fellBackFrom) : nullptr},
        {"notes", outcome.notes},
        {"error", error},
    };
    if (!result.toolCalls.empty())
        json["tool_calls"] = run::toolCallsJson(result.toolCalls);
    if (slot.imageTokens) // derived from the request's images, so only where there are some
        json["usage"]["image_tokens"] = *slot.imageTokens;
    return json;
}

std::string milliseconds(double ms)
{
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, ms < 10 ? "%.1f ms" : "%.0f ms", ms);
    return buffer;
}

std::string tokens(const std::optional<long long> &value)
{
    return value ? std::to_string(*value) : std::string("?");
}

std::string headerLine(const RunSlot &slot)
{
    const std::string model
        = slot.outcome && !slot.outcome->model.empty() ? slot.outcome->model : slot.model;
    return "=== " + run::answeringTarget(slot) + " (" + model + ") ===\n";
}

std::string metricsLine(const RunSlot &slot)
{
    const dispatch::CallOutcome &outcome = *slot.outcome;
    const providers::ChatResult &result = outcome.result;
    std::string line = "--- ";
    if (result.error) {
        line += "error: ";
        line += providers::toString(result.error->category);
        if (result.error->status > 0)
            line += " (HTTP " + std::to_string(result.error->status) + ")";
        if (!result.error->message.empty())
            line += ": " + result.error->message;
        line += "; ";
    }
    if (outcome.measurements.ttftMs)
        line += "ttft " + milliseconds(*outcome.measurements.ttftMs) + ", ";
    line += "total " + milliseconds(outcome.measurements.totalMs);
    if (result.usage.inputTokens || result.usage.outputTokens)
        line += ", tokens " + tokens(result.usage.inputTokens) + " \u2192 "
            + tokens(result.usage.outputTokens)
            + (slot.imageTokens ? " (" + std::to_string(*slot.imageTokens) + " of the input for images)" : "");
    if (!result.finishReason.empty())
        line += ", finish " + result.finishReason;
    line += ", " + costText(slot.costUsd);
    if (outcome.measurements.attempts > 1)
        line += ", " + std::to_string(outcome.measurements.attempts) + " attempts";
    if (outcome.cached)
        line += ", cached";
    if (outcome.fellBackFrom)
        line += ", fell back from " + *outcome.fellBackFrom;
    for (std::size_t i = 0; i < outcome.notes.size(); ++i)
        line += (i == 0 ? "; note: " : "; ") + outcome.notes[i];
    return line + "\n";
}

std::string runLine(const std::vector<RunSlot> &slots, const RunSummary &summary)
{
    std::size_t failed = 0;
    for (const RunSlot &slot : slots)
        failed += slot.outcome->result.error ? 1 : 0;
    std::string line = "run " + summary.runId + " of " + summary.version + ": "
        + (summary.cancelled ? "cancelled" : "complete") + ", " + std::to_string(slots.size())
        + (slots.size() == 1 ? " target" : " targets");
    if (failed)
        line += ", " + std::to_string(failed) + " failed";
    return line + "\n";
}

} // namespace

nlohmann::json runDocument(const std::vector<RunSlot> &slots, const RunSummary &summary)
{
    nlohmann::json results = nlohmann::json::array();
    for (const RunSlot &slot : slots)
        results.push_back(resultJson(slot));
    return {{"run_id", summary.runId}, {"version", summary.version},
        {"status", summary.cancelled ? "cancelled" : "complete"}, {"results", results}};
}

std::string runText(const std::vector<RunSlot> &slots, const RunSummary &summary)
{
    std::string out;
    for (const RunSlot &slot : slots) {
        out += headerLine(slot);
        const std::string &text = slot.outcome->result.text;
        out += text;
        if (!text.empty() && text.back() != '\n')
            out += '\n';
        out += metricsLine(slot) + "\n";
    }
    return out + runLine(slots, summary);
}

std::string streamedFooter(const RunSlot &slot, const RunSummary &summary)
{
    const std::string &text = slot.outcome->result.text;
    std::string out = !text.empty() && text.back() != '\n' ? "\n" : "";
    return out + metricsLine(slot) + "\n" + runLine({slot}, summary);
}

StreamPrinter::StreamPrinter(std::size_t targets, bool progress)
    : m_targets(targets)
    , m_progress(progress)
{ }

void StreamPrinter::header(const RunSlot &slot, const model::VersionRecord &version)
{
    std::cout << shownOn(STDOUT_FILENO,
        "=== " + slot.targetId + " (" + slot.model + ") \u00b7 " + versionRef(version) + " ===\n");
    std::cout.flush();
}

void StreamPrinter::text(const std::string &text)
{
    std::cout << shownOn(STDOUT_FILENO, text);
    std::cout.flush();
}

void StreamPrinter::progress(const std::vector<RunSlot> &slots)
{
    if (!m_progress)
        return;
    std::size_t done = 0;
    for (const RunSlot &slot : slots)
        done += slot.outcome ? 1 : 0;
    const auto now = std::chrono::steady_clock::now();
    if (done == m_lastDone && m_drawn && now - m_lastDraw < std::chrono::milliseconds(100))
        return;
    m_lastDone = done;
    m_lastDraw = now;
    std::ostringstream line;
    line << "\r" << done << "/" << m_targets << " done";
    for (const RunSlot &slot : slots) {
        line << "  " << slot.targetId << ": ";
        if (slot.outcome)
            line << (slot.outcome->result.error ? "error" : "done");
        else if (slot.receivedBytes)
            line << slot.receivedBytes << " bytes";
        else
            line << "waiting";
    }
    std::string text = line.str();
    const std::size_t width = text.size();
    if (width < m_lastWidth) // blank what a longer line left behind
        text.append(m_lastWidth - width, ' ');
    m_lastWidth = width;
    std::cerr << text << std::flush;
    m_drawn = true;
}

void StreamPrinter::finish()
{
    if (m_drawn)
        std::cerr << '\n' << std::flush;
    m_drawn = false;
}

} // namespace ps::cli
