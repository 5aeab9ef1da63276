#include "policy/templates.hpp"

#include <algorithm>
#include <cctype>

namespace nudge::detail {
namespace {

constexpr std::string_view kPlaceholders[] = {"interviewer", "position", "company", "topic",
                                              "role"};

bool known_placeholder(std::string_view name) {
  return std::find(std::begin(kPlaceholders), std::end(kPlaceholders), name) !=
         std::end(kPlaceholders);
}

Status check_text(std::string_view text, const std::string& label, const std::string& where) {
  std::size_t pos = 0;
  while ((pos = text.find_first_of("{}", pos)) != std::string_view::npos) {
    if (text[pos] == '}') {
      return make_error(ErrorCode::kInvalidArgument,
                        where + ": template '" + label + "' has a '}' without a matching '{'");
    }
    std::size_t close = text.find('}', pos);
    if (close == std::string_view::npos) {
      return make_error(ErrorCode::kInvalidArgument,
                        where + ": template '" + label + "' has a '{' that is never closed");
    }
    std::string_view name = text.substr(pos + 1, close - pos - 1);
    if (!known_placeholder(name)) {
      return make_error(ErrorCode::kUnknownName,
                        where + ": template '" + label + "' uses unknown placeholder {" +
                            std::string(name) +
                            "}; use {interviewer}, {position}, {company}, {topic} or {role}");
    }
    pos = close + 1;
  }
  return {};
}

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::size_t word_count(std::string_view text) {
  std::size_t words = 0;
  bool in_word = false;
  for (char c : text) {
    bool space = std::isspace(static_cast<unsigned char>(c)) != 0;
    if (!space && !in_word) ++words;
    in_word = !space;
  }
  return words;
}

}  // namespace

Status check_placeholders(const TemplateSet& set, const std::string& where) {
  if (auto s = check_text(set.fallback, set.name, where); !s) return s;
  for (std::size_t i = 0; i < set.by_role.size(); ++i) {
    const std::string& at = i < set.role_sources.size() ? set.role_sources[i] : where;
    if (auto s = check_text(set.by_role[i].second, set.name + "." + set.by_role[i].first, at); !s) {
      return s;
    }
  }
  return {};
}

Status check_templates(const CompiledPolicy& policy) {
  for (const auto& set : policy.templates) {
    auto check = [&](const std::string& label, const std::string& text,
                     const std::string& source) -> Status {
      auto findings = lint_message(policy, text);
      if (!findings.empty()) {
        return make_error(ErrorCode::kInvalidArgument,
                          (source.empty() ? "" : source + ": ") + "template '" + label +
                              "' breaks the message rules: " + findings[0]);
      }
      return {};
    };
    if (auto s = check(set.name, set.fallback, set.source); !s) return s;
    for (std::size_t i = 0; i < set.by_role.size(); ++i) {
      const std::string& source = i < set.role_sources.size() ? set.role_sources[i] : set.source;
      if (auto s = check(set.name + "." + set.by_role[i].first, set.by_role[i].second, source);
          !s) {
        return s;
      }
    }
  }
  return {};
}

const std::string* template_text(const TemplateSet& set, std::string_view role) {
  for (const auto& [r, text] : set.by_role) {
    if (r == role) return &text;
  }
  return set.fallback.empty() ? nullptr : &set.fallback;
}

Result<std::string> fill_template(std::string_view text, const TemplateValues& values) {
  std::string out;
  out.reserve(text.size() + 64);
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t open = text.find('{', pos);
    if (open == std::string_view::npos) {
      out.append(text.substr(pos));
      break;
    }
    out.append(text.substr(pos, open - pos));
    std::size_t close = text.find('}', open);
    if (close == std::string_view::npos) {
      return make_error(ErrorCode::kInvalidArgument, "template has a '{' that is never closed");
    }
    std::string_view name = text.substr(open + 1, close - open - 1);
    std::string_view value;
    if (name == "interviewer")
      value = values.interviewer;
    else if (name == "position")
      value = values.position;
    else if (name == "company")
      value = values.company;
    else if (name == "topic")
      value = values.topic;
    else if (name == "role")
      value = values.role;
    if (value.empty()) {
      return make_error(ErrorCode::kInvalidArgument,
                        "placeholder {" + std::string(name) +
                            "} has no value for this recipient; add it to the application "
                            "(e.g. topics for {topic}) before sending");
    }
    out.append(value);
    pos = close + 1;
  }
  return out;
}

std::vector<std::string> lint_message(const CompiledPolicy& policy, std::string_view text) {
  std::vector<std::string> findings;
  std::string low = lower(text);
  for (const auto& rule : policy.lint) {
    if (low.find(rule.phrase) != std::string::npos) {
      findings.push_back("R18: avoid '" + rule.phrase + "'" +
                         (rule.reason.empty() ? "" : ": " + rule.reason));
    }
  }
  if (policy.lint_max_words > 0 && word_count(text) > policy.lint_max_words) {
    findings.push_back("R18: " + std::to_string(word_count(text)) + " words; keep it to " +
                       std::to_string(policy.lint_max_words) + " or fewer (concise)");
  }
  return findings;
}

}  // namespace nudge::detail
