#pragma once

#include "model/version_content.h"

#include <optional>
#include <string_view>

// The input tokens an image costs, by the rule each provider publishes for its models:
// - OpenAI, tiles: low detail a fixed base; high (and auto) fit within 2048×2048, the shortest
//   side then at most 768, base + per-tile tokens for each 512×512 tile (gpt-4o, gpt-4.1 and
//   gpt-4.5: 85 + 170; gpt-4o-mini: 2833 + 5667; o1 and o3: 75 + 150; gpt-5: 70 + 140);
// - OpenAI, patches (gpt-4.1-mini and -nano, o4-mini): 32×32 patches, at most 1536, times the
//   model's multiplier (1.62, 2.46, 1.72);
// - Anthropic: width × height / 750, the image first fitted within 1568 pixels on its long side;
// - Gemini: 258 for an image at most 384 pixels on both sides, else 258 a tile, tiles of the
//   shorter side ÷ 1.5 (at least 256, at most 768).
namespace ps::tokens {

// nullopt for a model whose rule is not known here, and for an image given by URL (its size is
// known only to the provider).
std::optional<long long> imageTokens(std::string_view model, const model::ImageRef &image);

} // namespace ps::tokens
