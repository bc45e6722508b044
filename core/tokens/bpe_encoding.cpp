#include "tokens/bpe_encoding.h"

#include "util/base64.h"
#include "util/utf8.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <algorithm>
#include <functional>
#include <limits>
#include <mutex>
#include <queue>
#include <stdexcept>

namespace ps::tokens {

namespace {

constexpr std::uint32_t kNoRank = std::numeric_limits<std::uint32_t>::max();

// Pieces up to this many bytes merge with tiktoken's own quadratic loop, which is fastest for
// the words that make up nearly all text; longer ones (a run of letters with no space) through
// a heap, so a hostile megabyte of "a" costs milliseconds, not hours.
constexpr std::size_t kShortPiece = 64;

// tiktoken's patterns are Rust regex, whose \s is Unicode's White_Space; PCRE2's \s also takes
// U+180E, so the set is spelled out.
#define PS_WS "\\t\\n\\x{0B}\\f\\r \\x{85}\\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}"

// tiktoken_ext/openai_public.py, with \s as above and $ meaning the end of the text.
constexpr const char *kCl100kPattern = "'(?i:[sdmt]|ll|ve|re)|[^\\r\\n\\p{L}\\p{N}]?+\\p{L}++|\\p{N}{1,3}+"
                                       "| ?[^" PS_WS "\\p{L}\\p{N}]++[\\r\\n]*+|[" PS_WS "]++$|[" PS_WS
                                       "]*[\\r\\n]|[" PS_WS "]+(?![^" PS_WS "])|[" PS_WS "]";

#define PS_UPPER "[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]"
#define PS_LOWER "[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]"
#define PS_CONTRACTION "(?i:'s|'t|'re|'ve|'m|'ll|'d)?"
constexpr const char *kO200kPattern = "[^\\r\\n\\p{L}\\p{N}]?" PS_UPPER "*" PS_LOWER "+" PS_CONTRACTION
                                      "|[^\\r\\n\\p{L}\\p{N}]?" PS_UPPER "+" PS_LOWER "*" PS_CONTRACTION
                                      "|\\p{N}{1,3}| ?[^" PS_WS "\\p{L}\\p{N}]+[\\r\\n/]*|[" PS_WS
                                      "]*[\\r\\n]+|[" PS_WS "]+(?![^" PS_WS "])|[" PS_WS "]+";
#undef PS_WS
#undef PS_UPPER
#undef PS_LOWER
#undef PS_CONTRACTION

std::size_t hashBytes(std::string_view bytes)
{
    return std::hash<std::string_view>{}(bytes);
}

} // namespace

// The encoding's split pattern, compiled once with PCRE2's JIT; matching is thread-safe (each
// call brings its own match data).
struct BpeEncoding::Splitter
{
    pcre2_code *code = nullptr;
    pcre2_match_context *context = nullptr;

    explicit Splitter(const char *pattern)
    {
        int error = 0;
        PCRE2_SIZE offset = 0;
        // MATCH_INVALID_UTF: bytes that are not UTF-8 never match, and fall between pieces.
        code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern), PCRE2_ZERO_TERMINATED,
            PCRE2_UTF | PCRE2_UCP | PCRE2_DOLLAR_ENDONLY | PCRE2_MATCH_INVALID_UTF, &error, &offset,
            nullptr);
        if (!code)
            throw std::logic_error("tokenizer split pattern does not compile at offset "
                + std::to_string(offset));
        pcre2_jit_compile(code, PCRE2_JIT_COMPLETE); // without a JIT, the interpreter does the same
        context = pcre2_match_context_create(nullptr);
        pcre2_set_match_limit(context, 1'000'000);
    }
    ~Splitter()
    {
        pcre2_match_context_free(context);
        pcre2_code_free(code);
    }
    Splitter(const Splitter &) = delete;
    Splitter &operator=(const Splitter &) = delete;

    // Calls `piece` with each piece of `text`, in order, covering every byte.
    template<typename Piece>
    void split(std::string_view text, Piece &&piece) const
    {
        pcre2_match_data *data = pcre2_match_data_create_from_pattern(code, nullptr);
        const auto subject = reinterpret_cast<PCRE2_SPTR>(text.data());
        std::size_t at = 0;
        while (at < text.size()) {
            const int found = pcre2_match(code, subject, text.size(), at, 0, data, context);
            if (found == PCRE2_ERROR_NOMATCH) {
                piece(text.substr(at));
                break;
            }
            if (found < 0) {
                // The match limit (a pathological text): one character as its own piece.
                const std::size_t length = std::max<std::size_t>(1, util::decodeUtf8(text, at).length);
                piece(text.substr(at, length));
                at += length;
                continue;
            }
            const PCRE2_SIZE *bounds = pcre2_get_ovector_pointer(data);
            if (bounds[0] > at)
                piece(text.substr(at, bounds[0] - at));
            const std::size_t end = std::max<std::size_t>(bounds[1], bounds[0] + 1);
            piece(text.substr(bounds[0], std::min(end, text.size()) - bounds[0]));
            at = end;
        }
        pcre2_match_data_free(data);
    }
};

