#pragma once

#include <string>
#include <string_view>

// Redacts a secret from text that arrives in pieces, where the secret may be split anywhere.
namespace ps::dispatch {

// Holds back only the tail that could still grow into the secret, so ordinary text flows on at
// once; what it lets out joins to exactly secrets::redact(all text, secret).
class StreamRedactor
{
public:
    explicit StreamRedactor(std::string secret);

    // The text that is now safe to show (possibly empty).
    std::string push(std::string_view piece);
    // The end of the text: whatever was held back.
    std::string finish();

private:
    std::string m_secret; // empty when too short to redact (see secrets::redact)
    std::string m_pending;
};

} // namespace ps::dispatch
