#pragma once

#include <nlohmann/json.hpp>

// test_cli_promptfoo's prompt (raw strings stay out of the file moc reads).
namespace ps::test {

// Literal Nunjucks syntax in the template text, a section on examples, and two variables.
inline const nlohmann::json kTrickyVersion = nlohmann::json::parse(R"json({
  "messages": [
    {"role": "system", "content": "Sort tickets. Literal text: {# not a comment #}, {% not a tag %}, {not a variable}, a lone { before {{product}}.\n\"Quotes\", 'apostrophes', tabs\tand ümlauts — 退款.{{#examples}}\nExample: {{input.ticket}} → {{output}}{{/examples}}"},
    {"role": "user", "content": "Ticket: {{ticket}}\nProduct: {{product}}"}
  ],
  "variables": [{"name": "ticket"}, {"name": "product", "default": "Ledgerly {Pro}"}],
  "params": {"temperature": 0.2, "max_tokens": 50},
  "examples": [{"input": {"ticket": "App {# crashes"}, "output": "bug {%"}]
})json");

} // namespace ps::test
