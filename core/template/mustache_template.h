#pragma once

#include "template/template_error.h"

#include <nlohmann/json.hpp>

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

// A parsed Mustache template (spec v1.3 core: interpolation, sections, inverted
// sections, comments, partials, set delimiters) with a choice of escaping.
namespace ps::tmpl {

enum class Escape { None, Html };

using Partials = std::map<std::string, std::string, std::less<>>;

// A name the template reads, with where it first appears.
struct VariableUse
{
    enum class Kind { Interpolation, Section, InvertedSection };
    std::string name; // as written, dotted names kept whole ("input.ticket")
    Kind kind = Kind::Interpolation;
    std::vector<std::string> enclosingSections; // outermost first
    int line = 1;
    int column = 1;
};

class MustacheTemplate
{
public:
    // Parses `text`; throws TemplateError with line and column (unclosed or mismatched section,
    // ...).
    static MustacheTemplate parse(std::string_view text);

    MustacheTemplate(MustacheTemplate &&) noexcept;
    MustacheTemplate &operator=(MustacheTemplate &&) noexcept;
    ~MustacheTemplate();

    // Renders against any JSON value; partials are parsed on use (a broken one throws
    // TemplateError). Strings go in as they are, numbers as JSON writes them (85, 1.21), null
    // or a missing name as nothing, lists and objects as compact JSON. Sections treat false,
    // null, 0, "" and [] as falsy (the spec's JavaScript truthiness); a list repeats its
    // section, any other value is pushed once.
    std::string render(const nlohmann::json &data, Escape escape = Escape::None,
        const Partials &partials = {}) const;
    // Every name the template reads (interpolations and both kinds of section, "." included;
    // not partials), in order of first appearance. A name is listed again only when it is read
    // as another kind or inside other sections.
    std::vector<VariableUse> variables() const;

    struct Node;

private:
    explicit MustacheTemplate(std::unique_ptr<Node> root);
    std::unique_ptr<Node> m_root;
};

// Parse and render in one step.
std::string renderMustache(std::string_view text, const nlohmann::json &data,
    Escape escape = Escape::None, const Partials &partials = {});

} // namespace ps::tmpl