std::string_view encodingName(Encoding encoding)
{
    return encoding == Encoding::Cl100kBase ? "cl100k_base" : "o200k_base";
}

std::optional<Encoding> encodingFromName(std::string_view name)
{
    if (name == "cl100k_base")
        return Encoding::Cl100kBase;
    if (name == "o200k_base")
        return Encoding::O200kBase;
    return std::nullopt;
}

const BpeEncoding &BpeEncoding::get(Encoding encoding)
{
    // Built on first use: reading a rank file takes some milliseconds a program that never
    // counts should not pay.
    static std::once_flag once[2];
    static std::unique_ptr<BpeEncoding> encodings[2];
    const auto index = std::size_t(encoding == Encoding::O200kBase);
    std::call_once(once[index], [&] { encodings[index].reset(new BpeEncoding(encoding)); });
    return *encodings[index];
}

BpeEncoding::BpeEncoding(Encoding encoding)
    : m_encoding(encoding)
    , m_splitter(std::make_unique<Splitter>(encoding == Encoding::Cl100kBase ? kCl100kPattern : kO200kPattern))
{
    // tiktoken's format: a line per token, "base64-of-its-bytes rank", ranks 0, 1, 2, ... in order.
    const std::string_view file = encodingRankFile(encoding);
    m_offsets.reserve(file.size() / 12);
    m_offsets.push_back(0);
    std::size_t at = 0;
    while (at < file.size()) {
        std::size_t end = file.find('\n', at);
        if (end == std::string_view::npos)
            end = file.size();
        const std::string_view line = file.substr(at, end - at);
        at = end + 1;
        if (line.empty())
            continue;
        const std::size_t space = line.find(' ');
        const std::optional<std::string> bytes = util::base64Decode(line.substr(0, space));
        if (space == std::string_view::npos || !bytes
            || line.substr(space + 1) != std::to_string(m_offsets.size() - 1))
            throw std::logic_error("the " + std::string(encodingName(encoding))
                + " rank file is damaged at token " + std::to_string(m_offsets.size() - 1));
        m_bytes += *bytes;
        m_offsets.push_back(std::uint32_t(m_bytes.size()));
    }
    std::size_t slots = 1;
    while (slots < 2 * vocabularySize())
        slots <<= 1;
    m_table.assign(slots, 0);
    m_mask = slots - 1;
    for (std::uint32_t token = 0; token < vocabularySize(); ++token) {
        std::size_t slot = hashBytes(tokenBytes(token)) & m_mask;
        while (m_table[slot] != 0)
            slot = (slot + 1) & m_mask;
        m_table[slot] = token + 1;
    }
}

BpeEncoding::~BpeEncoding() = default;

std::string_view BpeEncoding::tokenBytes(std::uint32_t token) const
{
    if (token >= vocabularySize())
        return {};
    return std::string_view(m_bytes).substr(m_offsets[token], m_offsets[token + 1] - m_offsets[token]);
}

std::optional<std::uint32_t> BpeEncoding::rankOf(std::string_view bytes) const
{
    for (std::size_t slot = hashBytes(bytes) & m_mask; m_table[slot] != 0; slot = (slot + 1) & m_mask) {
        const std::uint32_t token = m_table[slot] - 1;
        if (tokenBytes(token) == bytes)
            return token;
    }
    return std::nullopt;
}

template<typename Sink>
void BpeEncoding::forEachToken(std::string_view text, Sink &&sink) const
{
    m_splitter->split(text, [&](std::string_view piece) { encodePiece(piece, sink); });
}

template<typename Sink>
void BpeEncoding::encodePiece(std::string_view piece, Sink &&sink) const
{
    if (const auto whole = rankOf(piece)) {
        sink(*whole);
        return;
    }
    if (piece.size() <= kShortPiece)
        mergeShort(piece, sink);
    else
        mergeLong(piece, sink);
}

