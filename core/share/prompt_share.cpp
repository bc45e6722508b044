#include "share/prompt_share.h"

#include "eval/dataset.h"
#include "share/git_repository.h"
#include "store/dataset_store.h"
#include "store/image_store.h"
#include "store/store_error.h"
#include "store/version_import.h"
#include "util/sha256.h"
#include "util/json_depth.h"
#include "util/yaml_text.h"

#include <cstdio>
#include <ctime>
#include <map>
#include <set>

namespace ps::share {

using nlohmann::json;
using nlohmann::ordered_json;

namespace {

constexpr const char *kDatasets = "datasets";
constexpr const char *kImages = "images"; // each shown image once: images/<sha256>.<ext>

long long epochOf(const std::string &iso)
{
    std::tm parts {};
    if (std::sscanf(iso.c_str(), "%d-%d-%dT%d:%d:%d", &parts.tm_year, &parts.tm_mon, &parts.tm_mday, &parts.tm_hour,
            &parts.tm_min, &parts.tm_sec)
        != 6)
        return 0;
    parts.tm_year -= 1900;
    parts.tm_mon -= 1;
    return static_cast<long long>(timegm(&parts));
}

std::string isoOf(long long epoch)
{
    const std::time_t time = static_cast<std::time_t>(epoch);
    std::tm parts {};
    gmtime_r(&time, &parts);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &parts);
    return text;
}

// A name as a folder or file name: readable, without what a path cannot hold.
std::string slugOf(const std::string &name)
{
    std::string slug;
    for (const char c : name)
        slug += (c == '/' || c == '\\' || c == ':' || static_cast<unsigned char>(c) < 0x20) ? '_' : c;
    if (slug.empty() || slug == "." || slug == ".." || slug == kDatasets || slug == kImages)
        slug = "_" + slug;
    return slug;
}

struct Place
{
    GitRepository repo;
    std::string path;
    std::string branch;
};

Place placeOf(const store::Project &project)
{
    const std::filesystem::path folder = shareFolder(project.path());
    if (!std::filesystem::exists(folder))
        throw ShareError("this project is not shared yet: connect it with `share init REPO`");
    GitRepository repo = GitRepository::open(folder);
    std::string path = repo.setting("promptsmith.path").value_or("prompts");
    std::string branch = repo.setting("promptsmith.branch").value_or("main");
    return {std::move(repo), std::move(path), std::move(branch)};
}

// The messages first (each its role, then its text), as a reviewer reads a prompt; then the
// variables, parameters and examples.
std::string contentText(const model::VersionContent &content)
{
    const json all = content.toJson();
    ordered_json ordered = ordered_json::object();
    ordered_json messages = ordered_json::array();
    for (const json &message : all.value("messages", json::array())) {
        ordered_json one = {{"role", message.value("role", "")}};
        for (const auto &[key, value] : message.items())
            if (key != "role")
                one[key] = value;
        messages.push_back(std::move(one));
    }
    ordered["messages"] = messages;
    for (const char *key : {"variables", "params", "examples", "examples_mode"})
        if (all.contains(key))
            ordered[key] = all[key];
    for (const auto &[key, value] : all.items())
        if (!ordered.contains(key))
            ordered[key] = value;
    return util::yamlText(ordered);
}

model::VersionContent contentFrom(const std::string &text, const std::string &where)
{
    try {
        return model::VersionContent::fromJson(json(util::parseYaml(text)));
    } catch (const std::exception &error) {
        throw ShareError(where + ": " + error.what());
    }
}

std::set<std::string> knownHashes(const std::optional<std::string> &versionsFile)
{
    std::set<std::string> hashes;
    if (!versionsFile)
        return hashes;
    std::size_t start = 0;
    while (start < versionsFile->size()) {
        std::size_t end = versionsFile->find('\n', start);
        if (end == std::string::npos)
            end = versionsFile->size();
        const json line = util::parseJsonOrDiscarded(versionsFile->substr(start, end - start));
        if (line.is_object() && line.contains("hash") && line["hash"].is_string())
            hashes.insert(line["hash"].get<std::string>());
        start = end + 1;
    }
    return hashes;
}

// The commit message's first paragraph: the version's own message.
std::string messageOf(const std::string &commitMessage)
{
    std::string message = commitMessage.substr(0, commitMessage.find("\n\n"));
    while (!message.empty() && (message.back() == '\n' || message.back() == ' '))
        message.pop_back();
    return message;
}

// A YAML map file of a commit (labels.yaml, prompt.yaml), or an empty map.
json mapAt(const GitRepository &repo, const std::string &commit, const std::string &file)
{
    if (commit.empty())
        return json::object();
    const auto text = repo.readFile(commit, file);
    if (!text)
        return json::object();
    try {
        json labels = json(util::parseYaml(*text));
        return labels.is_object() ? labels : json::object();
    } catch (const util::YamlError &) {
        return json::object();
    }
}

// Where an image is kept in the repository, named by its hash with its kind's extension.
std::string imagePath(const Place &place, const std::string &sha256, const std::string &mediaType)
{
    const std::string kind = mediaType.starts_with("image/") ? mediaType.substr(6) : std::string("bin");
    return place.path + "/" + kImages + "/" + sha256 + "." + (kind == "jpeg" ? std::string("jpg") : kind);
}

// The images of `refs` (what a version or cases show) that the commit at `head` lacks, as
// files to commit with what shows them.
void addImageFiles(const store::Project &project, const Place &place, const std::string &head,
    const store::ShownImages &refs, std::map<std::string, std::string> &files)
{
    const store::ImageStore images(project);
    for (const auto &[sha256, ref] : refs) {
        const std::string path = imagePath(place, ref.sha256, ref.mediaType);
        if (files.contains(path) || (!head.empty() && place.repo.readFile(head, path)))
            continue;
        if (std::optional<std::string> bytes = images.bytes(ref.sha256))
            files[path] = std::move(*bytes);
    }
}

// Stores the images `refs` name that the project lacks, from the repository at `tip`. A file
// whose bytes are not the image named is refused; one missing is left to the store, which
// refuses a version that shows an image it lacks.
void fetchImages(const store::Project &project, const Place &place, const std::string &tip,
    const store::ShownImages &refs)
{
    store::ImageStore images(project);
    for (const auto &[sha256, ref] : refs) {
        if (images.contains(sha256))
            continue;
        const std::string path = imagePath(place, ref.sha256, ref.mediaType);
        const std::optional<std::string> bytes = place.repo.readFile(tip, path);
        if (!bytes)
            continue;
        if (util::sha256Hex(*bytes) != ref.sha256)
            throw ShareError(path + ": the file is not the image it is named for (its SHA-256 differs)");
        try {
            images.add(*bytes);
        } catch (const store::StoreError &error) {
            throw ShareError(path + ": " + error.what());
        }
    }
}

store::ShownImages imagesOf(const model::VersionContent &content)
{
    store::ShownImages shown;
    store::collectShownImages(content, shown);
    return shown;
}

store::ShownImages imagesOf(const std::vector<eval::DatasetCase> &cases)
{
    store::ShownImages shown;
    for (const eval::DatasetCase &datasetCase : cases)
        store::collectShownImages(datasetCase, shown);
    return shown;
}

struct Pulled
{
    store::VersionImportRequest request;
    std::map<std::string, int> numberOf; // content hash -> number in the request
};

PullResult pullInto(store::Project &project, Place &place, const std::string &tip)
{
    PullResult result;
    const std::string last = place.repo.setting("promptsmith.lastCommit").value_or("");
    const std::string from = !last.empty() && place.repo.isAncestor(last, tip) ? last : std::string();
    const std::vector<GitCommit> commits = place.repo.commitsBetween(from, tip);
    result.commits = int(commits.size());
    std::map<std::string, Pulled> bySlug;
    for (const GitCommit &commit : commits) {
        const std::string parent = commit.parents.empty() ? "" : commit.parents.front();
        for (const std::string &slug : place.repo.listFolder(commit.id, place.path)) {
            if (slug == kDatasets || slug == kImages)
                continue;
            const std::string folder = place.path + "/" + slug + "/";
            const auto text = place.repo.readFile(commit.id, folder + "content.yaml");
            const auto before = parent.empty() ? std::nullopt : place.repo.readFile(parent, folder + "content.yaml");
            if (!text || text == before)
                continue;
            Pulled &pulled = bySlug[slug];
            if (pulled.request.promptName.empty()) {
                const json meta = mapAt(place.repo, commit.id, folder + "prompt.yaml");
                pulled.request.promptName = meta.value("name", slug);
                pulled.request.description = meta.value("description", "");
                if (meta.contains("tags") && meta["tags"].is_array())
                    for (const json &tag : meta["tags"])
                        if (tag.is_string())
                            pulled.request.tags.push_back(tag.get<std::string>());
            }
            std::optional<int> parentNumber;
            if (before) {
                // The version it was made from: here already (then only mapped), or added too.
                const model::VersionContent earlier = contentFrom(*before, parent.substr(0, 8) + ":" + folder + "content.yaml");
                const std::string hash = earlier.contentHash();
                if (const auto known = pulled.numberOf.find(hash); known != pulled.numberOf.end()) {
                    parentNumber = known->second;
                } else {
                    const GitCommit made = place.repo.commit(parent);
                    store::ForeignVersion version {int(pulled.request.versions.size()) + 1, std::nullopt, made.author.name,
                        isoOf(made.author.time), messageOf(made.message), earlier};
                    pulled.request.versions.push_back(version);
                    pulled.numberOf[hash] = version.number;
                    parentNumber = version.number;
                }
            }
            const model::VersionContent content = contentFrom(*text, commit.id.substr(0, 8) + ":" + folder + "content.yaml");
            const std::string hash = content.contentHash();
            if (pulled.numberOf.contains(hash))
                continue;
            store::ForeignVersion version {int(pulled.request.versions.size()) + 1, parentNumber, commit.author.name,
                isoOf(commit.author.time), messageOf(commit.message), content};
            pulled.request.versions.push_back(version);
            pulled.numberOf[hash] = version.number;
        }
    }
    for (auto &[slug, pulled] : bySlug) {
        const auto existing = project.findPrompt(pulled.request.promptName);
        const int before = existing ? existing->latestNumber : 0;
        for (const store::ForeignVersion &version : pulled.request.versions)
            fetchImages(project, place, tip, imagesOf(version.content));
        const store::VersionImportResult imported = store::importVersions(project, pulled.request);
        PulledPrompt prompt {pulled.request.promptName, 0, imported.promptCreated, false};
        for (const store::ImportedVersion &version : imported.versions)
            prompt.added += version.added ? 1 : 0;
        // Both sides made versions: some here came after the last sync, and some came in.
        if (existing && prompt.added > 0) {
            const std::set<std::string> known = knownHashes(from.empty() ? std::nullopt
                : place.repo.readFile(from, place.path + "/" + slug + "/versions.jsonl"));
            for (const model::VersionRecord &version : project.listVersions(pulled.request.promptName, false))
                if (version.number <= before && !known.contains(version.hash) && !from.empty())
                    prompt.bothChanged = true;
        }
        result.prompts.push_back(prompt);
    }

    // Labels moved there since the last sync take the remote's place, said when moved here too.
    for (const std::string &slug : place.repo.listFolder(tip, place.path)) {
        if (slug == kDatasets || slug == kImages)
            continue;
        const std::string file = place.path + "/" + slug + "/labels.yaml";
        const json now = mapAt(place.repo, tip, file);
        const json then = mapAt(place.repo, from, file);
        const json meta = mapAt(place.repo, tip, place.path + "/" + slug + "/prompt.yaml");
        const std::string name = meta.value("name", slug);
        if (!project.findPrompt(name))
            continue;
        std::map<std::string, int> byHash;
        std::map<std::string, std::string> labelsHere; // label -> hash
        for (const model::VersionRecord &version : project.listVersions(name, false)) {
            byHash.emplace(version.hash, version.number);
            for (const std::string &label : version.labels)
                labelsHere[label] = version.hash;
        }
        for (const auto &[label, hash] : now.items()) {
            if (!hash.is_string() || then.value(label, json()) == hash)
                continue; // not moved there
            const auto number = byHash.find(hash.get<std::string>());
            if (number == byHash.end())
                continue;
            const auto here = labelsHere.find(label);
            if (here != labelsHere.end() && here->second == hash.get<std::string>())
                continue;
            const bool movedHere = here != labelsHere.end() && then.value(label, json()) != json(here->second);
            project.setLabel(name, label, number->second);
            const std::string where = name + "@" + std::to_string(number->second);
            if (movedHere)
                result.labelConflicts.push_back(label + " on " + name + " moved on both sides: took the remote's, " + where);
            else
                result.labels.push_back(label + " → " + where);
        }
    }

    // Datasets: a file changed there is the dataset's next revision here, unless it holds the same.
    store::DatasetStore datasets(project);
    for (const std::string &file : place.repo.listFolder(tip, place.path + "/" + kDatasets)) {
        if (!file.ends_with(".jsonl"))
            continue;
        const std::string path = place.path + "/" + kDatasets + "/" + file;
        const auto text = place.repo.readFile(tip, path);
        if (!text || (!from.empty() && place.repo.readFile(from, path) == text))
            continue;
        const std::string name = file.substr(0, file.size() - 6);
        std::vector<eval::DatasetCase> cases;
        try {
            cases = eval::parseJsonlDataset(*text, path);
        } catch (const eval::DatasetError &error) {
            throw ShareError(error.what());
        }
        if (const auto latest = datasets.findLatest(name); latest && datasets.cases(latest->id) == cases)
            continue;
        fetchImages(project, place, tip, imagesOf(cases));
        const model::DatasetRecord record = datasets.importCases(name, "git: " + path, cases);
        result.datasets.push_back(name + " r" + std::to_string(record.revision));
    }
    place.repo.setSetting("promptsmith.lastCommit", tip);
    return result;
}

} // namespace

