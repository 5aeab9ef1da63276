#pragma once
// Message templates (R2, R18): placeholders {interviewer}, {position}, {company}, {topic},
// {role} are filled from the application; a draft with a placeholder left unfilled is refused.

#include <string>
#include <string_view>
#include <vector>

#include "nudge/result.hpp"
#include "policy/compiled_policy.hpp"

namespace nudge::detail {

/// The values a draft may use; an empty value counts as missing.
struct TemplateValues {
  std::string_view interviewer;
  std::string_view position;
  std::string_view company;
  std::string_view topic;
  std::string_view role;
};

/// Refuses placeholders other than the five known ones and unbalanced braces.
Status check_placeholders(const TemplateSet& set, const std::string& where);
/// R18: refuses templates that break the policy's lint rules.
Status check_templates(const CompiledPolicy& policy);
/// The text for a role: the role's variant, else the default.
const std::string* template_text(const TemplateSet& set, std::string_view role);
/// Fills a template; kInvalidArgument naming the first placeholder that has no value.
Result<std::string> fill_template(std::string_view text, const TemplateValues& values);
/// R18 findings for a message text ("R18: avoid 'desperate': reads as desperation").
std::vector<std::string> lint_message(const CompiledPolicy& policy, std::string_view text);

}  // namespace nudge::detail
