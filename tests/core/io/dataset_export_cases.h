#pragma once

// The cases test_dataset_export writes out, as JSONL lines (apart, since moc cannot read raw strings).

namespace ps::test {

inline constexpr const char *kEverything = R"J({"vars": {"ticket": "Charged twice — 退款", "n": 3}, "expected": "billing",
                "tags": ["a,b"], "messages": [{"role": "user", "content": "Hi"}],
                "assert": [{"type": "rouge-l", "value": "billing", "threshold": 0.5, "weight": 2}],
                "metadata": {"source": "zendesk"}})J";
inline constexpr const char *kTableCase1 = R"J({"vars": {"ticket": "Refund, \"now\"\nplease — ¿sí? 退款", "lang": "en"}, "expected": "billing",
                "tags": ["billing", "refund"], "description": "a, quoted \"one\"",
                "assert": [{"type": "classification"}, {"type": "icontains", "value": "refund"},
                           {"type": "rouge-l", "value": "billing it is", "threshold": 0.5}]})J";
inline constexpr const char *kTableCase2 = R"J({"vars": {"ticket": "PDF broken", "lang": "de"}, "expected": "bug",
                "assert": [{"type": "contains-any", "value": ["bug", "defect"]}, {"type": "is-json"},
                           {"type": "not-regex", "value": "^\\s*$"}]})J";
inline constexpr const char *kTableCase3 = R"J({"vars": {"ticket": "{{ literal }} {# not a comment #}", "lang": "fr"}})J";
inline constexpr const char *kPlainCase = R"J({"vars": {"ticket": "ok"}, "expected": "billing"})J";
inline constexpr const char *kLossyCase = R"J({"vars": {"ticket": "hi", "count": 3}, "expected": "billing",
                "messages": [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello"}],
                "assert": [{"type": "icontains", "value": "billing", "weight": 2}],
                "metadata": {"source": "zendesk"}})J";

} // namespace ps::test
