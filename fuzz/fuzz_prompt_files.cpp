// The readers of other tools' prompt files on any file (a bundle, a promptfoo config, a
// .prompt.yml, a .prompty, Langfuse's list, a Markdown page; auto-detected and forced): an
// ExchangeError naming the field or line is the only way to fail. And YAML, once read, written
// and read again, is the same value.
#include "io/prompt_exchange.h"
#include "util/yaml_text.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::string_view text(reinterpret_cast<const char *>(data), size);
    std::vector<std::optional<ps::io::PromptFormat>> formats {std::nullopt};
    for (ps::io::PromptFormat format : ps::io::promptFormats())
        if (ps::io::canImport(format))
            formats.push_back(format);
    for (const auto &format : formats) {
        try {
            // No beside reader: a config naming a file is refused, never read from disk.
            ps::io::readImportFile(text, format, "fuzz.file", "fuzz", "2026-01-01T00:00:00Z");
        } catch (const ps::io::ExchangeError &) { }
    }
    try {
        const nlohmann::ordered_json value = ps::util::parseYaml(text);
        if (ps::util::parseYaml(ps::util::yamlText(value)) != value)
            std::abort(); // written YAML must read back as the value it was written from
    } catch (const ps::util::YamlError &) { }
    return 0;
}
