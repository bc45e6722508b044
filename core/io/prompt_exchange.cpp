#include "io/prompt_exchange.h"

#include "io/github_prompt_file.h"
#include "io/markdown_page.h"
#include "io/prompty_file.h"
#include "io/promptfoo_config.h"
#include "io/request_export.h"
#include "store/dataset_store.h"
#include "util/atomic_file.h"
#include "util/json_depth.h"
#include "util/utf8.h"
#include "util/yaml_text.h"
#include "store/names.h"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <set>

namespace ps::io {

using nlohmann::json;

const char *toString(PromptFormat format)
{
    switch (format) {
    case PromptFormat::Bundle:
        return "bundle";
    case PromptFormat::Promptfoo:
        return "promptfoo";
    case PromptFormat::PromptYml:
        return "prompt-yml";
    case PromptFormat::Prompty:
        return "prompty";
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
    return {PromptFormat::Bundle, PromptFormat::Promptfoo, PromptFormat::PromptYml, PromptFormat::Prompty,
        PromptFormat::Langfuse, PromptFormat::Markdown, PromptFormat::OpenAiRequest};
}

bool canImport(PromptFormat format)
{
    return format != PromptFormat::OpenAiRequest;
}

bool takesTargets(PromptFormat format)
{
    return format == PromptFormat::OpenAiRequest || format == PromptFormat::Promptfoo
        || format == PromptFormat::PromptYml || format == PromptFormat::Prompty;
}

bool takesDataset(PromptFormat format)
{
    return format == PromptFormat::Bundle || format == PromptFormat::Promptfoo || format == PromptFormat::PromptYml;
}

bool isOneVersion(PromptFormat format)
{
    return format == PromptFormat::Markdown || format == PromptFormat::OpenAiRequest
        || format == PromptFormat::Promptfoo || format == PromptFormat::PromptYml || format == PromptFormat::Prompty;
}

bool writesFolder(PromptFormat format)
{
    return format == PromptFormat::Promptfoo;
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
    case PromptFormat::Promptfoo:
        return "promptfoo config (one version, targets as providers, a dataset as tests)";
    case PromptFormat::PromptYml:
        return "GitHub Models .prompt.yml (one version, a dataset as testData)";
    case PromptFormat::Prompty:
        return "Prompty file (one version, front matter and messages)";
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
    case PromptFormat::Promptfoo:
        return ""; // a folder
    case PromptFormat::PromptYml:
        return ".prompt.yml";
    case PromptFormat::Prompty:
        return ".prompty";
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

std::vector<ExportTarget> exportTargets(const store::Project &project, const std::vector<std::string> &ids)
{
    const store::ProviderCatalog catalog(project);
    std::vector<ExportTarget> targets;
    for (const std::string &id : ids) {
        store::TargetRecord target = catalog.target(id);
        providers::ProviderConfig provider = catalog.provider(target.providerId);
        targets.push_back({std::move(target), std::move(provider)});
    }
    return targets;
}

std::optional<ExportDataset> exportDataset(const store::Project &project, const std::vector<std::string> &names)
{
    if (names.empty())
        return std::nullopt;
    const store::DatasetStore datasets(project);
    const model::DatasetRecord record = datasets.latest(names.front());
    return ExportDataset {record.name, datasets.cases(record.id)};
}

} // namespace

ExportedFile exportPrompt(const store::Project &project, const ExportRequest &request)
{
    if (!takesDataset(request.format) && !request.datasets.empty())
        throw ExchangeError("datasets travel in the bundle and promptfoo formats; write one alone with `dataset export`");
    if (request.format != PromptFormat::Bundle && request.datasets.size() > 1)
        throw ExchangeError(std::string(toString(request.format)) + "'s tests come from one dataset; name one");
    if ((request.format == PromptFormat::PromptYml || request.format == PromptFormat::Prompty)
        && request.targets.size() > 1)
        throw ExchangeError(std::string(toString(request.format)) + " names one model: name one target");
    if (!takesTargets(request.format) && !request.targets.empty())
        throw ExchangeError("targets go with the promptfoo and request-body formats");
    if (needsTarget(request.format) && request.targets.size() > 1)
        throw ExchangeError("the request body is one target's; name one");
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
        if (request.targets.empty())
            throw ExchangeError("the request body is a target's: name the target (--target)");
        RequestBody body = requestBody(project, versions.back(), request.targets.front(), request.values);
        file.text = std::move(body.text);
        file.lost = std::move(body.lost);
        file.versions = 1;
        return file;
    }
    if (request.format == PromptFormat::PromptYml) {
        const std::vector<ExportTarget> targets = exportTargets(project, request.targets);
        GithubPromptExport exported = githubPromptFile(*project.findPrompt(file.promptName), versions.back(),
            targets.empty() ? std::nullopt : std::optional<ExportTarget>(targets.front()),
            exportDataset(project, request.datasets));
        file.text = std::move(exported.text);
        file.lost = std::move(exported.lost);
        file.versions = 1;
        file.datasets = request.datasets.size();
        return file;
    }
    if (request.format == PromptFormat::Prompty) {
        const std::vector<ExportTarget> targets = exportTargets(project, request.targets);
        PromptyExport exported = promptyFile(*project.findPrompt(file.promptName), versions.back(),
            targets.empty() ? std::nullopt : std::optional<ExportTarget>(targets.front()));
        file.text = std::move(exported.text);
        file.lost = std::move(exported.lost);
        file.versions = 1;
        return file;
    }
    if (request.format == PromptFormat::Promptfoo) {
        if (request.targets.empty())
            throw ExchangeError("promptfoo's providers are targets: name at least one (--target)");
        const std::vector<ExportTarget> targets = exportTargets(project, request.targets);
        const std::optional<ExportDataset> dataset = exportDataset(project, request.datasets);
        PromptfooExport config = promptfooConfig(*project.findPrompt(file.promptName), versions.back(), targets, dataset);
        file.text = std::move(config.config);
        file.fileName = "promptfooconfig.yaml";
        file.beside.push_back({std::move(config.promptPath), std::move(config.promptText)});
        file.lost = std::move(config.lost);
        file.versions = 1;
        file.datasets = dataset ? 1 : 0;
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

ExportPaths exportPaths(const ExportedFile &file, const std::filesystem::path &output)
{
    ExportPaths paths;
    paths.main = output;
    if (!file.fileName.empty()) {
        const std::string extension = output.extension().string();
        if (extension != ".yaml" && extension != ".yml" && extension != ".json")
            paths.main = output / file.fileName; // a folder
    }
    for (const BesideFile &beside : file.beside)
        paths.beside.push_back(paths.main.parent_path() / beside.path);
    return paths;
}

void writeExport(const ExportedFile &file, const ExportPaths &paths)
{
    const auto write = [](const std::filesystem::path &path, const std::string &text) {
        std::error_code error;
        if (path.has_parent_path())
            std::filesystem::create_directories(path.parent_path(), error);
        if (error)
            throw util::FileWriteError("cannot make the folder " + path.parent_path().string() + ": " + error.message());
        util::writeFileAtomically(path, text);
    };
    // The files beside first: the main file names them, and is written once they are there.
    for (std::size_t i = 0; i < file.beside.size() && i < paths.beside.size(); ++i)
        write(paths.beside[i], file.beside[i].text);
    write(paths.main, file.text);
}

namespace {

json parsedJson(std::string_view text)
{
    try {
        return util::parseJson(text);
    } catch (const json::parse_error &error) {
        std::string reason = error.what();
        if (const auto pos = reason.find("] "); pos != std::string::npos)
            reason = reason.substr(pos + 2);
        throw ExchangeError("not valid JSON: " + reason);
    } catch (const util::JsonTooDeep &error) {
        throw ExchangeError(error.what());
    }
}

json parsedYaml(std::string_view text)
{
    try {
        return json(util::parseYaml(text));
    } catch (const util::YamlError &error) {
        throw ExchangeError(std::string("not valid YAML: ") + error.what());
    }
}

bool isYamlFormat(PromptFormat format)
{
    return format == PromptFormat::PromptYml || format == PromptFormat::Promptfoo;
}

} // namespace

ImportFile readImportFile(std::string_view text, std::optional<PromptFormat> format, const std::string &fileName,
    const std::string &author, const std::string &now, const BesideReader &readBeside)
{
    if (format && !canImport(*format))
        throw ExchangeError(std::string(toString(*format)) + " is written, not read: import a bundle instead");
    if (!util::isValidUtf8(text))
        throw ExchangeError("the file is not UTF-8 text (every format Promptsmith imports is)");
    const std::size_t first = text.find_first_not_of(" \t\r\n");
    const bool looksJson = first != std::string_view::npos && (text[first] == '{' || text[first] == '[');
    json document;
    std::string yamlError; // why the text, read as YAML, is no YAML (for a file of no format)
    if (format ? *format == PromptFormat::Prompty : !looksJson && isPromptyFile(text)) {
        format = PromptFormat::Prompty; // its front matter is read with its body
    } else if (format ? isYamlFormat(*format) : !looksJson) {
        try {
            document = parsedYaml(text);
        } catch (const ExchangeError &error) {
            if (format)
                throw;
            yamlError = error.what();
        }
    } else if (format ? *format != PromptFormat::Markdown : true) {
        document = parsedJson(text);
    }
    if (!format) {
        // A YAML file's own shape first: a Markdown page and a YAML file with a comment both
        // open with "# ".
        if (isBundle(document))
            format = PromptFormat::Bundle;
        else if (isLangfuseDocument(document))
            format = PromptFormat::Langfuse;
        else if (isPromptfooConfig(document))
            format = PromptFormat::Promptfoo;
        else if (isGithubPromptFile(document))
            format = PromptFormat::PromptYml;
        else if (!looksJson && !document.is_object() && isMarkdownPage(text))
            format = PromptFormat::Markdown;
        else
            throw ExchangeError("the file is none of the formats Promptsmith imports (" + importNames() + ")"
                + (yamlError.empty() ? "" : "; read as YAML, " + yamlError));
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
        } else if (file.format == PromptFormat::Prompty) {
            PromptyImport prompt = readPromptyFile(text, fileName, author, now);
            file.prompts.push_back(std::move(prompt.prompt));
            file.lost = std::move(prompt.lost);
        } else if (file.format == PromptFormat::Promptfoo) {
            PromptfooImport config = readPromptfooConfig(document, readBeside, fileName, author, now);
            file.prompts = std::move(config.prompts);
            if (config.dataset)
                file.datasets.push_back(std::move(*config.dataset));
            file.lost = std::move(config.lost);
        } else if (file.format == PromptFormat::PromptYml) {
            GithubPromptImport prompt = readGithubPromptFile(document, fileName, author, now);
            file.prompts.push_back(std::move(prompt.prompt));
            if (prompt.dataset)
                file.datasets.push_back(std::move(*prompt.dataset));
            file.lost = std::move(prompt.lost);
        } else {
            MarkdownImport page = readMarkdownPage(text, author, now);
            file.prompts.push_back(std::move(page.prompt));
            file.lost = std::move(page.lost);
        }
    } catch (const BundleError &error) {
        throw ExchangeError(error.what());
    } catch (const std::invalid_argument &error) {
        throw ExchangeError(error.what());
    } catch (const json::exception &error) {
        // A field of another type than the format has (a number for a name, a list for a map).
        std::string reason = error.what();
        if (const auto pos = reason.find("] "); pos != std::string::npos)
            reason = reason.substr(pos + 2);
        throw ExchangeError("a field has the wrong type: " + reason);
    }
    return file;
}

BesideReader filesBeside(const std::filesystem::path &file, std::size_t maxBytes)
{
    const std::filesystem::path folder = file.parent_path();
    return [folder, maxBytes](const std::string &relative) {
        const std::filesystem::path path(relative);
        if (path.is_absolute() || relative.empty())
            throw std::invalid_argument("file://" + relative + ": only a file beside the config, by a relative path, is read");
        for (const std::filesystem::path &part : path)
            if (part == "..")
                throw std::invalid_argument("file://" + relative + ": a path leaving the config's folder is not read");
        const std::filesystem::path full = folder / path;
        std::error_code error;
        // A link inside the folder may point anywhere: where it leads must be inside too.
        const std::filesystem::path real = std::filesystem::weakly_canonical(full, error);
        const std::filesystem::path root = std::filesystem::weakly_canonical(folder.empty() ? "." : folder, error);
        const auto [rootEnd, ignored] = std::mismatch(root.begin(), root.end(), real.begin(), real.end());
        if (error || rootEnd != root.end())
            throw std::invalid_argument("file://" + relative + ": it leads outside the config's folder, and is not read");
        const auto size = std::filesystem::file_size(full, error);
        if (error)
            throw std::invalid_argument("file://" + relative + ": " + error.message());
        if (size > maxBytes)
            throw std::invalid_argument("file://" + relative + ": larger than a prompt file can be");
        std::ifstream in(full, std::ios::binary);
        std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        if (!in && !in.eof())
            throw std::invalid_argument("file://" + relative + ": cannot be read");
        return text;
    };
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
    for (const BundleDataset &dataset : file.bundle ? file.bundle->datasets : file.datasets)
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
    for (const BundleDataset &dataset : file.datasets)
        store::checkPromptName(dataset.name); // before anything is written
    for (store::VersionImportRequest &request : promptsOf(file, asName))
        result.prompts.push_back({request.promptName, store::importVersions(project, request)});
    importDatasets(project, std::move(file.datasets), result.datasetsAdded, result.datasetsUnchanged);
    return result;
}

} // namespace ps::io
