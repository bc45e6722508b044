#pragma once

#include <chrono>
#include <optional>
#include <string_view>

// Which misbehaviour a fake reply shows, chosen per request through the model name.
namespace ps::fakeprovider {

enum class FaultKind {
    None,
    RateLimited, // "429[:retry-after-ms]"
    ServerError, // "500" (and "no-retry": with x-should-retry: false)
    Overloaded, // "503" (or "529")
    CutStream, // "cut": the connection closes half-way, without [DONE]
    MalformedChunk, // "malformed": one chunk is not valid JSON
    StallBeforeFirstByte, // "stall-first[:ms]"
    StallMidStream, // "stall-mid[:ms]"
    SlowDrip, // "drip[:ms per token]"
    StreamErrorEvent, // "stream-error": data: {"error":...} under HTTP 200
    ContextLength, // "context-length": 400 context_length_exceeded
    ModelNotFound, // "model-not-found": 404 model_not_found
    KeepAlive, // "keepalive[:ms]": half the tokens, then only keep-alive comments, forever
    Trickle, // "trickle[:ms]": half the tokens, then the rest one byte at a time
    Endless, // "endless[:ms]": the same token again and again, never an end
    Redirect, // "redirect": 302 to another host (OpenAI format only)
};

struct Fault
{
    FaultKind kind = FaultKind::None;
    std::chrono::milliseconds duration {0}; // the stall, the drip per token or the retry delay
    // Sent as an x-should-retry header when set (the server adds it, whatever the format).
    std::optional<bool> shouldRetry;
};

// What a server is told to do: one fault for every request, or one decided per request.
struct FaultRule
{
    enum class Mode {
        Always, // `fault` on every request
        // "flaky:<percent>[:<stall-percent>]": a 429 or a 500, half each, with that probability;
        // else, with the second, a 3 s stall before the first byte
        Flaky,
        FailTimes, // "fail-times:<n>:<spec>": `fault` on the first n requests per model name
    };
    Mode mode = Mode::Always;
    Fault fault;
    int percent = 0; // Flaky
    int stallPercent = 0; // Flaky
    int times = 0; // FailTimes

    FaultRule() = default;
    FaultRule(Fault always) // implicit: a plain fault is a rule that always applies
        : fault(always)
    { }
};

// Parses "<name>[:<ms>]" as listed above; nullopt for an unknown name.
std::optional<Fault> parseFault(std::string_view spec);

// Parses a plain fault, "flaky:<percent>[:<stall-percent>]" or "fail-times:<n>:<fault>";
// nullopt when invalid.
std::optional<FaultRule> parseFaultRule(std::string_view spec);

// A model named "fault:<spec>" selects that rule; any other model gets the server's default.
// nullopt when the model names an unknown fault.
std::optional<FaultRule> faultRuleForModel(std::string_view model, const FaultRule &serverDefault);

// The fault of request number `requestNumber` under "flaky:<percent>": decided by a hash of the
// number alone, so a run is reproducible. A 429 carries retry-after-ms 100.
Fault flakyFault(int percent, int requestNumber, int stallPercent = 0);

} // namespace ps::fakeprovider
