#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// OpenAI's public byte-pair encodings (tiktoken's rank files and split patterns), so a prompt's
// tokens are counted exactly as the provider will bill them, before anything is sent.
namespace ps::tokens {

enum class Encoding
{
    Cl100kBase, // GPT-4, GPT-3.5, text-embedding-3
    O200kBase, // GPT-4o, GPT-4.1, GPT-5, the o-series
};

std::string_view encodingName(Encoding encoding);
std::optional<Encoding> encodingFromName(std::string_view name);

// The rank files exactly as compiled in (tiktoken's text format), to check against tiktoken's pins.
std::string_view encodingRankFile(Encoding encoding);

class BpeEncoding
{
public:
    // The encoding, its ranks read on first use (once per process; safe from any thread).
    static const BpeEncoding &get(Encoding encoding);
    ~BpeEncoding();
    BpeEncoding(const BpeEncoding &) = delete;
    BpeEncoding &operator=(const BpeEncoding &) = delete;

    Encoding encoding() const { return m_encoding; }

    // The token ids of `text` as tiktoken's encode_ordinary gives them: text that spells a
    // special token (<|endoftext|>) is ordinary text, as the chat APIs treat it. Bytes that are
    // not UTF-8 are encoded as bytes.
    std::vector<std::uint32_t> encode(std::string_view text) const;
    std::size_t count(std::string_view text) const;

    // The bytes one token stands for; empty for an id outside the encoding.
    std::string_view tokenBytes(std::uint32_t token) const;
    std::size_t vocabularySize() const { return m_offsets.size() - 1; }

    // For tests: encode one pre-split piece with the merge loop for long pieces regardless of
    // its length (both loops must give the same tokens).
    std::vector<std::uint32_t> encodePieceWithHeap(std::string_view piece) const;

private:
    explicit BpeEncoding(Encoding encoding);
    std::optional<std::uint32_t> rankOf(std::string_view bytes) const;
    template<typename Sink>
    void forEachToken(std::string_view text, Sink &&sink) const;
    template<typename Sink>
    void encodePiece(std::string_view piece, Sink &&sink) const;
    template<typename Sink>
    void mergeShort(std::string_view piece, Sink &&sink) const;
    template<typename Sink>
    void mergeLong(std::string_view piece, Sink &&sink) const;

    struct Splitter;
    Encoding m_encoding;
    std::string m_bytes; // every token's bytes, back to back, in rank order
    std::vector<std::uint32_t> m_offsets; // token t is m_bytes[m_offsets[t], m_offsets[t + 1])
    std::vector<std::uint32_t> m_table; // open addressing: token + 1, 0 for empty
    std::size_t m_mask = 0;
    std::unique_ptr<Splitter> m_splitter;
};

} // namespace ps::tokens
