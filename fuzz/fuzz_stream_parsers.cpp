// Every provider's stream parser, whole-reply parser and error classifier on what a hostile or
// broken server could send; the first byte picks the provider kind.
#include "providers/provider_adapter.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

using ps::providers::ProviderKind;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    static constexpr std::array kKinds {ProviderKind::OpenAi, ProviderKind::OpenAiCompatible,
        ProviderKind::AzureOpenAi, ProviderKind::Anthropic, ProviderKind::Gemini,
        ProviderKind::Ollama};
    if (size < 2)
        return 0;
    const auto adapter = ps::providers::makeAdapter(kKinds[data[0] % kKinds.size()]);
    if (!adapter)
        return 0;
    const std::string_view body(reinterpret_cast<const char *>(data) + 2, size - 2);
    const std::size_t cut = std::min<std::size_t>(data[1], body.size());
    auto parser = adapter->newStreamParser();
    ps::providers::ChatResult result;
    for (const auto &event : parser->feed(body.substr(0, cut)))
        result.apply(event);
    for (const auto &event : parser->feed(body.substr(cut)))
        result.apply(event);
    for (const auto &event : parser->finish())
        result.apply(event);
    adapter->parseResponse(200, {}, body);
    adapter->parseResponse(429, {{"retry-after", "7"}}, body);
    return 0;
}
