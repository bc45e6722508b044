#include "rating/rating_scale.h"

#include <algorithm>
#include <stdexcept>

namespace ps::rating {

namespace {

std::string trimmed(const std::string &text)
{
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string::npos)
        return {};
    return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

} // namespace

RatingScale RatingScale::parse(const std::string &text)
{
    RatingScale scale;
    const std::string shape = "a scale is LOW-HIGH (such as 1-5), pass-fail, or labels "
                              "separated by commas (such as poor,ok,good), not '"
        + text + "'";
    if (text == "pass-fail") {
        scale.m_kind = Kind::PassFail;
        return scale;
    }
    if (const auto dash = text.find('-'); dash != std::string::npos && dash > 0
        && text.find(',') == std::string::npos) {
        try {
            std::size_t usedLow = 0;
            std::size_t usedHigh = 0;
            const int low = std::stoi(text.substr(0, dash), &usedLow);
            const int high = std::stoi(text.substr(dash + 1), &usedHigh);
            if (usedLow != dash || usedHigh != text.size() - dash - 1 || low >= high
                || high - low > 100)
                throw std::invalid_argument(shape);
            scale.m_low = low;
            scale.m_high = high;
            return scale;
        } catch (const std::logic_error &) {
            throw std::invalid_argument(shape);
        }
    }
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t comma = std::min(text.find(',', start), text.size());
        const std::string label = trimmed(text.substr(start, comma - start));
        if (label.empty()
            || std::find(scale.m_labels.begin(), scale.m_labels.end(), label)
                != scale.m_labels.end())
            throw std::invalid_argument(shape);
        scale.m_labels.push_back(label);
        start = comma + 1;
    }
    if (scale.m_labels.size() < 2)
        throw std::invalid_argument(shape);
    scale.m_kind = Kind::Labels;
    return scale;
}

std::string RatingScale::text() const
{
    switch (m_kind) {
    case Kind::Numeric:
        return std::to_string(m_low) + "-" + std::to_string(m_high);
    case Kind::PassFail:
        return "pass-fail";
    case Kind::Labels: {
        std::string joined;
        for (const std::string &label : m_labels)
            joined += (joined.empty() ? "" : ",") + label;
        return joined;
    }
    }
    return {};
}

std::vector<std::string> RatingScale::scores() const
{
    switch (m_kind) {
    case Kind::Numeric: {
        std::vector<std::string> values;
        for (int value = m_low; value <= m_high; ++value)
            values.push_back(std::to_string(value));
        return values;
    }
    case Kind::PassFail:
        return {"pass", "fail"};
    case Kind::Labels:
        return m_labels;
    }
    return {};
}

double RatingScale::valueOf(const nlohmann::json &score) const
{
    switch (m_kind) {
    case Kind::Numeric:
        if (score.is_number()) {
            const double value = score.get<double>();
            if (value >= m_low && value <= m_high)
                return value;
        }
        throw std::invalid_argument("a score on " + text() + " is a number from "
            + std::to_string(m_low) + " to " + std::to_string(m_high) + ", not " + score.dump());
    case Kind::PassFail:
        if (score == "pass")
            return 1.0;
        if (score == "fail")
            return 0.0;
        throw std::invalid_argument("a score on pass-fail is \"pass\" or \"fail\", not " + score.dump());
    case Kind::Labels:
        if (score.is_string()) {
            const auto found = std::find(m_labels.begin(), m_labels.end(), score.get<std::string>());
            if (found != m_labels.end())
                return double(found - m_labels.begin());
        }
        throw std::invalid_argument("a score on this scale is one of " + text() + ", not " + score.dump());
    }
    return 0.0;
}

nlohmann::json RatingScale::scoreFromText(const std::string &text) const
{
    nlohmann::json score = text;
    if (m_kind == Kind::Numeric) {
        try {
            std::size_t used = 0;
            const double value = std::stod(text, &used);
            if (used == text.size())
                score = value == double(long(value)) ? nlohmann::json(long(value)) : nlohmann::json(value);
        } catch (const std::logic_error &) {
        }
    }
    valueOf(score); // throws when it is not on the scale
    return score;
}

} // namespace ps::rating
