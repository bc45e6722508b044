#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

// A rubric's scale — "1-5", "pass-fail" or labels "poor,ok,good" — and what a given score is
// worth to the statistics.
namespace ps::rating {

class RatingScale
{
public:
    enum class Kind { Numeric, PassFail, Labels };

    // Throws std::invalid_argument with a sentence naming the forms allowed.
    static RatingScale parse(const std::string &text);

    Kind kind() const { return m_kind; }
    std::string text() const;
    // Every score a rater may give, in order, as text: "1".."5", "pass" "fail", or the labels.
    std::vector<std::string> scores() const;
    // Between good and bad for a numeric scale (3 on 1-5); pass-fail's is 0.5 (pass is 1).
    double midpoint() const { return m_kind == Kind::Numeric ? (m_low + m_high) / 2.0 : 0.5; }
    // A score as a ratings file or `rate add --score` gives it: a number on a numeric scale,
    // "pass" or "fail", or one of the labels. Its value for the statistics (pass 1, fail 0, a
    // label its position); std::invalid_argument naming the allowed scores otherwise.
    double valueOf(const nlohmann::json &score) const;
    // The same from command-line text ("4", "pass", "good").
    nlohmann::json scoreFromText(const std::string &text) const;

private:
    Kind m_kind = Kind::Numeric;
    int m_low = 1;
    int m_high = 5;
    std::vector<std::string> m_labels;
};

} // namespace ps::rating
