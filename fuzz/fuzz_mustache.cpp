// The Mustache parser and renderer on any template: a TemplateError is the only way to fail,
// and no template crashes, nests the stack away or renders without end.
#include "template/mustache_template.h"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    static const nlohmann::json values = {{"name", "Ada"}, {"n", 3},
        {"examples", {{{"input", "a"}, {"output", "x"}}, {{"input", "b"}, {"output", "y"}}}},
        {"flag", true}, {"nested", {{"deep", {{"value", "v"}}}}}};
    static const ps::tmpl::Partials partials
        = {{"p", "[{{name}}{{>p}}]"}, {"q", "{{#examples}}{{>q}}{{/examples}}"}};
    try {
        const auto parsed = ps::tmpl::MustacheTemplate::parse(
            std::string_view(reinterpret_cast<const char *>(data), size));
        parsed.variables();
        parsed.render(values, ps::tmpl::Escape::None, partials);
        parsed.render(values, ps::tmpl::Escape::Html);
    } catch (const ps::tmpl::TemplateError &) { }
    return 0;
}
