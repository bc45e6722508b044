#pragma once

#include "net/ndjson_decoder.h"
#include "providers/provider_adapter.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

// Decodes Ollama's native /api/chat NDJSON stream (PROTOCOLS.md §5) into events.
namespace ps::providers {

// The server's own measurements from the final line, in milliseconds (sent as nanoseconds).
struct OllamaTimings
{
    std::optional<double> totalMs;
    std::optional<double> loadMs;
    std::optional<double> promptEvalMs;
    std::optional<double> evalMs;

    bool operator==(const OllamaTimings &) const = default;
};

class OllamaStreamParser final : public StreamParser
{
public:
    std::vector<ChatEvent> feed(std::string_view bytes) override;
    std::vector<ChatEvent> finish() override;

    // Timings of the final (done) line, once it has arrived.
    const std::optional<OllamaTimings> &timings() const { return m_timings; }

private:
    void handleLine(const std::string &line, std::vector<ChatEvent> &out);
    void fail(ProviderError error, std::vector<ChatEvent> &out);

    net::NdjsonDecoder m_decoder;
    bool m_sawLine = false;
    bool m_ended = false; // done:true or an error: the rest is drained
    int m_toolCount = 0;
    std::optional<OllamaTimings> m_timings;
};

} // namespace ps::providers
