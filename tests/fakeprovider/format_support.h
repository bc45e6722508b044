#pragma once

#include "fault.h"
#include "reply.h"

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace httplib {
struct Request;
struct Response;
} // namespace httplib

// What the wire formats of the fake provider share: planned streams and the order of a reply.
namespace ps::fakeprovider {

class ServerContext;

// One planned piece of a stream: wait, then write these bytes.
struct StreamStep
{
    std::chrono::milliseconds delay {0};
    std::string bytes;
};

struct StreamPlan
{
    std::vector<StreamStep> steps;
    bool closeAbruptly = false; // end without the chunked terminator
    // After the steps, this step again and again until the client leaves (keepalive, endless).
    std::optional<StreamStep> forever;
};

// The events of one format around the reply's tokens.
struct StreamShape
{
    std::vector<std::string> head; // before the first token
    std::function<std::string(std::size_t index)> token; // the event carrying token `index`
    std::string errorEvent; // sent half-way for stream-error, then the stream ends
    std::string malformedEvent; // sent half-way for malformed, then the stream goes on
    std::vector<std::string> tail; // after the last token
    std::string keepAlive = ": keep-alive\n\n"; // what holds the line without content
};

// The steps of a stream with the fault applied half-way (cut, error, malformed, stall, drip).
StreamPlan planTokens(const StreamShape &shape, const Reply &reply, const Fault &fault);

void sendStream(httplib::Response &response, ServerContext &context, StreamPlan plan,
    const char *contentType = "text/event-stream; charset=utf-8");

// A non-streaming body whose connection closes half-way through.
void sendCutBody(httplib::Response &response, std::string body);

// The reply once no status fault applies: a stall before the first byte, then the stream, or the
// whole body after the generation time (cut or truncated for those faults).
void sendAnswer(httplib::Response &response, ServerContext &context, const ChatCall &call,
    const Fault &fault, const std::function<StreamPlan()> &stream,
    const std::function<std::string()> &body, const char *streamType);

// "<event>" as an SSE data block, with an event line when `event` is not empty.
std::string sseBlock(const std::string &data, const std::string &event = "");

} // namespace ps::fakeprovider
