// promptsmith-fakeprovider: serves the fake LLM provider until it is killed.

#include "fake_provider_server.h"

#include <CLI/CLI.hpp>

#include <csignal>
#include <fstream>
#include <iostream>

int main(int argc, char **argv)
{
    CLI::App app {
        "A fake LLM provider (OpenAI Chat Completions) on 127.0.0.1, for tests and demos"};
    int port = 0;
    long long latencyMs = 0;
    std::string fault;
    std::string apiKey;
    long long batchLatencyMs = 0;
    app.add_option("--port", port, "Port to listen on; 0 picks a free one (printed on stdout)")
        ->check(CLI::Range(0, 65535));
    app.add_option("--latency-ms", latencyMs, "Delay added before every reply")
        ->check(CLI::NonNegativeNumber);
    app.add_option("--fault", fault,
        "Fault for models not named fault:..., e.g. 429, 503, cut, drip:50, no-retry, flaky:20, "
        "fail-times:2:500");
    app.add_option("--batch-latency-ms", batchLatencyMs,
        "How long a batch takes from its creation until it has ended")
        ->check(CLI::NonNegativeNumber);
    app.add_option("--api-key", apiKey, "Require Authorization: Bearer <key>");
    std::size_t workers = 64;
    app.add_option("--workers", workers,
        "Worker threads; a kept-alive connection holds one (benchmarks at high concurrency)")
        ->check(CLI::Range(1, 4096));
    std::string statsFile;
    app.add_option("--stats", statsFile,
        "On SIGINT or SIGTERM, write {\"requests\": N, \"answered\": M, \"batch_requests\": B} "
        "to this file");
    CLI11_PARSE(app, argc, argv);

    ps::fakeprovider::FakeProviderOptions options;
    options.latency = std::chrono::milliseconds(latencyMs);
    options.apiKey = apiKey;
    options.batchLatency = std::chrono::milliseconds(batchLatencyMs);
    options.workers = workers;
    const auto parsedFault = ps::fakeprovider::parseFaultRule(fault);
    if (!parsedFault) {
        std::cerr << "unknown fault: " << fault << '\n';
        return 2;
    }
    options.defaultFault = *parsedFault;

    // Block the stop signals before any thread starts, so that only sigwait() receives them.
    sigset_t stopSignals;
    sigemptyset(&stopSignals);
    sigaddset(&stopSignals, SIGINT);
    sigaddset(&stopSignals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stopSignals, nullptr);

    ps::fakeprovider::FakeProviderServer server(options);
    if (!server.start(port)) {
        std::cerr << "cannot listen on 127.0.0.1:" << port << '\n';
        return 1;
    }
    std::cout << server.port() << std::endl;

    int received = 0;
    sigwait(&stopSignals, &received);
    server.stop();
    if (!statsFile.empty()) {
        std::ofstream(statsFile) << "{\"requests\": " << server.requestCount()
                                 << ", \"answered\": " << server.answerCount()
                                 << ", \"batch_requests\": " << server.batches().requestsSubmitted()
                                 << "}\n";
    }
    return 0;
}
