#include "io/prompt_exchange.h"

#include "io/markdown_page.h"
#include "io/request_export.h"
#include "store/dataset_store.h"
#include "util/json_depth.h"
#include "store/names.h"

#include <set>

namespace ps::io {

using nlohmann::json;

const char *toString(PromptFormat format)
{
    switch (format) {
    case PromptFormat::Bundle:
        return "bundle";
    case PromptFormat::Langfuse:
        return "langfuse";
    case PromptFormat::Markdown:
        return "markdown";
    case PromptFormat::OpenAiRequest:
        return "openai-request";
    }
    return "bundle";
}

std::optional<PromptFormat> promptFormatFromName(const std::string &name)
{
    for (PromptFormat format : promptFormats())
        if (name == toString(format))
            return format;
    return std::nullopt;
}

std::vector<PromptFormat> promptFormats()
{
    return {PromptFormat::Bundle, PromptFormat::Langfuse, PromptFormat::Markdown, PromptFormat::OpenAiRequest};
}

bool canImport(PromptFormat format)
{
    return format != PromptFormat::OpenAiRequest;
}

bool needsTarget(PromptFormat format)
{
    return format == PromptFormat::OpenAiRequest;
}

std::string displayName(PromptFormat format)
{
    switch (format) {
    case PromptFormat::Bundle:
        return "Promptsmith bundle (every version, labels, datasets)";
    case PromptFormat::Langfuse:
        return "Langfuse prompt list (JSON)";
    case PromptFormat::Markdown:
        return "Markdown page for a PRD or a pull request (one version)";
    case PromptFormat::OpenAiRequest:
        return "Request body a target sends (one version, for engineers)";
    }
    return {};
}

std::string fileSuffix(PromptFormat format)
{
    switch (format) {
    case PromptFormat::Langfuse:
        return ".langfuse.json";
    case PromptFormat::Markdown:
        return ".md";
    case PromptFormat::OpenAiRequest:
        return ".request.json";
    case PromptFormat::Bundle:
        break;
    }
    return ".promptsmith.json";
}

namespace {

std::string importNames()
{
    std::string names;
    for (PromptFormat format : promptFormats())
        if (canImport(format))
            names += (names.empty() ? "" : ", ") + std::string(toString(format));
    return names;
}

// The file's prompts with `asName` applied.
std::vector<store::VersionImportRequest> promptsOf(const ImportFile &file, const std::optional<std::string> &asName)
{
    std::vector<store::VersionImportRequest> prompts
        = file.bundle ? std::vector<store::VersionImportRequest> {file.bundle->prompt} : file.prompts;
    if (asName) {
        if (prompts.size() != 1)
            throw ExchangeError("a new name is for a file of one prompt, and this one holds "
                + std::to_string(prompts.size()));
        store::checkPromptName(*asName);
        prompts.front().promptName = *asName;
    }
    return prompts;
}

} // namespace

ExportedFile exportPrompt(const store::Project &project, const ExportRequest &request)
{
    if (request.format != PromptFormat::Bundle && !request.datasets.empty())
        throw ExchangeError("datasets travel in the bundle format; write one alone with `dataset export`");
    ExportedFile file;
    std::optional<int> onlyVersion;
    std::vector<model::VersionRecord> versions;
    if (request.ref.find('@') == std::string::npos) {
        file.promptName = request.ref;
        versions = project.listVersions(request.ref);
    } else {
        versions.push_back(project.resolve(request.ref));
        file.promptName = versions.front().promptName;
        onlyVersion = versions.front().number;
    }
    if (versions.empty())
        throw ExchangeError("prompt '" + file.promptName + "' has no saved version to export yet");
    if (needsTarget(request.format)) {
        if (request.target.empty())
            throw ExchangeError("the request body is a target's: name the target (--target)");
        RequestBody body = requestBody(project, versions.back(), request.target, request.values);
        file.text = std::move(body.text);
        file.lost = std::move(body.lost);
        file.versions = 1;
        return file;
    }
    if (request.format == PromptFormat::Markdown) {
        // A page is about one version (the newest, unless one is named), with its history.
        const model::VersionRecord version = versions.back();
        std::vector<model::VersionRecord> history;
        for (model::VersionRecord &earlier : project.listVersions(file.promptName, false))
            if (earlier.number <= version.number)
                history.push_back(std::move(earlier));
        file.text = markdownPage(*project.findPrompt(file.promptName), version, history);
        file.versions = 1;
        return file;
    }
    file.versions = versions.size();
    if (request.format == PromptFormat::Bundle) {
        const nlohmann::ordered_json bundle
            = writeBundle(project, {file.promptName, onlyVersion, request.datasets});
        file.datasets = bundle["datasets"].size();
        file.text = bundle.dump(2) + "\n";
    } else {
        LangfuseExport items = langfuseItems(*project.findPrompt(file.promptName), versions);
        file.text = items.items.dump(2) + "\n";
        file.lost = std::move(items.lost);
    }
    return file;
}

ImportFile readImportFile(std::string_view text, std::optional<PromptFormat> format,
    const std::string &author, const std::string &now)
{
    const bool looksJson = text.find_first_not_of(" \t\r\n") != std::string_view::npos
        && (text[text.find_first_not_of(" \t\r\n")] == '{' || text[text.find_first_not_of(" \t\r\n")] == '[');
    json document;
    if ((!format && looksJson) || (format && *format != PromptFormat::Markdown)) {
        try {
            document = util::parseJson(text);
        } catch (const json::parse_error &error) {
            std::string reason = error.what();
            if (const auto pos = reason.find("] "); pos != std::string::npos)
                reason = reason.substr(pos + 2);
            throw ExchangeError("not valid JSON: " + reason);
        } catch (const util::JsonTooDeep &error) {
            throw ExchangeError(error.what());
        }
    }
    if (format && !canImport(*format))
        throw ExchangeError(std::string(toString(*format)) + " is written, not read: import a bundle instead");
    if (!format) {
        if (isBundle(document))
            format = PromptFormat::Bundle;
        else if (isLangfuseDocument(document))
            format = PromptFormat::Langfuse;
        else if (!looksJson && isMarkdownPage(text))
            format = PromptFormat::Markdown;
        else
            throw ExchangeError("the file is none of the formats Promptsmith imports (" + importNames() + ")");
    }
    ImportFile file;
    file.format = *format;
    try {
        if (file.format == PromptFormat::Bundle) {
            file.bundle = readBundle(document);
            file.warnings = file.bundle->warnings;
        } else if (file.format == PromptFormat::Langfuse) {
            LangfuseImport items = readLangfuseItems(document, author, now);
            file.prompts = std::move(items.prompts);
            file.lost = std::move(items.lost);
        } else {
            MarkdownImport page = readMarkdownPage(text, author, now);
            file.prompts.push_back(std::move(page.prompt));
            file.lost = std::move(page.lost);
        }
    } catch (const BundleError &error) {
        throw ExchangeError(error.what());
    } catch (const std::invalid_argument &error) {
        throw ExchangeError(error.what());
    }
    return file;
}

std::size_t ImportPreview::newVersions() const
{
    std::size_t count = 0;
    for (const PlannedPrompt &prompt : prompts)
        for (const PlannedVersion &version : prompt.versions)
            count += version.alreadyHere ? 0 : 1;
    return count;
}

ImportPreview previewImport(
    const store::Project &project, const ImportFile &file, const std::optional<std::string> &asName)
{
    ImportPreview preview;
    for (const store::VersionImportRequest &request : promptsOf(file, asName)) {
        PlannedPrompt planned;
        planned.name = request.promptName;
        std::set<std::string> hashes;
        if (project.findPrompt(request.promptName)) {
            planned.exists = true;
            for (const model::VersionRecord &version : project.listVersions(request.promptName, false))
                hashes.insert(version.hash);
        }
        for (const store::ForeignVersion &version : request.versions) {
            const std::string hash = version.content.contentHash();
            planned.versions.push_back({version.number, !hashes.insert(hash).second, version.author,
                version.created, version.message});
        }
        for (const auto &[label, number] : request.labels)
            planned.labels.push_back(label + " → its v" + std::to_string(number));
        preview.prompts.push_back(std::move(planned));
    }
    if (file.bundle)
        for (const BundleDataset &dataset : file.bundle->datasets)
            preview.datasets.push_back(dataset.name + " (" + std::to_string(dataset.cases.size())
                + (dataset.cases.size() == 1 ? " case)" : " cases)"));
    return preview;
}

ImportResult applyImport(store::Project &project, ImportFile file, const std::optional<std::string> &asName)
{
    ImportResult result;
    if (file.bundle) {
        promptsOf(file, asName); // the same checks as the preview's
        BundleImport imported = importBundle(project, std::move(*file.bundle), asName);
        result.prompts.push_back({asName ? *asName : imported.promptName, std::move(imported.versions)});
        result.datasetsAdded = std::move(imported.datasetsAdded);
        result.datasetsUnchanged = std::move(imported.datasetsUnchanged);
        return result;
    }
    for (store::VersionImportRequest &request : promptsOf(file, asName))
        result.prompts.push_back({request.promptName, store::importVersions(project, request)});
    return result;
}

} // namespace ps::io
