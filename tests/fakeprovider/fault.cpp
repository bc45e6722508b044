#include "fault.h"

#include <charconv>
#include <string>

namespace ps::fakeprovider {

namespace {

struct FaultName
{
    std::string_view name;
    FaultKind kind;
    std::chrono::milliseconds defaultDuration;
};

constexpr FaultName kFaults[] = {
    {"429", FaultKind::RateLimited, std::chrono::milliseconds(1000)},
    {"500", FaultKind::ServerError, {}},
    {"503", FaultKind::Overloaded, {}},
    {"529", FaultKind::Overloaded, {}}, // Anthropic's word for the same
    {"cut", FaultKind::CutStream, {}},
    {"malformed", FaultKind::MalformedChunk, {}},
    {"stall-first", FaultKind::StallBeforeFirstByte, std::chrono::milliseconds(30'000)},
    {"stall-mid", FaultKind::StallMidStream, std::chrono::milliseconds(30'000)},
    {"drip", FaultKind::SlowDrip, std::chrono::milliseconds(100)},
    {"stream-error", FaultKind::StreamErrorEvent, {}},
    {"context-length", FaultKind::ContextLength, {}},
    {"model-not-found", FaultKind::ModelNotFound, {}},
};

constexpr std::string_view kModelPrefix = "fault:";

} // namespace

std::optional<Fault> parseFault(std::string_view spec)
{
    if (spec.empty() || spec == "none")
        return Fault {};
    std::string_view name = spec;
    std::optional<long long> ms;
    if (const auto colon = spec.find(':'); colon != std::string_view::npos) {
        name = spec.substr(0, colon);
        const std::string_view digits = spec.substr(colon + 1);
        long long value = 0;
        const auto [end, error]
            = std::from_chars(digits.data(), digits.data() + digits.size(), value);
        if (error != std::errc() || end != digits.data() + digits.size() || value < 0)
            return std::nullopt;
        ms = value;
    }
    for (const FaultName &known : kFaults) {
        if (known.name == name)
            return Fault {known.kind, ms ? std::chrono::milliseconds(*ms) : known.defaultDuration};
    }
    return std::nullopt;
}

std::optional<Fault> faultForModel(std::string_view model, const Fault &serverDefault)
{
    if (!model.starts_with(kModelPrefix))
        return serverDefault;
    return parseFault(model.substr(kModelPrefix.size()));
}

} // namespace ps::fakeprovider