int PullResult::versionsAdded() const
{
    int added = 0;
    for (const PulledPrompt &prompt : prompts)
        added += prompt.added;
    return added;
}

std::filesystem::path shareFolder(const std::filesystem::path &project)
{
    return project.string() + ".share";
}

ShareStatus shareInit(const store::Project &project, ShareSettings settings)
{
    if (settings.remote.empty())
        throw ShareError("name the repository to share through (a path or a URL)");
    if (settings.path.empty() || settings.path.front() == '/' || settings.path.find("..") != std::string::npos)
        throw ShareError("--path must be a folder inside the repository, such as prompts");
    while (settings.path.ends_with('/'))
        settings.path.pop_back();
    const std::filesystem::path folder = shareFolder(project.path());
    const bool made = !std::filesystem::exists(folder);
    try {
        GitRepository repo = GitRepository::openOrCreate(folder, settings.remote);
        if (settings.branch.empty())
            settings.branch = repo.remoteDefaultBranch().value_or("main");
        repo.setSetting("promptsmith.path", settings.path);
        repo.setSetting("promptsmith.branch", settings.branch);
        return shareStatus(project);
    } catch (const ShareError &) {
        std::error_code ignored;
        if (made) // a repository that could not be reached leaves nothing behind
            std::filesystem::remove_all(folder, ignored);
        throw;
    }
}

