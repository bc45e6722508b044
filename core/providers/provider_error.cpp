#include "providers/provider_error.h"
#include "util/ascii_text.h"
#include "util/utf8.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <string>
#include <vector>

namespace ps::providers {

namespace {

bool equalsIgnoringCase(std::string_view a, std::string_view b)
{
    return a.size() == b.size() && util::asciiLower(a) == util::asciiLower(b);
}

// A plain decimal number, as Python's float() reads a header (no hex, no "inf").
std::optional<double> parseNumber(std::string_view text)
{
    text = util::trimAsciiSpace(text);
    if (text.empty())
        return std::nullopt;
    for (char c : text)
        if (!std::isdigit(static_cast<unsigned char>(c)) && c != '.' && c != '-' && c != '+'
            && c != 'e' && c != 'E')
            return std::nullopt;
    const std::string copy(text);
    char *end = nullptr;
    const double value = std::strtod(copy.c_str(), &end);
    if (end != copy.c_str() + copy.size() || !std::isfinite(value))
        return std::nullopt;
    return value;
}

std::optional<int> parseInt(std::string_view text)
{
    int value = 0;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || ptr != text.data() + text.size())
        return std::nullopt;
    return value;
}

std::optional<unsigned> monthNumber(std::string_view name)
{
    static constexpr std::array<const char *, 12> months {
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
    for (unsigned i = 0; i < months.size(); ++i)
        if (equalsIgnoringCase(name, months[i]))
            return i + 1;
    return std::nullopt;
}

std::vector<std::string_view> splitOn(std::string_view text, std::string_view separators)
{
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    while (start <= text.size()) {
        const auto end = text.find_first_of(separators, start);
        const auto part = text.substr(start, end == std::string_view::npos ? end : end - start);
        if (!part.empty())
            parts.push_back(part);
        if (end == std::string_view::npos)
            break;
        start = end + 1;
    }
    return parts;
}

std::optional<std::chrono::system_clock::time_point> makeTime(
    int year, std::string_view monthName, int day, std::string_view clock)
{
    using namespace std::chrono;
    const auto month = monthNumber(monthName);
    const auto hms = splitOn(clock, ":");
    if (!month || hms.size() != 3)
        return std::nullopt;
    const auto h = parseInt(hms[0]), m = parseInt(hms[1]), s = parseInt(hms[2]);
    if (!h || !m || !s || *h > 23 || *m > 59 || *s > 60)
        return std::nullopt;
    const year_month_day date {std::chrono::year {year}, std::chrono::month {*month},
        std::chrono::day {static_cast<unsigned>(day)}};
    if (!date.ok())
        return std::nullopt;
    return sys_days {date} + hours {*h} + minutes {*m} + seconds {*s};
}

} // namespace

std::string findHeader(const net::Headers &headers, std::string_view name)
{
    for (const auto &[key, value] : headers)
        if (equalsIgnoringCase(key, name))
            return value;
    return {};
}

ProviderError makeError(ErrorCategory category, std::string message)
{
    ProviderError error;
    error.category = category;
    error.message = std::move(message);
    return error;
}

ErrorCategory categoryForStatus(int status)
{
    switch (status) {
    case 401:
    case 403:
        return ErrorCategory::Auth;
    case 402: // out of credit (DeepSeek, OpenRouter): like insufficient_quota
    case 429:
        return ErrorCategory::RateLimit;
    case 404:
        return ErrorCategory::NotFound;
    case 408:
        return ErrorCategory::Timeout;
    case 503:
    case 529:
        return ErrorCategory::Overloaded;
    default:
        break;
    }
    if (status == 409 || status >= 500)
        return ErrorCategory::Server;
    if (status >= 400)
        return ErrorCategory::BadRequest;
    return ErrorCategory::BadResponse; // a 1xx/2xx/3xx reply where an answer was expected
}

std::optional<std::chrono::system_clock::time_point> parseHttpDate(std::string_view text)
{
    const auto parts = splitOn(util::trimAsciiSpace(text), " ,");
    // IMF-fixdate: Sun, 06 Nov 1994 08:49:37 GMT
    if (parts.size() == 6 && equalsIgnoringCase(parts[5], "GMT")) {
        const auto day = parseInt(parts[1]), year = parseInt(parts[3]);
        if (day && year)
            return makeTime(*year, parts[2], *day, parts[4]);
        return std::nullopt;
    }
    // RFC 850: Sunday, 06-Nov-94 08:49:37 GMT
    if (parts.size() == 4 && equalsIgnoringCase(parts[3], "GMT")) {
        const auto dmy = splitOn(parts[1], "-");
        if (dmy.size() != 3)
            return std::nullopt;
        const auto day = parseInt(dmy[0]), year = parseInt(dmy[2]);
        if (!day || !year)
            return std::nullopt;
        const int fullYear = *year < 100 ? (*year < 70 ? 2000 + *year : 1900 + *year) : *year;
        return makeTime(fullYear, dmy[1], *day, parts[2]);
    }
    // asctime: Sun Nov  6 08:49:37 1994
    if (parts.size() == 5) {
        const auto day = parseInt(parts[2]), year = parseInt(parts[4]);
        if (day && year)
            return makeTime(*year, parts[1], *day, parts[3]);
    }
    return std::nullopt;
}

std::optional<double> parseRetryAfter(
    std::string_view value, std::chrono::system_clock::time_point now)
{
    if (const auto seconds = parseNumber(value))
        return std::max(0.0, *seconds);
    if (const auto when = parseHttpDate(value)) {
        const std::chrono::duration<double> wait = *when - now;
        return std::max(0.0, wait.count());
    }
    return std::nullopt;
}

void readRetryHeaders(
    const net::Headers &headers, ProviderError &error, std::chrono::system_clock::time_point now)
{
    if (const auto ms = parseNumber(findHeader(headers, "retry-after-ms")); ms && *ms >= 0)
        error.retryAfterSeconds = *ms / 1000.0;
    else if (const auto seconds = parseRetryAfter(findHeader(headers, "retry-after"), now))
        error.retryAfterSeconds = *seconds;

    const std::string header = findHeader(headers, "x-should-retry");
    const std::string_view shouldRetry = util::trimAsciiSpace(header);
    if (equalsIgnoringCase(shouldRetry, "true"))
        error.shouldRetry = true;
    else if (equalsIgnoringCase(shouldRetry, "false"))
        error.shouldRetry = false;
}

std::optional<ProviderError> transportError(const net::HttpResult &result)
{
    switch (result.error) {
    case net::TransportError::None:
        return std::nullopt;
    case net::TransportError::Network:
        return makeError(ErrorCategory::Network,
            result.errorMessage.empty() ? "the connection failed"
                                        : snippet(result.errorMessage, 500));
    case net::TransportError::Tls: {
        // A certificate that is not trusted now will not be trusted in a second.
        ProviderError error = makeError(ErrorCategory::Network,
            "TLS failed (not retried): "
                + (result.errorMessage.empty() ? std::string("the secure connection failed")
                                               : snippet(result.errorMessage, 500)));
        error.shouldRetry = false;
        return error;
    }
    case net::TransportError::Timeout: {
        std::string message = result.timeoutKind.empty()
            ? std::string("the request timed out")
            : "no answer within the " + result.timeoutKind + " time limit";
        if (!result.errorMessage.empty())
            message += " (" + snippet(result.errorMessage, 300) + ")";
        return makeError(ErrorCategory::Timeout, std::move(message));
    }
    case net::TransportError::Cancelled:
        return makeError(ErrorCategory::Cancelled, "cancelled");
    }
    return std::nullopt;
}

std::string describeBody(int status, std::string_view body)
{
    const std::string prefix = status > 0 ? "HTTP " + std::to_string(status) : "the reply";
    body = util::trimAsciiSpace(body);
    if (body.empty())
        return prefix + " with an empty body";
    if (body.front() == '<')
        return prefix + " with an HTML page instead of an API answer";
    return prefix + ": " + snippet(body, 300);
}

std::string snippet(std::string_view text, std::size_t maxBytes)
{
    std::string out;
    std::size_t i = 0;
    while (i < text.size() && out.size() < maxBytes) {
        const auto byte = static_cast<unsigned char>(text[i]);
        const std::size_t length = util::decodeUtf8(text, i).length;
        const bool valid = length > 0;
        if (!valid) {
            out += '?'; // JSON output must stay valid UTF-8
            ++i;
            continue;
        }
        if (length == 1) {
            const char c = text[i];
            out += (c == '\n' || c == '\r' || c == '\t') ? ' '
                : (byte < 0x20 || byte == 0x7F)          ? '?'
                                                         : c;
        } else {
            out.append(text.substr(i, length));
        }
        i += length;
    }
    if (i < text.size())
        out += "...";
    return out;
}

ProviderError streamCutOff(bool answerStarted)
{
    return makeError(ErrorCategory::Network,
        answerStarted ? "the stream ended early, before the answer was complete"
                      : "the stream ended before any answer arrived");
}

ProviderError badReplyError(std::string_view problem, std::string_view body)
{
    return makeError(ErrorCategory::BadResponse,
        "the reply " + std::string(problem) + ": " + snippet(body, 200));
}

std::string errorMessage(const std::string &message, int status, const nlohmann::json &body)
{
    return message.empty() ? describeBody(status, body.is_null() ? "" : body.dump())
                           : snippet(message, 1000);
}

ProviderError errorFromStatus(int status, std::string_view body)
{
    ProviderError result;
    result.category = categoryForStatus(status);
    result.message = describeBody(status, body);
    result.status = status;
    return result;
}

bool isHttpErrorStatus(int status)
{
    return status >= 400 && status <= 599;
}

} // namespace ps::providers
