#pragma once

#include <string>
#include <string_view>

// The rules for prompt names, labels and text the store keeps; each throws BadInput.
namespace ps::store {

// Non-empty, valid UTF-8, no '@' (it starts a REF's selector), no control characters,
// no leading or trailing whitespace.
void checkPromptName(std::string_view name);
// [A-Za-z0-9_.-]+ and not all digits (NAME@123 always means version 123).
void checkLabel(std::string_view label);
// Valid UTF-8 without NUL, so it survives JSON output; `what` names the field.
void checkText(std::string_view text, std::string_view what);

bool isAllDigits(std::string_view text);
bool isHex(std::string_view text);

} // namespace ps::store
