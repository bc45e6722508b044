#include "dataset_file_import.h"

#include "dataset_store.h"
#include "image_store.h"

#include "eval/dataset.h"

#include <map>

namespace ps::store {

model::DatasetRecord DatasetFileImport::run(const Project &project, std::string_view text) const
{
    const std::string fileText = file.string();
    std::map<int, nlohmann::json> caseImages; // case number (1-based) -> stored references
    if (text.find("images") != std::string_view::npos) {
        ImageStore images(project);
        const std::filesystem::path folder = file.parent_path();
        int caseNumber = 0;
        eval::forEachDatasetCase(text, fileText, [&](eval::DatasetCase &&item) {
            ++caseNumber;
            if (item.extra.is_object() && item.extra.contains("images"))
                caseImages[caseNumber] = storeImageEntries(
                    item.extra["images"], folder, images, "case " + std::to_string(caseNumber) + ": images");
        });
    }
    // Each case is stored as it is read: a million-row file needs memory in proportion to the
    // file, not to a million parsed cases.
    int caseNumber = 0;
    return DatasetStore(project).importCases(
        name, file.filename().string(), [&](const eval::DatasetCaseSink &store) {
            eval::forEachDatasetCase(text, fileText, [&](eval::DatasetCase &&item) {
                if (const auto images = caseImages.find(++caseNumber); images != caseImages.end())
                    item.extra["images"] = std::move(images->second);
                store(std::move(item));
                if (progress && caseNumber % 256 == 0)
                    progress(caseNumber);
            });
        });
}

} // namespace ps::store
