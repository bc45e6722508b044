// Counting tokens as you type: a document of 100,000 tokens in each public encoding, best of 20
// warm counts, and the time reading a rank file takes (cl100k_base's; o200k_base is read first to
// cut the document, -1). Writes the 100,000-token document beside the input as DOCUMENT.100k.
//   bench_tokens DOCUMENT     prints "encoding<TAB>tokens<TAB>best ms<TAB>load ms"
#include "tokens/bpe_encoding.h"

#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

namespace {

double millisecondsSince(std::chrono::steady_clock::time_point start)
{
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

} // namespace

int main(int argc, char **argv)
{
    if (argc != 2) {
        std::fprintf(stderr, "usage: bench_tokens DOCUMENT\n");
        return 2;
    }
    std::ifstream file(argv[1], std::ios::binary);
    std::stringstream buffer;
    buffer << file.rdbuf();
    // Exactly the first 100,000 o200k_base tokens of the file.
    std::string document;
    const ps::tokens::BpeEncoding &o200k = ps::tokens::BpeEncoding::get(ps::tokens::Encoding::O200kBase);
    const auto all = o200k.encode(buffer.str());
    for (std::size_t i = 0; i < all.size() && i < 100000; ++i)
        document += o200k.tokenBytes(all[i]);
    std::ofstream(std::string(argv[1]) + ".100k", std::ios::binary) << document;
    for (ps::tokens::Encoding which : {ps::tokens::Encoding::O200kBase, ps::tokens::Encoding::Cl100kBase}) {
        auto start = std::chrono::steady_clock::now();
        const ps::tokens::BpeEncoding &encoding = ps::tokens::BpeEncoding::get(which);
        const double load = which == ps::tokens::Encoding::O200kBase ? -1 : millisecondsSince(start);
        std::size_t tokens = 0;
        double best = 1e9;
        for (int round = 0; round < 20; ++round) {
            start = std::chrono::steady_clock::now();
            tokens = encoding.count(document);
            best = std::min(best, millisecondsSince(start));
        }
        std::printf("%s\t%zu\t%.1f\t%.1f\n", std::string(ps::tokens::encodingName(which)).c_str(), tokens, best, load);
    }
    return 0;
}
