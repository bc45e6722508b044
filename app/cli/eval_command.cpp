// eval: a version over a dataset for several targets, each cell committed as it completes;
// Ctrl+C or a crash leaves a run that `eval --resume RUN_ID` finishes. Prints a summary per
// target and the gates, writes --output, and exits by the gates (CLI.md "Gates").

#include "cli_format.h"
#include "commands.h"
#include "secret_service.h"
#include "interrupt_guard.h"
#include "price_commands.h"
#include "prompt_inputs.h"

#include "dispatch/engine.h"
#include "eval/gate.h"
#include "run/call_pricing.h"
#include "run/eval_report.h"
#include "run/eval_report_sections.h"
#include "run/eval_estimate.h"
#include "run/eval_runner.h"
#include "run/target_calls.h"
#include "secrets/machine_key.h"
#include "store/image_store.h"
#include "store/dataset_store.h"
#include "store/spec_store.h"
#include "store/response_cache_store.h"
#include "store/run_store.h"
#include "util/number_text.h"

#include <atomic>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <unistd.h>

namespace ps::cli {

namespace {

// A judge prompt from FILE ("" when none is given): it must place the answer ({{output}}) and
// what it is judged against, or every verdict would be a guess.
std::string readJudgePrompt(const std::string &file, const std::string &criterion)
{
    if (file.empty())
        return {};
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throw CliError(
            ExitBadInput, "file", "cannot read the judge prompt " + quoted(file), {{"file", file}});
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    for (const std::string &tag : {std::string("{{output}}"), criterion}) {
        if (text.find(tag) == std::string::npos)
            throw CliError(ExitBadInput, "file",
                "the judge prompt " + quoted(file) + " has no " + tag
                    + ": the judge would not see it",
                {{"file", file}});
    }
    return text;
}

std::vector<eval::Gate> parseGates(const std::vector<std::string> &expressions)
{
    std::vector<eval::Gate> gates;
    for (const std::string &expression : expressions) {
        try {
            gates.push_back(eval::parseGate(expression));
        } catch (const eval::GateError &error) {
            throw CliError(ExitBadInput, "gate",
                "--gate " + quoted(expression) + ": " + error.what(), {{"gate", expression}});
        }
    }
    return gates;
}

void checkUsage(const EvalArgs &args)
{
    if (!args.resume.empty()) {
        if (!args.refs.empty() || !args.dataset.empty() || !args.targets.empty()
            || !args.vars.empty())
            throw CliError(ExitUsage, "usage",
                "eval --resume takes its version, dataset, targets and variables from the run; "
                "give only --resume RUN_ID (and --output, --gate)");
        if (args.estimate)
            throw CliError(ExitUsage, "usage", "--estimate is for a new run: give REF, --dataset and --target");
        if (args.batch)
            throw CliError(ExitUsage, "usage",
                "a resumed run keeps the way it was sent: --batch is for a new run");
        return;
    }
    if (args.refs.empty())
        throw CliError(ExitUsage, "usage", "eval needs a REF, or --resume RUN_ID");
    if (args.dataset.empty())
        throw CliError(ExitUsage, "usage", "eval needs --dataset NAME");
    if (args.targets.empty())
        throw CliError(ExitUsage, "usage", "eval needs at least one --target");
    if (args.concurrency < 1)
        throw CliError(ExitUsage, "usage", "--concurrency must be at least 1");
    if (args.repeat < 1)
        throw CliError(ExitUsage, "usage", "--repeat must be at least 1");
    if (args.detach && !args.batch)
        throw CliError(ExitUsage, "usage", "--detach leaves batches running: give --batch too");
}

// "12 s", "3 min 5 s", "1 h 2 min"
std::string durationText(double seconds)
{
    const long long total = std::llround(std::max(0.0, seconds));
    if (total < 60)
        return std::to_string(total) + " s";
    if (total < 3600)
        return std::to_string(total / 60) + " min " + std::to_string(total % 60) + " s";
    return std::to_string(total / 3600) + " h " + std::to_string(total % 3600 / 60) + " min";
}

// "eval 120/400 cells · 30% · 12 s left", redrawn in place on a terminal at most 10 times a second.
class ProgressLine
{
public:
    explicit ProgressLine(bool enabled)
        : m_enabled(enabled)
    { }

