// The rank files, linked in as they are (PS_TOKENIZER_DIR is resources/tokenizers): 5 MB of
// bytes through the assembler's .incbin, where a generated C array would take minutes to compile.
#include "tokens/bpe_encoding.h"

#ifndef PS_TOKENIZER_DIR
#error "PS_TOKENIZER_DIR must name resources/tokenizers"
#endif

#define PS_INCBIN(name, file)                                                                      \
    __asm__(".section .rodata." #name ",\"a\",@progbits\n"                                         \
            ".global " #name "_begin\n.hidden " #name "_begin\n"                                    \
            ".global " #name "_end\n.hidden " #name "_end\n"                                        \
            #name "_begin:\n.incbin \"" PS_TOKENIZER_DIR "/" file "\"\n" #name "_end:\n"              \
            ".previous\n")

PS_INCBIN(ps_cl100k_base, "cl100k_base.tiktoken");
PS_INCBIN(ps_o200k_base, "o200k_base.tiktoken");

extern "C" {
extern const char ps_cl100k_base_begin[];
extern const char ps_cl100k_base_end[];
extern const char ps_o200k_base_begin[];
extern const char ps_o200k_base_end[];
}

namespace ps::tokens {

std::string_view encodingRankFile(Encoding encoding)
{
    if (encoding == Encoding::Cl100kBase)
        return std::string_view(ps_cl100k_base_begin, std::size_t(ps_cl100k_base_end - ps_cl100k_base_begin));
    return std::string_view(ps_o200k_base_begin, std::size_t(ps_o200k_base_end - ps_o200k_base_begin));
}

} // namespace ps::tokens