PullResult sharePull(store::Project &project, const std::string &now)
{
    Place place = placeOf(project);
    const std::optional<std::string> tip = place.repo.fetch(place.branch);
    if (!tip)
        return {};
    PullResult result = pullInto(project, place, *tip);
    place.repo.setSetting("promptsmith.lastSync", now);
    return result;
}

PushResult sharePush(store::Project &project, const std::string &author, const std::string &now, const std::string &message)
{
    Place place = placeOf(project);
    PushResult result;
    const std::optional<std::string> tip = place.repo.fetch(place.branch);
    if (tip && place.repo.setting("promptsmith.lastCommit") != tip)
        result.pulled = pullInto(project, place, *tip); // both lines of versions are kept here first
    std::string head = tip.value_or("");
    const GitAuthor committer {author, "", epochOf(now)};
    for (const model::PromptRecord &prompt : project.listPrompts()) {
        const std::string folder = place.path + "/" + slugOf(prompt.name) + "/";
        std::optional<std::string> versionsFile = head.empty() ? std::nullopt : place.repo.readFile(head, folder + "versions.jsonl");
        const std::set<std::string> known = knownHashes(versionsFile);
        ordered_json meta = {{"name", prompt.name}};
        if (!prompt.description.empty())
            meta["description"] = prompt.description;
        if (!prompt.tags.empty())
            meta["tags"] = prompt.tags;
        std::string lines = versionsFile.value_or("");
        const std::vector<model::VersionRecord> versions = project.listVersions(prompt.name);
        std::map<std::string, std::string> hashOf; // number -> hash, for the parents
        for (const model::VersionRecord &version : versions) {
            if (known.contains(version.hash))
                continue;
            ordered_json line = {{"hash", version.hash}, {"author", version.author}, {"created", version.created},
                {"message", version.message}};
            for (const model::VersionRecord &parent : versions)
                if (version.parentNumber && parent.number == *version.parentNumber)
                    line["parent"] = parent.hash;
            lines += line.dump() + "\n";
            const std::string message = (version.message.empty() ? prompt.name + "@" + std::to_string(version.number) : version.message)
                + "\n\nPromptsmith-Version: " + prompt.name + "@" + std::to_string(version.number) + "\n";
            // A version's images go in with it, so every commit that shows one holds it.
            std::map<std::string, std::string> files {{folder + "content.yaml", contentText(version.content)},
                {folder + "prompt.yaml", util::yamlText(meta)}, {folder + "versions.jsonl", lines}};
            addImageFiles(project, place, head, imagesOf(version.content), files);
            head = place.repo.commitFiles(head, files, {version.author, "", epochOf(version.created)}, committer, message);
            ++result.versionsPushed;
            ++result.commits;
        }
        ordered_json labels = ordered_json::object();
        for (const model::VersionRecord &version : versions)
            for (const std::string &label : version.labels)
                labels[label] = version.hash;
        // Labels (and the prompt's description and tags): a commit when they changed.
        std::map<std::string, std::string> files {{folder + "prompt.yaml", util::yamlText(meta)}};
        if (!labels.empty() || (!head.empty() && place.repo.readFile(head, folder + "labels.yaml")))
            files[folder + "labels.yaml"] = util::yamlText(labels);
        const std::string before = head;
        head = place.repo.commitFiles(head, files, committer, committer,
            (message.empty() ? "Labels of " + prompt.name : message) + "\n");
        result.commits += head != before ? 1 : 0;
    }
    const store::DatasetStore datasets(project);
    std::map<std::string, std::string> datasetFiles;
    for (const model::DatasetRecord &record : datasets.list()) {
        const std::vector<eval::DatasetCase> cases = datasets.cases(record.id);
        datasetFiles[place.path + "/" + kDatasets + "/" + slugOf(record.name) + ".jsonl"] = eval::datasetJsonl(cases);
        addImageFiles(project, place, head, imagesOf(cases), datasetFiles);
    }
    if (!datasetFiles.empty()) {
        const std::string before = head;
        head = place.repo.commitFiles(head, datasetFiles, committer, committer, (message.empty() ? "Datasets" : message) + "\n");
        result.commits += head != before ? 1 : 0;
    }
    if (!head.empty() && head != tip.value_or("")) {
        place.repo.push(head, place.branch);
    }
    if (!head.empty())
        place.repo.setSetting("promptsmith.lastCommit", head);
    place.repo.setSetting("promptsmith.lastSync", now);
    result.head = head;
    return result;
}

ShareStatus shareStatus(const store::Project &project)
{
    Place place = placeOf(project);
    ShareStatus status {place.repo.remoteUrl(), place.path, place.branch, 0, 0,
        place.repo.setting("promptsmith.lastSync").value_or("")};
    const std::optional<std::string> tip = place.repo.fetch(place.branch);
    const std::string last = place.repo.setting("promptsmith.lastCommit").value_or("");
    if (tip)
        status.behind = int(place.repo.commitsBetween(!last.empty() && place.repo.isAncestor(last, *tip) ? last : "", *tip).size());
    for (const model::PromptRecord &prompt : project.listPrompts()) {
        const std::set<std::string> known = knownHashes(
            tip ? place.repo.readFile(*tip, place.path + "/" + slugOf(prompt.name) + "/versions.jsonl") : std::nullopt);
        for (const model::VersionRecord &version : project.listVersions(prompt.name, false))
            status.ahead += known.contains(version.hash) ? 0 : 1;
    }
    return status;
}

} // namespace ps::share