    void show(const run::EvalProgress &progress)
    {
        if (!m_enabled)
            return;
        const auto now = std::chrono::steady_clock::now();
        if (progress.done < progress.total && now - m_last < std::chrono::milliseconds(100))
            return;
        m_last = now;
        const int percent = progress.total > 0 ? progress.done * 100 / progress.total : 100;
        std::string line = "eval " + std::to_string(progress.done) + "/"
            + std::to_string(progress.total) + " cells \u00b7 " + std::to_string(percent) + "%";
        if (progress.etaSeconds && progress.done < progress.total)
            line += " \u00b7 " + durationText(*progress.etaSeconds) + " left";
        if (!progress.stage.empty())
            line += " \u00b7 " + progress.stage;
        std::cerr << "\r\033[K" << line << std::flush;
        m_shown = true;
    }

    void finish()
    {
        if (m_shown)
            std::cerr << "\r\033[K" << std::flush;
        m_shown = false;
    }

private:
    bool m_enabled;
    bool m_shown = false;
    std::chrono::steady_clock::time_point m_last {};
};

std::string optionalMs(const std::optional<double> &value)
{
    return value ? util::fixed(*value, 0) : "-";
}

std::string summaryText(const run::EvalReport &report)
{
    std::string text
        = "run " + report.runId + " of " + run::report_text::versionsText(report) + ": "
        + report.status + "\n\n";
    TextTable table;
    table.addRow({report.versions.size() > 1 ? "COLUMN" : "TARGET", "N", "PASS RATE (95% CI)", "MEAN SCORE", "P50 MS", "P95 MS", "COST", "ERRORS"});
    for (const std::string &target : report.columns) {
        const auto found = report.summary.find(target);
        if (found == report.summary.end())
            continue;
        const eval::TargetSummary &s = found->second;
        table.addRow({target, std::to_string(s.n),
            util::fixed(s.passRate, 3) + " (" + util::fixed(s.passRateCi95.low, 2) + "\u2013"
                + util::fixed(s.passRateCi95.high, 2) + ")",
            util::fixed(s.meanScore, 3), optionalMs(s.latencyMsP50), optionalMs(s.latencyMsP95),
            util::dollars(s.costUsd), std::to_string(s.errors)});
    }
    text += table.toString();
    for (const std::string &target : report.columns) {
        const auto found = report.summary.find(target);
        if (found != report.summary.end() && found->second.cached > 0)
            text += target + ": " + std::to_string(found->second.cached) + " of "
                + std::to_string(found->second.n)
                + " cells answered from this machine's cache (nothing sent; --no-cache asks "
                  "again)\n";
    }
    if (report.versions.size() > 1 && !report.comparisons.empty()) {
        text += "\nA/B:\n";
        for (const std::string &line : run::report_text::comparisonLines(report))
            text += "  " + line + "\n";
    }
    if (!report.specs.empty()) {
        text += "\nspecs:\n";
        for (const run::SpecOutcome &spec : report.specs) {
            const eval::GateStatus status = spec.result.status;
            text += std::string(status == eval::GateStatus::Met ? "  met        "
                        : status == eval::GateStatus::Undecided ? "  undecided  "
                                                                : "  NOT MET    ")
                + spec.spec.name + "  " + spec.spec.expression + "  [" + spec.column + "]  "
                + (spec.result.measured ? util::fixed(spec.result.actual, 4) : "not measured");
            if (status != eval::GateStatus::Met && !spec.result.reason.empty())
                text += "  " + spec.result.reason;
            text += "\n";
        }
    }
    if (!report.gates.empty()) {
        text += "\ngates:\n";
        for (const run::GateOutcome &gate : report.gates) {
            text += std::string(gate.result.pass ? "  pass  " : "  FAIL  ") + gate.expression
                + "  [" + gate.column + "]  " + util::fixed(gate.result.actual, 4);
            if (!gate.result.pass && !gate.result.reason.empty())
                text += "  " + gate.result.reason;
            text += "\n";
        }
    }
    return text;
}

} // namespace

int runEval(const CliContext &ctx, const EvalArgs &args)
{
    checkUsage(args);
    if (!args.output.empty())
        ctx.checkOutputPath(args.output); // before any request is paid for
    // Every input is checked before a request is sent: gates first, then the project's parts.
    std::vector<std::string> gateExpressions = args.gates;
    parseGates(gateExpressions);
    const nlohmann::json vars = readVariableValues(args.vars, {});

    const store::Project project = ctx.openProject();
    store::ResponseCacheStore cache(project, secrets::machineKey(providers::systemEnvironment()));
    const run::CallPricing pricing(project);
    run::CallPricing::prepare(); // here, not first on the network thread
    dispatch::DispatcherOptions options;
    options.cache = &cache;
    options.imageBytes = [&project](const std::string &sha256) { return store::ImageStore(project).bytes(sha256); };
    dispatch::Engine engine(options, providers::systemEnvironment(), secretServiceLookup());
    run::EvalRunner runner(project, engine.dispatcher(),
        [&pricing](const dispatch::TargetCall &call, const dispatch::CallOutcome &outcome) {
            return pricing.cost(call, outcome);
        });

    model::RunRecord run;
    try {
        if (args.resume.empty()) {
            std::vector<model::VersionRecord> versions;
            for (const std::string &ref : args.refs)
                versions.push_back(project.resolve(ref));
            const model::VersionRecord &version = versions.front();
            if (args.specs && store::SpecStore(project).listOfVersion(version.id).empty())
                throw CliError(ExitBadInput, "spec",
                    version.promptName + " has no specs to check; add one with `spec set "
                        + version.promptName + " NAME EXPR --why TEXT`",
                    {{"prompt", version.promptName}});
            const auto dataset = store::DatasetStore(project).findLatest(args.dataset);
            if (!dataset)
                throw CliError(ExitBadInput, "dataset",
                    "there is no dataset " + quoted(args.dataset) + " in " + project.path().string()
                        + " (import one with `dataset import`)",
                    {{"dataset", args.dataset}});
            run::EvalSpec spec;
            spec.datasetId = dataset->id;
            spec.targets = args.targets;
            spec.repeat = args.repeat;
            spec.concurrency = args.concurrency;
            spec.useCache = !args.noCache;
            spec.vars = vars;
            spec.rubricPrompt = readJudgePrompt(args.judgePrompt, "{{rubric}}");
            spec.groundednessPrompt = readJudgePrompt(args.groundednessPrompt, "{{source}}");
            spec.extra = {{"gates", gateExpressions}, {"dataset", args.dataset}};
            if (args.specs)
                spec.extra["specs_are_gates"] = true;
            spec.batch = args.batch;
            spec.retryFailedLive = args.batchFailed == "retry";
            spec.batchPollSeconds = args.pollSeconds;
            if (args.estimate) {
                const run::EvalEstimate estimate = run::estimateEval(project, versions, spec);
                if (ctx.options.json)
                    ctx.printJson(estimate.toJson());
                else
                    ctx.print(estimate.toText());
                return ExitOk;
            }
            run = runner.start(versions, spec);
        } else {
            run = runner.resume(args.resume);
            // Without --gate the resumed run is checked by the gates it started with.
            if (gateExpressions.empty() && run.options.contains("gates")
                && run.options["gates"].is_array())
                gateExpressions = run.options["gates"].get<std::vector<std::string>>();
        }
    } catch (const run::EvalInputError &error) {
        throw CliError(ExitBadInput, "dataset", error.what(), {{"case", error.caseIndex()}});
    } catch (const run::TargetCallError &error) {
        throw CliError(ExitBadInput, "content", error.what(),
            {{"field", error.field()}, {"target", error.targetId()}});
    }
    const std::vector<eval::Gate> gates = parseGates(gateExpressions);

    run::EvalResult result;
    {
        InterruptGuard interruptGuard;
        ProgressLine line(::isatty(STDERR_FILENO) == 1);
        result = runner.execute([&](const run::EvalProgress &progress) {
            if (InterruptGuard::interrupted())
                runner.cancel();
            // The first look at the batches comes once they are all handed over.
            if (args.detach && !progress.stage.empty())
                runner.detach();
            line.show(progress);
        });
        line.finish();
    }

    const std::string resumeCommand = "`promptsmith-cli --project " + project.path().string()
        + " eval --resume " + run.id + "`";
    if (result.detached) {
        std::string ids;
        for (const std::string &id : result.batchIds)
            ids += (ids.empty() ? "" : ", ") + id;
        ctx.print("run " + run.id + ": " + std::to_string(result.total - result.skipped)
            + " cells in " + (result.batchIds.size() == 1 ? "batch " : "batches ") + ids
            + " at the provider (answered within 24 hours); collect them with " + resumeCommand
            + "\n");
        return ExitOk;
    }
    if (!result.batchProblem.empty()) {
        std::cerr << "stopped: " << result.batchProblem << "; the run is incomplete: finish it with "
                  << resumeCommand << "\n";
        return ExitProvider;
    }

    const bool withDocument = !args.output.empty() || ctx.options.json; // text: the summary
    run::EvalReport report;
    {
        const store::RunStore runs(project);
        model::RunRecord stored = runs.findRun(run.id).value_or(run);
        // Marking the run incomplete may itself have failed with the store: it is all the same.
        if (result.storeFailed)
            stored.status = model::RunStatus::Incomplete;
        run::ReportInputs inputs = run::reportInputs(project, stored);
        inputs.specsAreGates = inputs.specsAreGates || args.specs; // stored, or asked now
        inputs.withCells = withDocument;
        report = run::buildEvalReport(
            stored, runs.responses(run.id, store::ResponseParts::WithoutRequests), gates, inputs);
    }
    if (withDocument) {
        const nlohmann::json document = run::toJson(report);
        if (!args.output.empty())
            ctx.writeOutputFile(args.output, document.dump(2) + "\n");
        if (ctx.options.json)
            ctx.printJson(document);
    }
    if (!ctx.options.json)
        ctx.print(summaryText(report));
    for (const std::string &error : result.storeErrors)
        std::cerr << "error: a cell could not be stored: " << error << '\n';
    if (result.storeFailed)
        std::cerr << "stopped: nothing more was sent once an answer could not be stored ("
                  << result.unsent << " cells not sent); finish with `promptsmith-cli --project "
                  << project.path().string() << " eval --resume " << run.id << "`\n";

    if (result.retriedLive > 0)
        std::cerr << result.retriedLive << " cells the batch failed were asked again live\n";
    if (result.cancelled) {
        if (!result.batchIds.empty())
            std::cerr << "the run's batches were cancelled at the provider\n";
        std::cerr << "cancelled: " << (result.skipped + result.answered + result.errored) << " of "
                  << result.total << " cells are stored; finish with `promptsmith-cli --project "
                  << project.path().string() << " eval --resume " << run.id << "`\n";
        return 130; // the shell's convention for a program ended by SIGINT
    }
    if (!result.storeErrors.empty())
        return ExitBadInput;
    int cells = 0;
    int errors = 0;
    for (const auto &[target, summary] : report.summary) {
        cells += summary.n;
        errors += summary.errors;
    }
    if (cells > 0 && errors == cells)
        return ExitProvider; // nothing answered: a provider or network failure, not a verdict
    return run::exitCode(report);
}

} // namespace ps::cli
