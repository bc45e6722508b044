#include "io/prompt_bundle.h"

#include "store/dataset_store.h"
#include "store/image_store.h"
#include "store/names.h"
#include "store/version_queries.h"
#include "util/base64.h"
#include "util/sha256.h"


namespace ps::io {

using nlohmann::json;

namespace {

constexpr const char *kFormatName = "promptsmith-bundle";
constexpr int kFormatVersion = 1;

nlohmann::ordered_json versionJson(const model::VersionRecord &version, bool keepParent)
{
    nlohmann::ordered_json item {
        {"number", version.number},
        {"parent", nullptr},
        {"hash", version.hash},
        {"author", version.author},
        {"created", version.created},
        {"message", version.message},
        {"content", version.content.toJson()},
    };
    if (keepParent && version.parentNumber)
        item["parent"] = *version.parentNumber;
    return item;
}

const json &field(const json &object, const char *key, const std::string &path)
{
    const auto found = object.find(key);
    if (found == object.end())
        throw BundleError(path, std::string("\"") + key + "\" is missing");
    return *found;
}

std::string stringField(const json &object, const char *key, const std::string &path,
    bool required = true)
{
    const auto found = object.find(key);
    if (found == object.end() || found->is_null()) {
        if (required)
            throw BundleError(path, std::string("\"") + key + "\" is missing");
        return {};
    }
    if (!found->is_string())
        throw BundleError(path + "." + key, "expected a string");
    return found->get<std::string>();
}

int numberField(const json &value, const std::string &path)
{
    if (!value.is_number_integer() || value.get<long long>() < 1
        || value.get<long long>() > 1'000'000'000)
        throw BundleError(path, "expected a version number (1, 2, ...)");
    return value.get<int>();
}

std::vector<std::string> stringList(const json &object, const char *key, const std::string &path)
{
    std::vector<std::string> items;
    const auto found = object.find(key);
    if (found == object.end() || found->is_null())
        return items;
    if (!found->is_array())
        throw BundleError(path + "." + key, "expected a list of strings");
    for (std::size_t i = 0; i < found->size(); ++i) {
        if (!(*found)[i].is_string())
            throw BundleError(path + "." + key + "[" + std::to_string(i) + "]", "expected a string");
        items.push_back((*found)[i].get<std::string>());
    }
    return items;
}

store::ForeignVersion readVersion(const json &item, const std::string &path,
    std::vector<std::string> &warnings)
{
    if (!item.is_object())
        throw BundleError(path, "expected a version object");
    store::ForeignVersion version;
    version.number = numberField(field(item, "number", path), path + ".number");
    if (const auto parent = item.find("parent"); parent != item.end() && !parent->is_null())
        version.parent = numberField(*parent, path + ".parent");
    version.author = stringField(item, "author", path);
    version.created = stringField(item, "created", path);
    version.message = stringField(item, "message", path, false);
    try {
        version.content = model::VersionContent::fromJson(field(item, "content", path));
    } catch (const model::ContentError &error) {
        throw BundleError(path + ".content", error.what());
    }
    const std::string stated = stringField(item, "hash", path, false);
    if (!stated.empty() && stated != version.content.contentHash())
        warnings.push_back("version " + std::to_string(version.number)
            + "'s content is not the content its hash names (the file was edited); imported as it is now");
    return version;
}

BundleDataset readDataset(const json &item, const std::string &path)
{
    if (!item.is_object())
        throw BundleError(path, "expected a dataset object");
    BundleDataset dataset;
    dataset.name = stringField(item, "name", path);
    dataset.source = stringField(item, "source", path, false);
    const json &cases = field(item, "cases", path);
    if (!cases.is_array() || cases.empty())
        throw BundleError(path + ".cases", "expected a list of one case or more");
    for (std::size_t i = 0; i < cases.size(); ++i) {
        try {
            dataset.cases.push_back(eval::DatasetCase::fromJson(cases[i]));
        } catch (const eval::DatasetError &error) {
            throw BundleError(path + ".cases[" + std::to_string(i) + "]", error.reason());
        }
    }
    return dataset;
}

} // namespace

nlohmann::ordered_json writeBundle(const store::Project &project, const BundleRequest &request)
{
    using ordered = nlohmann::ordered_json;
    const auto prompt = project.findPrompt(request.promptName);
    if (!prompt)
        project.listVersions(request.promptName, false); // throws NotFound in the store's words
    ordered versions = ordered::array();
    ordered labels = ordered::object();
    store::ShownImages shown; // the stored images the versions and cases show
    if (request.onlyVersion) {
        const model::VersionRecord version = project.version(request.promptName, *request.onlyVersion);
        versions.push_back(versionJson(version, false)); // alone: its parent is not in the file
        store::collectShownImages(version.content, shown);
        for (const std::string &label : version.labels)
            labels[label] = version.number;
    } else {
        for (const model::VersionRecord &version : project.listVersions(request.promptName)) {
            versions.push_back(versionJson(version, true));
            store::collectShownImages(version.content, shown);
            for (const std::string &label : version.labels)
                labels[label] = version.number;
        }
    }
    ordered datasets = ordered::array();
    const store::DatasetStore store(project);
    for (const std::string &name : request.datasets) {
        const model::DatasetRecord record = store.latest(name);
        ordered cases = ordered::array();
        for (const eval::DatasetCase &datasetCase : store.cases(record.id)) {
            cases.push_back(ordered(datasetCase.toJson()));
            store::collectShownImages(datasetCase, shown);
        }
        datasets.push_back(ordered {{"name", record.name}, {"source", record.source}, {"cases", std::move(cases)}});
    }
    ordered bundle = {
        {"format", kFormatName},
        {"format_version", kFormatVersion},
        {"exported", store::utcNow()},
        {"prompt", ordered {{"name", prompt->name}, {"description", prompt->description}, {"tags", prompt->tags}}},
        {"versions", std::move(versions)},
        {"labels", std::move(labels)},
        {"datasets", std::move(datasets)},
    };
    if (!shown.empty()) {
        const store::ImageStore images(project);
        ordered bytes = ordered::object();
        for (const auto &[sha256, image] : shown)
            if (const std::optional<std::string> stored = images.bytes(sha256))
                bytes[sha256] = util::base64Encode(*stored);
        bundle["images"] = std::move(bytes);
    }
    return bundle;
}

bool isBundle(const json &document)
{
    return document.is_object() && document.value("format", json()) == kFormatName;
}

PromptBundle readBundle(const json &document)
{
    if (!isBundle(document))
        throw BundleError("", std::string("not a Promptsmith bundle (its \"format\" is not \"") + kFormatName + "\")");
    const json &formatVersion = field(document, "format_version", "");
    if (!formatVersion.is_number_integer() || formatVersion.get<long long>() > kFormatVersion
        || formatVersion.get<long long>() < 1)
        throw BundleError("format_version",
            "this bundle was written by a newer Promptsmith (format " + formatVersion.dump()
                + "; this one reads " + std::to_string(kFormatVersion) + ")");
    PromptBundle bundle;
    const json &prompt = field(document, "prompt", "");
    if (!prompt.is_object())
        throw BundleError("prompt", "expected an object");
    bundle.prompt.promptName = stringField(prompt, "name", "prompt");
    bundle.prompt.description = stringField(prompt, "description", "prompt", false);
    bundle.prompt.tags = stringList(prompt, "tags", "prompt");

    const json &versions = field(document, "versions", "");
    if (!versions.is_array() || versions.empty())
        throw BundleError("versions", "expected a list of one version or more");
    for (std::size_t i = 0; i < versions.size(); ++i)
        bundle.prompt.versions.push_back(
            readVersion(versions[i], "versions[" + std::to_string(i) + "]", bundle.warnings));

    if (const auto labels = document.find("labels"); labels != document.end() && !labels->is_null()) {
        if (!labels->is_object())
            throw BundleError("labels", "expected an object of label → version number");
        for (auto entry = labels->begin(); entry != labels->end(); ++entry)
            bundle.prompt.labels[entry.key()] = numberField(entry.value(), "labels." + entry.key());
    }
    if (const auto datasets = document.find("datasets"); datasets != document.end() && !datasets->is_null()) {
        if (!datasets->is_array())
            throw BundleError("datasets", "expected a list");
        for (std::size_t i = 0; i < datasets->size(); ++i)
            bundle.datasets.push_back(readDataset((*datasets)[i], "datasets[" + std::to_string(i) + "]"));
    }
    if (const auto images = document.find("images"); images != document.end() && !images->is_null()) {
        if (!images->is_object())
            throw BundleError("images", "expected an object of image hash → base64 bytes");
        for (auto entry = images->begin(); entry != images->end(); ++entry) {
            const std::string at = "images." + entry.key();
            const std::optional<std::string> bytes
                = entry->is_string() ? util::base64Decode(entry->get<std::string>()) : std::nullopt;
            if (!bytes)
                throw BundleError(at, "expected the image's bytes in base64");
            if (util::sha256Hex(*bytes) != entry.key())
                throw BundleError(at, "the bytes are not the image named (their SHA-256 differs): the file was damaged");
            bundle.images[entry.key()] = std::move(*bytes);
        }
    }
    return bundle;
}

BundleImport importBundle(
    store::Project &project, PromptBundle bundle, const std::optional<std::string> &asName)
{
    BundleImport result;
    result.warnings = std::move(bundle.warnings);
    if (asName)
        bundle.prompt.promptName = *asName;
    for (const BundleDataset &dataset : bundle.datasets)
        store::checkPromptName(dataset.name); // before anything is written
    result.promptName = bundle.prompt.promptName;
    // The images first, so the versions that show them can be added; only those a version or
    // case shows are stored, each checked as a dropped file is (kind, size). A version showing
    // an image still missing is refused by the store; a case is kept, and said.
    store::ShownImages shownByVersions;
    for (const store::ForeignVersion &version : bundle.prompt.versions)
        store::collectShownImages(version.content, shownByVersions);
    store::ShownImages shownByCases;
    for (const BundleDataset &dataset : bundle.datasets)
        for (const eval::DatasetCase &datasetCase : dataset.cases)
            store::collectShownImages(datasetCase, shownByCases);
    store::ImageStore images(project);
    for (const auto &[sha256, bytes] : bundle.images) {
        if (!shownByVersions.contains(sha256) && !shownByCases.contains(sha256))
            continue;
        try {
            images.add(bytes);
        } catch (const store::StoreError &error) {
            throw BundleError("images." + sha256, error.what());
        }
    }
    for (const auto &[sha256, image] : shownByCases)
        if (!images.contains(sha256))
            result.warnings.push_back("image " + sha256.substr(0, 12)
                + " of a dataset case is neither in the bundle nor in this project: its cells will fail");
    result.versions = store::importVersions(project, bundle.prompt);
    importDatasets(project, std::move(bundle.datasets), result.datasetsAdded, result.datasetsUnchanged);
    return result;
}

void importDatasets(store::Project &project, std::vector<BundleDataset> datasets,
    std::vector<model::DatasetRecord> &added, std::vector<std::string> &unchanged)
{
    store::DatasetStore store(project);
    for (BundleDataset &dataset : datasets) {
        if (const auto latest = store.findLatest(dataset.name);
            latest && store.cases(latest->id) == dataset.cases) {
            unchanged.push_back(dataset.name);
            continue;
        }
        added.push_back(store.importCases(dataset.name,
            dataset.source.empty() ? "bundle" : dataset.source, dataset.cases));
    }
}

} // namespace ps::io
