#include "fault.h"

#include <charconv>
#include <cstdint>
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
    {"keepalive", FaultKind::KeepAlive, std::chrono::milliseconds(200)},
    {"trickle", FaultKind::Trickle, std::chrono::milliseconds(500)},
    {"endless", FaultKind::Endless, std::chrono::milliseconds(0)},
    {"redirect", FaultKind::Redirect, {}},
};

constexpr std::string_view kModelPrefix = "fault:";
constexpr std::string_view kFlaky = "flaky:";
constexpr std::string_view kFailTimes = "fail-times:";

std::optional<long long> parseCount(std::string_view digits)
{
    long long value = 0;
    const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (error != std::errc() || end != digits.data() + digits.size() || value < 0)
        return std::nullopt;
    return value;
}

// splitmix64: a well-mixed hash of a small counter.
std::uint64_t mix(std::uint64_t value)
{
    value += 0x9e3779b97f4a7c15ULL;
    value = (value ^ (value >> 30)) * 0xbf58476d1ce4e5b9ULL;
    value = (value ^ (value >> 27)) * 0x94d049bb133111ebULL;
    return value ^ (value >> 31);
}

} // namespace

std::optional<Fault> parseFault(std::string_view spec)
{
    if (spec.empty() || spec == "none")
        return Fault {};
    if (spec == "no-retry")
        return Fault {FaultKind::ServerError, {}, false};
    std::string_view name = spec;
    std::optional<long long> ms;
    if (const auto colon = spec.find(':'); colon != std::string_view::npos) {
        name = spec.substr(0, colon);
        ms = parseCount(spec.substr(colon + 1));
        if (!ms)
            return std::nullopt;
    }
    for (const FaultName &known : kFaults) {
        if (known.name == name)
            return Fault {known.kind, ms ? std::chrono::milliseconds(*ms) : known.defaultDuration,
                std::nullopt};
    }
    return std::nullopt;
}

std::optional<FaultRule> parseFaultRule(std::string_view spec)
{
    if (spec.starts_with(kFlaky)) {
        std::string_view rest = spec.substr(kFlaky.size());
        std::string_view stall;
        if (const auto colon = rest.find(':'); colon != std::string_view::npos) {
            stall = rest.substr(colon + 1);
            rest = rest.substr(0, colon);
        }
        const auto percent = parseCount(rest);
        const auto stallPercent = stall.empty() ? std::optional<long long>(0) : parseCount(stall);
        if (!percent || !stallPercent || *percent + *stallPercent > 100)
            return std::nullopt;
        FaultRule rule;
        rule.mode = FaultRule::Mode::Flaky;
        rule.percent = static_cast<int>(*percent);
        rule.stallPercent = static_cast<int>(*stallPercent);
        return rule;
    }
    if (spec.starts_with(kFailTimes)) {
        const std::string_view rest = spec.substr(kFailTimes.size());
        const auto colon = rest.find(':');
        if (colon == std::string_view::npos)
            return std::nullopt;
        const auto times = parseCount(rest.substr(0, colon));
        const auto fault = parseFault(rest.substr(colon + 1));
        if (!times || *times > 1'000'000 || !fault)
            return std::nullopt;
        FaultRule rule(*fault);
        rule.mode = FaultRule::Mode::FailTimes;
        rule.times = static_cast<int>(*times);
        return rule;
    }
    if (const auto fault = parseFault(spec))
        return FaultRule(*fault);
    return std::nullopt;
}

std::optional<FaultRule> faultRuleForModel(std::string_view model, const FaultRule &serverDefault)
{
    if (!model.starts_with(kModelPrefix))
        return serverDefault;
    return parseFaultRule(model.substr(kModelPrefix.size()));
}

Fault flakyFault(int percent, int requestNumber, int stallPercent)
{
    const std::uint64_t hash = mix(static_cast<std::uint64_t>(requestNumber));
    const int roll = static_cast<int>(hash % 100);
    if (roll >= percent + stallPercent)
        return {};
    if (roll >= percent)
        return {FaultKind::StallBeforeFirstByte, std::chrono::milliseconds(3'000), std::nullopt};
    if ((hash >> 32) & 1)
        return {FaultKind::RateLimited, std::chrono::milliseconds(100), std::nullopt};
    return {FaultKind::ServerError, {}, std::nullopt};
}

} // namespace ps::fakeprovider