// tiktoken's _byte_pair_merge: repeatedly merge the adjacent pair of lowest rank (the leftmost
// on a tie) until no pair is a token.
template<typename Sink>
void BpeEncoding::mergeShort(std::string_view piece, Sink &&sink) const
{
    struct Part
    {
        std::uint32_t start;
        std::uint32_t rank;
    };
    Part parts[kShortPiece + 1];
    std::size_t count = piece.size() + 1;
    const auto rankAt = [&](std::size_t i) {
        if (i + 3 >= count)
            return kNoRank;
        return rankOf(piece.substr(parts[i].start, parts[i + 3].start - parts[i].start)).value_or(kNoRank);
    };
    for (std::size_t i = 0; i < count; ++i)
        parts[i] = {std::uint32_t(i), i + 2 <= piece.size() ? rankOf(piece.substr(i, 2)).value_or(kNoRank) : kNoRank};
    while (true) {
        std::size_t lowest = 0;
        std::uint32_t lowestRank = kNoRank;
        for (std::size_t i = 0; i + 1 < count; ++i) {
            if (parts[i].rank < lowestRank) {
                lowestRank = parts[i].rank;
                lowest = i;
            }
        }
        if (lowestRank == kNoRank)
            break;
        if (lowest > 0)
            parts[lowest - 1].rank = rankAt(lowest - 1);
        parts[lowest].rank = rankAt(lowest);
        std::copy(parts + lowest + 2, parts + count, parts + lowest + 1);
        --count;
    }
    for (std::size_t i = 0; i + 1 < count; ++i)
        sink(*rankOf(piece.substr(parts[i].start, parts[i + 1].start - parts[i].start)));
}

// The same merges in the same order (lowest rank, then leftmost) over a linked list and a heap.
template<typename Sink>
void BpeEncoding::mergeLong(std::string_view piece, Sink &&sink) const
{
    const std::size_t n = piece.size();
    std::vector<std::uint32_t> next(n + 1), prev(n + 1), rank(n + 1, kNoRank);
    for (std::size_t i = 0; i <= n; ++i) {
        next[i] = std::uint32_t(i + 1);
        prev[i] = i == 0 ? 0 : std::uint32_t(i - 1);
    }
    // The rank of the pair starting at node i: the bytes from i to the node after its next.
    const auto pairRank = [&](std::uint32_t i) {
        if (i >= n || next[i] >= n)
            return kNoRank;
        const std::uint32_t end = next[next[i]];
        return rankOf(piece.substr(i, end - i)).value_or(kNoRank);
    };
    using Entry = std::pair<std::uint32_t, std::uint32_t>; // rank, node
    std::priority_queue<Entry, std::vector<Entry>, std::greater<>> heap;
    for (std::uint32_t i = 0; i + 1 < n; ++i) {
        rank[i] = pairRank(i);
        if (rank[i] != kNoRank)
            heap.emplace(rank[i], i);
    }
    std::vector<bool> alive(n + 1, true);
    while (!heap.empty()) {
        const auto [pair, node] = heap.top();
        heap.pop();
        if (!alive[node] || rank[node] != pair)
            continue; // stale: the pair changed since it was queued
        const std::uint32_t gone = next[node];
        alive[gone] = false;
        next[node] = next[gone];
        prev[next[gone]] = node;
        rank[node] = pairRank(node);
        if (rank[node] != kNoRank)
            heap.emplace(rank[node], node);
        if (node > 0) {
            const std::uint32_t before = prev[node];
            rank[before] = pairRank(before);
            if (rank[before] != kNoRank)
                heap.emplace(rank[before], before);
        }
    }
    for (std::uint32_t i = 0; i < n; i = next[i])
        sink(*rankOf(piece.substr(i, next[i] - i)));
}

std::vector<std::uint32_t> BpeEncoding::encode(std::string_view text) const
{
    std::vector<std::uint32_t> tokens;
    tokens.reserve(text.size() / 3);
    forEachToken(text, [&](std::uint32_t token) { tokens.push_back(token); });
    return tokens;
}

std::size_t BpeEncoding::count(std::string_view text) const
{
    std::size_t tokens = 0;
    forEachToken(text, [&](std::uint32_t) { ++tokens; });
    return tokens;
}

std::vector<std::uint32_t> BpeEncoding::encodePieceWithHeap(std::string_view piece) const
{
    std::vector<std::uint32_t> tokens;
    if (piece.size() < 2) {
        encodePiece(piece, [&](std::uint32_t token) { tokens.push_back(token); });
        return tokens;
    }
    mergeLong(piece, [&](std::uint32_t token) { tokens.push_back(token); });
    return tokens;
}

} // namespace ps::tokens
