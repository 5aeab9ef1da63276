// The report as a text table, CSV and JSON.
#include <cstdio>
#include <string>

#include "nudge/simulate.hpp"

namespace nudge {
namespace {

std::string fmt(const char* f, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, f, v);
  return buf;
}

std::string pct(double v) { return fmt("%.1f%%", 100 * v); }
std::string pp(double v) { return fmt("%+.1f", 100 * v); }

std::string json_str(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

std::string csv_str(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string num(double v) { return fmt("%.6f", v); }

}  // namespace

std::string format_table(const SimulationReport& r) {
  std::string out;
  out += "nudge simulate: " + std::to_string(r.completed) + " applications";
  if (r.partial) {
    out += " (PARTIAL: interrupted after " + std::to_string(r.completed) + " of " +
           std::to_string(r.requested) + ")";
  }
  out += ", seed " + std::to_string(r.seed) + ", model '" + r.model + "', population '" +
         r.population + "', horizon " + fmt("%g", r.horizon_days) + " d\n\n";
  char line[512];
  std::snprintf(line, sizeof line, "%-18s %8s %17s %9s %9s %8s %10s %8s\n", "strategy", "offers",
                "95% CI", "median d", "p90 d", "touches", "viol/100", "silent");
  out += line;
  for (const StrategyResult& s : r.strategies) {
    const std::string ci = "[" + pct(s.offer_rate_ci.low) + ", " + pct(s.offer_rate_ci.high) + "]";
    std::snprintf(line, sizeof line, "%-18s %8s %17s %9.1f %9.1f %8.2f %10.1f %8s\n",
                  s.name.c_str(), pct(s.offer_rate).c_str(), ci.c_str(), s.median_days_to_answer,
                  s.p90_days_to_answer, s.touches_per_application, s.violations_per_100,
                  pct(s.never_answered_share).c_str());
    out += line;
  }
  if (r.strategies.size() > 1) {
    out += "\nagainst " + r.strategies.front().name +
           " (same applications; percentage points, 95% CI):\n";
    std::snprintf(line, sizeof line, "%-18s %24s %26s\n", "strategy", "offer rate",
                  "never answered");
    out += line;
    for (std::size_t k = 1; k < r.strategies.size(); ++k) {
      const StrategyResult& s = r.strategies[k];
      const std::string a = pp(s.offer_rate_diff) + " [" + pp(s.offer_rate_diff_ci.low) + ", " +
                            pp(s.offer_rate_diff_ci.high) + "]";
      const std::string b = pp(s.never_answered_diff) + " [" + pp(s.never_answered_diff_ci.low) +
                            ", " + pp(s.never_answered_diff_ci.high) + "]";
      std::snprintf(line, sizeof line, "%-18s %24s %26s\n", s.name.c_str(), a.c_str(), b.c_str());
      out += line;
    }
  }
  out +=
      "\noffers: share of applications with an offer (Wilson 95% CI); median/p90 d: days "
      "from the interview to an offer or an announced rejection; touches: messages sent per "
      "application; viol/100: contacts breaking the etiquette per 100 applications; silent: "
      "share never answered within the horizon\n";
  return out;
}

std::string format_csv(const SimulationReport& r) {
  std::string out =
      "strategy,file,applications,partial,offer_rate,offer_ci_low,offer_ci_high,"
      "median_days_to_answer,p90_days_to_answer,touches_per_application,violations_per_100,"
      "never_answered_share,offer_rate_diff,offer_rate_diff_low,offer_rate_diff_high,"
      "never_answered_diff,never_answered_diff_low,never_answered_diff_high,offers,rejections,"
      "never_answered,feedback,touches,violations,refused\n";
  for (const StrategyResult& s : r.strategies) {
    out += csv_str(s.name) + "," + csv_str(s.file) + "," + std::to_string(s.applications) + "," +
           (r.partial ? "true" : "false") + "," + num(s.offer_rate) + "," +
           num(s.offer_rate_ci.low) + "," + num(s.offer_rate_ci.high) + "," +
           num(s.median_days_to_answer) + "," + num(s.p90_days_to_answer) + "," +
           num(s.touches_per_application) + "," + num(s.violations_per_100) + "," +
           num(s.never_answered_share) + "," + num(s.offer_rate_diff) + "," +
           num(s.offer_rate_diff_ci.low) + "," + num(s.offer_rate_diff_ci.high) + "," +
           num(s.never_answered_diff) + "," + num(s.never_answered_diff_ci.low) + "," +
           num(s.never_answered_diff_ci.high) + "," + std::to_string(s.offers) + "," +
           std::to_string(s.rejections) + "," + std::to_string(s.never_answered) + "," +
           std::to_string(s.feedback) + "," + std::to_string(s.touches) + "," +
           std::to_string(s.violations) + "," + std::to_string(s.refused) + "\n";
  }
  return out;
}

std::string format_json(const SimulationReport& r) {
  std::string out = "{\n";
  out += "  \"seed\": " + std::to_string(r.seed) + ",\n";
  out += "  \"requested\": " + std::to_string(r.requested) + ",\n";
  out += "  \"completed\": " + std::to_string(r.completed) + ",\n";
  out += std::string("  \"partial\": ") + (r.partial ? "true" : "false") + ",\n";
  out += "  \"policy\": " + json_str(r.policy) + ",\n";
  out += "  \"model\": " + json_str(r.model) + ",\n";
  out += "  \"model_file\": " + json_str(r.model_file) + ",\n";
  out += "  \"population\": " + json_str(r.population) + ",\n";
  out += "  \"population_file\": " + json_str(r.population_file) + ",\n";
  out += "  \"horizon_days\": " + num(r.horizon_days) + ",\n";
  out += "  \"strategies\": [";
  for (std::size_t k = 0; k < r.strategies.size(); ++k) {
    const StrategyResult& s = r.strategies[k];
    out += k ? ",\n    {" : "\n    {";
    out += "\"name\": " + json_str(s.name) + ", \"file\": " + json_str(s.file) +
           ", \"applications\": " + std::to_string(s.applications) +
           ", \"offers\": " + std::to_string(s.offers) +
           ", \"rejections\": " + std::to_string(s.rejections) +
           ", \"never_answered\": " + std::to_string(s.never_answered) +
           ", \"feedback\": " + std::to_string(s.feedback) +
           ", \"touches\": " + std::to_string(s.touches) +
           ", \"violations\": " + std::to_string(s.violations) +
           ", \"refused\": " + std::to_string(s.refused) +
           ", \"offer_rate\": " + num(s.offer_rate) + ", \"offer_rate_ci\": [" +
           num(s.offer_rate_ci.low) + ", " + num(s.offer_rate_ci.high) + "]" +
           ", \"median_days_to_answer\": " + num(s.median_days_to_answer) +
           ", \"p90_days_to_answer\": " + num(s.p90_days_to_answer) +
           ", \"touches_per_application\": " + num(s.touches_per_application) +
           ", \"violations_per_100\": " + num(s.violations_per_100) +
           ", \"never_answered_share\": " + num(s.never_answered_share) +
           ", \"offer_rate_diff\": " + num(s.offer_rate_diff) + ", \"offer_rate_diff_ci\": [" +
           num(s.offer_rate_diff_ci.low) + ", " + num(s.offer_rate_diff_ci.high) + "]" +
           ", \"never_answered_diff\": " + num(s.never_answered_diff) +
           ", \"never_answered_diff_ci\": [" + num(s.never_answered_diff_ci.low) + ", " +
           num(s.never_answered_diff_ci.high) + "], \"answer_days\": [";
    for (std::size_t d = 0; d < s.answer_days.size(); ++d) {
      if (d) out += ", ";
      out += std::to_string(s.answer_days[d]);
    }
    out += "]}";
  }
  out += "\n  ]\n}\n";
  return out;
}

}  // namespace nudge
