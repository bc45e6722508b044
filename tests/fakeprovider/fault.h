#pragma once

#include <chrono>
#include <optional>
#include <string_view>

// Which misbehaviour a fake reply shows, chosen per request through the model name.
namespace ps::fakeprovider {

enum class FaultKind {
    None,
    RateLimited, // "429[:retry-after-ms]"
    ServerError, // "500"
    Overloaded, // "503" (or "529")
    CutStream, // "cut": the connection closes half-way, without [DONE]
    MalformedChunk, // "malformed": one chunk is not valid JSON
    StallBeforeFirstByte, // "stall-first[:ms]"
    StallMidStream, // "stall-mid[:ms]"
    SlowDrip, // "drip[:ms per token]"
    StreamErrorEvent, // "stream-error": data: {"error":...} under HTTP 200
    ContextLength, // "context-length": 400 context_length_exceeded
    ModelNotFound, // "model-not-found": 404 model_not_found
};

struct Fault
{
    FaultKind kind = FaultKind::None;
    std::chrono::milliseconds duration {0}; // the stall, the drip per token or the retry delay
};

// Parses "<name>[:<ms>]" as listed above; nullopt for an unknown name.
std::optional<Fault> parseFault(std::string_view spec);

// A model named "fault:<spec>" selects that fault; any other model gets the server's default.
// nullopt when the model names an unknown fault.
std::optional<Fault> faultForModel(std::string_view model, const Fault &serverDefault);

} // namespace ps::fakeprovider
