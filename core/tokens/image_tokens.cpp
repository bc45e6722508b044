#include "tokens/image_tokens.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <string>

namespace ps::tokens {

namespace {

struct TileRule
{
    long long base;
    long long perTile;
};

struct PatchRule
{
    double multiplier;
};

bool startsWith(std::string_view text, std::string_view prefix)
{
    return text.substr(0, prefix.size()) == prefix;
}

long long tiles(double width, double height, const model::ImageRef &image, TileRule rule)
{
    if (image.detail == "low")
        return rule.base;
    // Fit within 2048×2048, then bring the shortest side down to 768.
    double scale = std::min(1.0, 2048.0 / std::max(width, height));
    width *= scale;
    height *= scale;
    scale = std::min(1.0, 768.0 / std::min(width, height));
    width *= scale;
    height *= scale;
    const auto count = static_cast<long long>(std::ceil(width / 512.0) * std::ceil(height / 512.0));
    return rule.base + rule.perTile * count;
}

long long patches(double width, double height, PatchRule rule)
{
    constexpr double kPatch = 32;
    constexpr double kMost = 1536;
    double count = std::ceil(width / kPatch) * std::ceil(height / kPatch);
    if (count > kMost) {
        // Shrink to fit the patch budget, then so that a whole number of patches spans each side.
        double shrink = std::sqrt(kPatch * kPatch * kMost / (width * height));
        shrink *= std::min(std::floor(width * shrink / kPatch) / (width * shrink / kPatch),
            std::floor(height * shrink / kPatch) / (height * shrink / kPatch));
        // (less a hair: 1408.0000001 pixels are 44 patches, not 45)
        count = std::ceil(width * shrink / kPatch - 1e-9) * std::ceil(height * shrink / kPatch - 1e-9);
    }
    return static_cast<long long>(std::ceil(count * rule.multiplier));
}

long long anthropic(double width, double height)
{
    const double scale = std::min(1.0, 1568.0 / std::max(width, height));
    return static_cast<long long>(std::ceil(width * scale * height * scale / 750.0 - 1e-9));
}

long long gemini(double width, double height)
{
    if (width <= 384 && height <= 384)
        return 258;
    const double unit = std::clamp(std::floor(std::min(width, height) / 1.5), 256.0, 768.0);
    return 258 * static_cast<long long>(std::ceil(width / unit) * std::ceil(height / unit));
}

} // namespace

std::optional<long long> imageTokens(std::string_view model, const model::ImageRef &image)
{
    if (image.width <= 0 || image.height <= 0)
        return std::nullopt;
    std::string id(model);
    std::transform(id.begin(), id.end(), id.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    if (const auto slash = id.rfind('/'); slash != std::string::npos)
        id = id.substr(slash + 1);
    const double width = image.width;
    const double height = image.height;
    if (startsWith(id, "gpt-4.1-mini"))
        return patches(width, height, {1.62});
    if (startsWith(id, "gpt-4.1-nano"))
        return patches(width, height, {2.46});
    if (startsWith(id, "o4-mini"))
        return patches(width, height, {1.72});
    if (startsWith(id, "gpt-4o-mini"))
        return tiles(width, height, image, {2833, 5667});
    if (startsWith(id, "gpt-5"))
        return tiles(width, height, image, {70, 140});
    if (startsWith(id, "o1") || startsWith(id, "o3"))
        return tiles(width, height, image, {75, 150});
    if (startsWith(id, "gpt-4o") || startsWith(id, "chatgpt-4o") || startsWith(id, "gpt-4.1") || startsWith(id, "gpt-4.5")
        || startsWith(id, "gpt-4-turbo"))
        return tiles(width, height, image, {85, 170});
    if (startsWith(id, "claude"))
        return anthropic(width, height);
    if (startsWith(id, "gemini"))
        return gemini(width, height);
    return std::nullopt;
}

} // namespace ps::tokens
