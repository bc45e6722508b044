#pragma once

#include "io/export_inputs.h"
#include "model/prompt_record.h"
#include "store/version_import.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

// Prompty's `.prompty` (FORMATS.md; the current schema, root Agent.yaml): YAML front matter with
// name, description, metadata, model, inputs and template {format, parser}, then the messages as
// a body of role-marked sections. Written in the current schema; read in it and in the older
// front matter styles (v1's model.configuration/parameters, `template: jinja2`, inputs with
// type and sample).
namespace ps::io {

struct PromptyExport
{
    std::string text;
    std::vector<std::string> lost;
};

// `target` gives `model` (id, provider, options); without one the file has none. Throws tmpl
// errors for a template that does not parse.
PromptyExport promptyFile(const model::PromptRecord &prompt, const model::VersionRecord &version,
    const std::optional<ExportTarget> &target);

struct PromptyImport
{
    store::VersionImportRequest prompt; // one version
    std::vector<std::string> lost;
};

// `fileName` names the prompt when the front matter does not. Throws std::invalid_argument
// naming the line or field.
PromptyImport readPromptyFile(std::string_view text, const std::string &fileName, const std::string &author,
    const std::string &now);
bool isPromptyFile(std::string_view text);

} // namespace ps::io
