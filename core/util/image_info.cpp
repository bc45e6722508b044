#include "util/image_info.h"

#include <cstdint>

namespace ps::util {

namespace {

std::uint32_t byteAt(std::string_view bytes, std::size_t at)
{
    return static_cast<unsigned char>(bytes[at]);
}

std::uint32_t bigEndian16(std::string_view bytes, std::size_t at)
{
    return byteAt(bytes, at) << 8 | byteAt(bytes, at + 1);
}

std::uint32_t bigEndian32(std::string_view bytes, std::size_t at)
{
    return bigEndian16(bytes, at) << 16 | bigEndian16(bytes, at + 2);
}

std::uint32_t littleEndian(std::string_view bytes, std::size_t at, int count)
{
    std::uint32_t value = 0;
    for (int i = count - 1; i >= 0; --i)
        value = value << 8 | byteAt(bytes, at + std::size_t(i));
    return value;
}

std::optional<ImageInfo> sized(const char *type, std::uint32_t width, std::uint32_t height)
{
    if (width == 0 || height == 0 || width > 1'000'000 || height > 1'000'000)
        return std::nullopt;
    return ImageInfo {type, int(width), int(height)};
}

std::optional<ImageInfo> png(std::string_view bytes)
{
    // The signature, then the IHDR chunk first: length, "IHDR", width, height.
    if (bytes.size() < 24 || bytes.substr(12, 4) != "IHDR")
        return std::nullopt;
    return sized("image/png", bigEndian32(bytes, 16), bigEndian32(bytes, 20));
}

std::optional<ImageInfo> jpeg(std::string_view bytes)
{
    // Segments follow the SOI marker; a start-of-frame segment holds the size.
    std::size_t at = 2;
    while (at + 4 <= bytes.size()) {
        if (byteAt(bytes, at) != 0xFF)
            return std::nullopt;
        const std::uint32_t marker = byteAt(bytes, at + 1);
        if (marker == 0xFF) { // fill byte
            ++at;
            continue;
        }
        if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) { // markers without a length
            at += 2;
            continue;
        }
        if (marker == 0xD9 || marker == 0xDA) // end of image, start of scan: no frame header seen
            return std::nullopt;
        const std::uint32_t length = bigEndian16(bytes, at + 2);
        const bool frame = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
        if (frame) {
            if (at + 9 > bytes.size())
                return std::nullopt;
            return sized("image/jpeg", bigEndian16(bytes, at + 7), bigEndian16(bytes, at + 5));
        }
        if (length < 2)
            return std::nullopt;
        at += 2 + length;
    }
    return std::nullopt;
}

std::optional<ImageInfo> gif(std::string_view bytes)
{
    if (bytes.size() < 10)
        return std::nullopt;
    return sized("image/gif", littleEndian(bytes, 6, 2), littleEndian(bytes, 8, 2));
}

std::optional<ImageInfo> webp(std::string_view bytes)
{
    if (bytes.size() < 30)
        return std::nullopt;
    const std::string_view chunk = bytes.substr(12, 4);
    if (chunk == "VP8 ") // lossy: a frame tag, a start code, then 14-bit sizes
        return sized("image/webp", littleEndian(bytes, 26, 2) & 0x3FFF, littleEndian(bytes, 28, 2) & 0x3FFF);
    if (chunk == "VP8L") { // lossless: a signature byte, then 14 bits each, less one
        const std::uint32_t bits = littleEndian(bytes, 21, 4);
        return sized("image/webp", (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1);
    }
    if (chunk == "VP8X") // extended: 24-bit sizes, less one
        return sized("image/webp", littleEndian(bytes, 24, 3) + 1, littleEndian(bytes, 27, 3) + 1);
    return std::nullopt;
}

} // namespace

std::optional<ImageInfo> imageInfo(std::string_view bytes)
{
    if (bytes.substr(0, 8) == std::string_view("\x89PNG\r\n\x1a\n", 8))
        return png(bytes);
    if (bytes.size() >= 3 && byteAt(bytes, 0) == 0xFF && byteAt(bytes, 1) == 0xD8 && byteAt(bytes, 2) == 0xFF)
        return jpeg(bytes);
    if (bytes.substr(0, 6) == "GIF87a" || bytes.substr(0, 6) == "GIF89a")
        return gif(bytes);
    if (bytes.substr(0, 4) == "RIFF" && bytes.substr(8, 4) == "WEBP")
        return webp(bytes);
    return std::nullopt;
}

} // namespace ps::util
