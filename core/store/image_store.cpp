#include "store/image_store.h"

#include "store/database.h"
#include "store/project.h"
#include "store/store_error.h"
#include "store/version_queries.h"
#include "util/image_info.h"
#include "util/sha256.h"

#include <fstream>
#include <iterator>

namespace ps::store {

ImageStore::ImageStore(const Project &project)
    : m_db(project.database())
{ }

model::ImageRef ImageStore::add(std::string_view bytes)
{
    if (bytes.size() > kMaxImageBytes)
        throw StoreError(StoreError::Kind::BadInput,
            "the image is " + std::to_string(bytes.size() >> 20) + " MB; the providers take at most 20 MB");
    const std::optional<util::ImageInfo> info = util::imageInfo(bytes);
    if (!info)
        throw StoreError(StoreError::Kind::BadInput, "not a PNG, JPEG, GIF or WebP image (or its header is damaged)");
    model::ImageRef image;
    image.sha256 = util::sha256Hex(bytes);
    image.mediaType = info->mediaType;
    image.width = info->width;
    image.height = info->height;
    auto lock = m_db.lock();
    Transaction transaction(m_db);
    Statement insert(m_db,
        "INSERT INTO images (sha256, media_type, width, height, bytes, added) VALUES (?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (sha256) DO NOTHING");
    insert.bind(1, image.sha256).bind(2, image.mediaType).bind(3, std::int64_t(image.width));
    insert.bind(4, std::int64_t(image.height)).bindBlob(5, bytes).bind(6, utcNow());
    insert.run();
    transaction.commit();
    return image;
}

std::optional<std::string> ImageStore::bytes(const std::string &sha256) const
{
    auto lock = m_db.lock();
    Statement query(m_db, "SELECT bytes FROM images WHERE sha256 = ?");
    query.bind(1, sha256);
    if (!query.step())
        return std::nullopt;
    return query.blob(0);
}

bool ImageStore::contains(const std::string &sha256) const
{
    auto lock = m_db.lock();
    Statement query(m_db, "SELECT 1 FROM images WHERE sha256 = ?");
    query.bind(1, sha256);
    return query.step();
}

void collectShownImages(const model::VersionContent &content, ShownImages &shown)
{
    const auto collect = [&shown](const std::vector<model::ImageRef> &images) {
        for (const model::ImageRef &image : images)
            if (!image.sha256.empty())
                shown.emplace(image.sha256, image);
    };
    for (const model::Message &message : content.messages)
        collect(message.images);
    for (const model::Example &example : content.examples)
        collect(example.images);
}

void collectShownImages(const eval::DatasetCase &datasetCase, ShownImages &shown)
{
    if (!datasetCase.extra.is_object() || !datasetCase.extra.contains("images")
        || !datasetCase.extra["images"].is_array())
        return;
    for (const nlohmann::json &entry : datasetCase.extra["images"]) {
        if (!entry.is_object() || !entry.contains("sha256") || !entry["sha256"].is_string())
            continue;
        model::ImageRef image;
        image.sha256 = entry["sha256"].get<std::string>();
        image.mediaType = entry.value("media_type", std::string());
        shown.emplace(image.sha256, std::move(image));
    }
}

nlohmann::json storeImageEntries(const nlohmann::json &entries, const std::filesystem::path &folder,
    ImageStore &images, const std::string &where)
{
    if (!entries.is_array())
        throw StoreError(StoreError::Kind::BadInput, where + ": expected a list of images");
    nlohmann::json stored = nlohmann::json::array();
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const std::string at = where + "[" + std::to_string(i) + "]";
        nlohmann::json entry = entries[i];
        if (entry.is_string()) {
            const std::string text = entry.get<std::string>();
            entry = text.rfind("https://", 0) == 0 || text.rfind("http://", 0) == 0 ? nlohmann::json {{"url", text}}
                                                                                   : nlohmann::json {{"path", text}};
        }
        if (!entry.is_object())
            throw StoreError(StoreError::Kind::BadInput, at + ": an image is a file path, a URL or an object");
        if (!entry.contains("path")) {
            stored.push_back(entry); // a URL or a stored image: checked where it is read
            continue;
        }
        if (!entry["path"].is_string())
            throw StoreError(StoreError::Kind::BadInput, at + ".path: not a text");
        const std::filesystem::path file = folder / entry["path"].get<std::string>();
        std::error_code error;
        const auto size = std::filesystem::file_size(file, error);
        if (error || size > ImageStore::kMaxImageBytes)
            throw StoreError(StoreError::Kind::BadInput,
                at + ": " + file.string() + (error ? ": no such file" : ": larger than 20 MB"));
        std::ifstream in(file, std::ios::binary);
        const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        try {
            nlohmann::json ref = images.add(bytes).toJson();
            if (entry.contains("detail"))
                ref["detail"] = entry["detail"];
            stored.push_back(std::move(ref));
        } catch (const StoreError &refused) {
            throw StoreError(StoreError::Kind::BadInput, at + ": " + file.string() + ": " + refused.what());
        }
    }
    return stored;
}

void ImageFileReader::setProject(const std::filesystem::path &path)
{
    const std::lock_guard lock(m_mutex);
    m_path = path;
}

std::optional<std::string> ImageFileReader::operator()(const std::string &sha256) const
{
    std::filesystem::path path;
    {
        const std::lock_guard lock(m_mutex);
        path = m_path;
    }
    if (path.empty())
        return std::nullopt;
    try {
        const Project project = Project::open(path, ProjectAccess::Read);
        return ImageStore(project).bytes(sha256);
    } catch (const StoreError &) {
        return std::nullopt; // the call then fails naming the image
    }
}

} // namespace ps::store
