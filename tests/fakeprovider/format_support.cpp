#include "format_support.h"

#include "server_context.h"

#include <httplib.h>

#include <memory>

namespace ps::fakeprovider {

using std::chrono::milliseconds;

StreamPlan planTokens(const StreamShape &shape, const Reply &reply, const Fault &fault)
{
    StreamPlan plan;
    for (const std::string &event : shape.head)
        plan.steps.push_back({milliseconds(0), event});
    const std::size_t half = reply.tokens.size() / 2;
    for (std::size_t i = 0; i < reply.tokens.size(); ++i) {
        if (i == half) {
            if (fault.kind == FaultKind::CutStream) {
                plan.closeAbruptly = true;
                return plan;
            }
            if (fault.kind == FaultKind::StreamErrorEvent) {
                plan.steps.push_back({milliseconds(0), shape.errorEvent});
                return plan;
            }
            if (fault.kind == FaultKind::MalformedChunk)
                plan.steps.push_back({milliseconds(0), shape.malformedEvent});
            if (fault.kind == FaultKind::KeepAlive) {
                plan.forever = StreamStep {fault.duration, shape.keepAlive};
                return plan;
            }
            if (fault.kind == FaultKind::Endless) {
                plan.forever = StreamStep {fault.duration, shape.token(i)};
                return plan;
            }
        }
        milliseconds delay {0};
        if (fault.kind == FaultKind::SlowDrip
            || (fault.kind == FaultKind::StallMidStream && i == half))
            delay = fault.duration;
        if (fault.kind == FaultKind::Trickle && i >= half) {
            for (const char byte : shape.token(i))
                plan.steps.push_back({fault.duration, std::string(1, byte)});
            continue;
        }
        plan.steps.push_back({delay, shape.token(i)});
    }
    for (const std::string &event : shape.tail)
        plan.steps.push_back({milliseconds(0), event});
    return plan;
}

void sendStream(
    httplib::Response &response, ServerContext &context, StreamPlan plan, const char *contentType)
{
    auto shared = std::make_shared<StreamPlan>(std::move(plan));
    response.set_chunked_content_provider(
        contentType, [shared, &context](std::size_t, httplib::DataSink &sink) {
            for (const StreamStep &step : shared->steps) {
                if (!context.pause(step.delay) || !sink.write(step.bytes.data(), step.bytes.size()))
                    return false; // stopping, or the client went away
            }
            while (shared->forever) {
                const StreamStep &step = *shared->forever;
                if (!context.pause(step.delay) || !sink.write(step.bytes.data(), step.bytes.size()))
                    return false;
            }
            if (shared->closeAbruptly)
                return false; // httplib then closes the connection mid-body
            sink.done();
            return true;
        });
}

void sendCutBody(httplib::Response &response, std::string body)
{
    const std::size_t length = body.size();
    auto shared = std::make_shared<std::string>(std::move(body));
    response.set_content_provider(length, "application/json",
        [shared](std::size_t offset, std::size_t, httplib::DataSink &sink) {
            const std::size_t half = shared->size() / 2;
            if (offset < half)
                sink.write(shared->data() + offset, half - offset);
            return offset < half;
        });
}

void sendAnswer(httplib::Response &response, ServerContext &context, const ChatCall &call,
    const Fault &fault, const std::function<StreamPlan()> &stream,
    const std::function<std::string()> &body, const char *streamType)
{
    if (fault.kind == FaultKind::StallBeforeFirstByte && !context.pause(fault.duration))
        return;
    if (call.stream) {
        sendStream(response, context, stream(), streamType);
        return;
    }
    // Without streaming, a slow generation is simply a later answer.
    const long words = static_cast<long>(composeReply(call).tokens.size());
    const auto generation = fault.kind == FaultKind::SlowDrip ? fault.duration * words
        : fault.kind == FaultKind::StallMidStream             ? fault.duration
                                                              : milliseconds(0);
    if (!context.pause(generation))
        return;
    std::string json = body();
    if (fault.kind == FaultKind::CutStream)
        sendCutBody(response, std::move(json));
    else if (fault.kind == FaultKind::MalformedChunk)
        response.set_content(json.substr(0, json.size() / 2), "application/json");
    else
        response.set_content(json, "application/json");
}

std::string sseBlock(const std::string &data, const std::string &event)
{
    return (event.empty() ? "" : "event: " + event + "\n") + "data: " + data + "\n\n";
}

} // namespace ps::fakeprovider
