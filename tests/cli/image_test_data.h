#pragma once

// Image files for the image tests (raw strings live here: moc cannot read them).

namespace ps::test {

// A real 1×1 PNG.
inline constexpr const char *kOnePixelPngBase64
    = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

inline constexpr const char *kImageContent = R"({"messages": [
    {"role": "system", "content": "You describe images."},
    {"role": "user", "content": "What colour is this?", "images": [{"path": "dot.png", "detail": "low"}]}]})";

} // namespace ps::test
