#pragma once

#include <optional>
#include <string>
#include <string_view>

// What an image file is, read from its header alone (no decoding): the formats every provider
// that takes images accepts — PNG, JPEG, GIF and WebP — and their size in pixels.
namespace ps::util {

struct ImageInfo
{
    std::string mediaType; // image/png, image/jpeg, image/gif, image/webp
    int width = 0;
    int height = 0;
};

// nullopt for bytes that are none of the four, or whose header is cut off or gives no size.
std::optional<ImageInfo> imageInfo(std::string_view bytes);

} // namespace ps::util
