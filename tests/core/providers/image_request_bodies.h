#pragma once

// The bodies test_image_requests expects (raw strings live here: moc cannot read them).

namespace ps::test {

inline constexpr const char *kOpenAiParts = R"([
            {"type": "text", "text": "What is on the receipt?"},
            {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw0KGgo="}},
            {"type": "image_url", "image_url": {"url": "https://example.com/receipt.jpg", "detail": "high"}}])";

inline constexpr const char *kAnthropicBlocks = R"([
            {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": "iVBORw0KGgo="}},
            {"type": "image", "source": {"type": "url", "url": "https://example.com/receipt.jpg"}},
            {"type": "text", "text": "What is on the receipt?"}])";

inline constexpr const char *kGeminiParts = R"([
            {"text": "What is on the receipt?"},
            {"inline_data": {"mime_type": "image/png", "data": "iVBORw0KGgo="}}])";

inline constexpr const char *kOllamaImages = R"(["iVBORw0KGgo="])";

} // namespace ps::test
