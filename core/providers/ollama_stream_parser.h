#pragma once

#include "net/ndjson_decoder.h"
#include "providers/provider_adapter.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

// Decodes Ollama's native /api/chat NDJSON stream (PROTOCOLS.md §5) into events.
namespace ps::providers {

class OllamaStreamParser final : public StreamParser
{
public:
    std::vector<ChatEvent> feed(std::string_view bytes) override;
    std::vector<ChatEvent> finish() override;

    // Timings of the final (done) line, once it has arrived.
    const std::optional<ServerTimings> &timings() const { return m_timings; }

private:
    void handleLine(const std::string &line, std::vector<ChatEvent> &out);
    void fail(ProviderError error, std::vector<ChatEvent> &out);

    net::NdjsonDecoder m_decoder;
    bool m_sawLine = false;
    bool m_ended = false; // done:true or an error: the rest is drained
    int m_toolCount = 0;
    std::optional<ServerTimings> m_timings;
};

} // namespace ps::providers
