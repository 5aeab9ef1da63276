// The report as one self-contained HTML page: inline CSS, inline SVG charts, no script, no
// external resource (fonts, images and styles are all in the page).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "nudge/simulate.hpp"

namespace nudge {
namespace {

constexpr const char* kColors[] = {"#1b6ca8", "#d1495b", "#edae49", "#00798c",
                                   "#6a4c93", "#30638e", "#8a9b0f", "#c05805"};

std::string f(const char* format, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}

std::string esc(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '&':
        out += "&amp;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

const char* color(std::size_t k) { return kColors[k % (sizeof kColors / sizeof kColors[0])]; }

Interval wilson(std::uint64_t x, std::uint64_t n) {
  if (n == 0) return {0, 0};
  const double z = 1.959963984540054;
  const double nn = static_cast<double>(n);
  const double p = static_cast<double>(x) / nn;
  const double d = 1 + z * z / nn;
  const double c = (p + z * z / (2 * nn)) / d;
  const double h = z / d * std::sqrt(p * (1 - p) / nn + z * z / (4 * nn * nn));
  return {std::max(0.0, c - h), std::min(1.0, c + h)};
}

/// Grouped bars: per strategy, offer / announced rejection / never answered, with whiskers.
std::string outcome_chart(const SimulationReport& r) {
  const double width = 760;
  const double height = 300;
  const double left = 50;
  const double bottom = 250;
  const double top = 20;
  const char* labels[] = {"offer", "rejection announced", "never answered"};
  double ymax = 0.1;
  for (const StrategyResult& s : r.strategies) {
    for (std::uint64_t x : {s.offers, s.rejections, s.never_answered}) {
      ymax = std::max(ymax, wilson(x, s.applications).high);
    }
  }
  ymax = std::ceil(ymax * 10) / 10;
  auto y = [&](double v) { return bottom - (bottom - top) * v / ymax; };
  std::string out = "<svg id=\"outcome-chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"" +
                    f("%.0f", width) + "\" height=\"" + f("%.0f", height) +
                    "\" role=\"img\" aria-label=\"Outcomes by strategy with 95% confidence "
                    "intervals\">\n";
  for (int g = 0; g <= 10; ++g) {
    const double v = ymax * g / 10;
    out += "<line class=\"grid\" x1=\"" + f("%.0f", left) + "\" x2=\"" + f("%.0f", width - 10) +
           "\" y1=\"" + f("%.1f", y(v)) + "\" y2=\"" + f("%.1f", y(v)) + "\"/>";
    out += "<text class=\"axis\" x=\"" + f("%.0f", left - 6) + "\" y=\"" + f("%.1f", y(v) + 4) +
           "\" text-anchor=\"end\">" + f("%.0f%%", 100 * v) + "</text>\n";
  }
  const std::size_t n = r.strategies.size();
  const double group = (width - left - 20) / 3;
  const double bar =
      std::min(40.0, (group - 20) / static_cast<double>(std::max<std::size_t>(n, 1)));
  for (int m = 0; m < 3; ++m) {
    const double gx = left + 10 + group * m;
    out += "<text class=\"label\" x=\"" + f("%.1f", gx + bar * static_cast<double>(n) / 2) +
           "\" y=\"" + f("%.0f", bottom + 20) + "\" text-anchor=\"middle\">" + labels[m] +
           "</text>\n";
    for (std::size_t k = 0; k < n; ++k) {
      const StrategyResult& s = r.strategies[k];
      const std::uint64_t x = m == 0 ? s.offers : m == 1 ? s.rejections : s.never_answered;
      const double nn = static_cast<double>(std::max<std::uint64_t>(s.applications, 1));
      const double v = static_cast<double>(x) / nn;
      const Interval ci = wilson(x, s.applications);
      const double bx = gx + bar * static_cast<double>(k);
      out += "<rect class=\"bar\" data-strategy=\"" + esc(s.name) + "\" x=\"" + f("%.1f", bx + 2) +
             "\" y=\"" + f("%.1f", y(v)) + "\" width=\"" + f("%.1f", bar - 4) + "\" height=\"" +
             f("%.1f", bottom - y(v)) + "\" fill=\"" + color(k) + "\"><title>" + esc(s.name) + " " +
             labels[m] + ": " + f("%.1f%%", 100 * v) + " [" + f("%.1f", 100 * ci.low) + ", " +
             f("%.1f", 100 * ci.high) + "]</title></rect>";
      const double cx = bx + bar / 2;
      out += "<path class=\"whisker\" d=\"M" + f("%.1f", cx) + " " + f("%.1f", y(ci.low)) + "V" +
             f("%.1f", y(ci.high)) + "M" + f("%.1f", cx - 5) + " " + f("%.1f", y(ci.low)) + "h10M" +
             f("%.1f", cx - 5) + " " + f("%.1f", y(ci.high)) + "h10\"/>\n";
    }
  }
  out += "<line class=\"axisline\" x1=\"" + f("%.0f", left) + "\" x2=\"" + f("%.0f", width - 10) +
         "\" y1=\"" + f("%.0f", bottom) + "\" y2=\"" + f("%.0f", bottom) + "\"/>\n";
  double lx = left + 10;
  for (std::size_t k = 0; k < n; ++k) {
    out += "<rect x=\"" + f("%.1f", lx) + "\" y=\"" + f("%.0f", height - 22) +
           "\" width=\"12\" height=\"12\" fill=\"" + color(k) + "\"/><text class=\"legend\" x=\"" +
           f("%.1f", lx + 16) + "\" y=\"" + f("%.0f", height - 12) + "\">" +
           esc(r.strategies[k].name) + "</text>";
    lx += 30 + 7.5 * static_cast<double>(r.strategies[k].name.size());
  }
  return out + "\n</svg>\n";
}

/// Per strategy, a weekly histogram of the days to an answer, with the median marked.
std::string time_chart(const SimulationReport& r) {
  const double width = 760;
  const double row = 120;
  const double left = 200;
  const double right = width - 20;
  const std::size_t n = r.strategies.size();
  std::size_t weeks = 1;
  std::uint64_t peak = 1;
  std::vector<std::vector<std::uint64_t>> hist(n);
  for (std::size_t k = 0; k < n; ++k) {
    const auto& days = r.strategies[k].answer_days;
    hist[k].assign((days.size() + 6) / 7, 0);
    for (std::size_t d = 0; d < days.size(); ++d) hist[k][d / 7] += days[d];
    weeks = std::max(weeks, hist[k].size());
    for (std::uint64_t c : hist[k]) peak = std::max(peak, c);
  }
  const double height = row * static_cast<double>(n) + 40;
  std::string out = "<svg id=\"time-chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"" +
                    f("%.0f", width) + "\" height=\"" + f("%.0f", height) +
                    "\" role=\"img\" aria-label=\"Weeks from the interview to an answer, by "
                    "strategy\">\n";
  const double bw = (right - left) / static_cast<double>(weeks);
  for (std::size_t k = 0; k < n; ++k) {
    const StrategyResult& s = r.strategies[k];
    const double base = row * static_cast<double>(k + 1);
    out += "<text class=\"label\" x=\"" + f("%.0f", left - 10) + "\" y=\"" +
           f("%.0f", base - row / 2) + "\" text-anchor=\"end\">" + esc(s.name) + "</text>";
    out += "<text class=\"axis\" x=\"" + f("%.0f", left - 10) + "\" y=\"" +
           f("%.0f", base - row / 2 + 16) + "\" text-anchor=\"end\">median " +
           f("%.1f", s.median_days_to_answer) + " d, p90 " + f("%.1f", s.p90_days_to_answer) +
           " d</text>\n";
    for (std::size_t w = 0; w < hist[k].size(); ++w) {
      const double h = (row - 20) * static_cast<double>(hist[k][w]) / static_cast<double>(peak);
      out += "<rect class=\"bar\" data-strategy=\"" + esc(s.name) + "\" x=\"" +
             f("%.1f", left + bw * static_cast<double>(w) + 0.5) + "\" y=\"" + f("%.1f", base - h) +
             "\" width=\"" + f("%.1f", std::max(bw - 1, 0.5)) + "\" height=\"" + f("%.1f", h) +
             "\" fill=\"" + color(k) + "\"><title>week " + std::to_string(w + 1) + ": " +
             std::to_string(hist[k][w]) + " answers</title></rect>";
    }
    const double mx =
        left + (right - left) * s.median_days_to_answer / (7.0 * static_cast<double>(weeks));
    out += "<line class=\"median\" x1=\"" + f("%.1f", mx) + "\" x2=\"" + f("%.1f", mx) +
           "\" y1=\"" + f("%.1f", base - row + 20) + "\" y2=\"" + f("%.1f", base) + "\"/>";
    out += "<line class=\"axisline\" x1=\"" + f("%.0f", left) + "\" x2=\"" + f("%.0f", right) +
           "\" y1=\"" + f("%.0f", base) + "\" y2=\"" + f("%.0f", base) + "\"/>\n";
  }
  for (std::size_t w = 0; w <= weeks; w += 4) {
    const double x = left + bw * static_cast<double>(w);
    out += "<text class=\"axis\" x=\"" + f("%.1f", x) + "\" y=\"" + f("%.0f", height - 14) +
           "\" text-anchor=\"middle\">" + std::to_string(w * 7) + " d</text>";
  }
  return out + "\n</svg>\n";
}

}  // namespace

std::string format_html(const SimulationReport& r) {
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<title>nudge simulate: follow-up strategies compared</title>\n<style>\n"
      "body{font-family:system-ui,-apple-system,\"Segoe UI\",sans-serif;margin:2em auto;"
      "max-width:820px;color:#222;line-height:1.45}\n"
      "h1{font-size:1.5em;margin-bottom:.2em}h2{font-size:1.15em;margin-top:1.6em}\n"
      "table{border-collapse:collapse;font-size:.92em;margin:.5em 0}\n"
      "th,td{padding:.3em .6em;border-bottom:1px solid #ddd;text-align:right}\n"
      "th:first-child,td:first-child{text-align:left}\n"
      ".meta{color:#555;font-size:.9em}.partial{color:#b00;font-weight:bold}\n"
      "svg text{font-family:inherit}svg .axis{font-size:11px;fill:#555}"
      "svg .label{font-size:12px;fill:#222}svg .legend{font-size:12px;fill:#222}\n"
      "svg .grid{stroke:#eee}svg .axisline{stroke:#888}"
      "svg .whisker{stroke:#222;stroke-width:1.5;fill:none}"
      "svg .median{stroke:#222;stroke-dasharray:3 3}\n"
      "</style>\n</head>\n<body>\n<h1>Follow-up strategies compared</h1>\n";
  out += "<p class=\"meta\">" + std::to_string(r.completed) +
         " synthetic applications per "
         "strategy, seed " +
         std::to_string(r.seed) + "; employer model <b>" + esc(r.model) + "</b> (" +
         esc(r.model_file) + "), population <b>" + esc(r.population) + "</b> (" +
         esc(r.population_file) + "); applications followed for " + f("%g", r.horizon_days) +
         " days.</p>\n";
  if (r.partial) {
    out += "<p class=\"partial\">Partial result: the run was interrupted after " +
           std::to_string(r.completed) + " of " + std::to_string(r.requested) +
           " applications.</p>\n";
  }
  out +=
      "<h2>Results</h2>\n<table>\n<tr><th>strategy</th><th>offer rate</th><th>95% CI</th>"
      "<th>median days to answer</th><th>p90 days</th><th>touches / application</th>"
      "<th>etiquette violations / 100</th><th>never answered</th></tr>\n";
  for (const StrategyResult& s : r.strategies) {
    out += "<tr><td>" + esc(s.name) + "</td><td>" + f("%.1f%%", 100 * s.offer_rate) + "</td><td>" +
           f("%.1f", 100 * s.offer_rate_ci.low) + "&ndash;" +
           f("%.1f%%", 100 * s.offer_rate_ci.high) + "</td><td>" +
           f("%.1f", s.median_days_to_answer) + "</td><td>" + f("%.1f", s.p90_days_to_answer) +
           "</td><td>" + f("%.2f", s.touches_per_application) + "</td><td>" +
           f("%.1f", s.violations_per_100) + "</td><td>" +
           f("%.1f%%", 100 * s.never_answered_share) + "</td></tr>\n";
  }
  out += "</table>\n";
  if (r.strategies.size() > 1) {
    out += "<h2>Against " + esc(r.strategies.front().name) +
           "</h2>\n<p class=\"meta\">Differences on the same applications, in percentage "
           "points, with 95% confidence intervals of the paired differences.</p>\n<table>\n"
           "<tr><th>strategy</th><th>offer rate</th><th>never answered</th></tr>\n";
    for (std::size_t k = 1; k < r.strategies.size(); ++k) {
      const StrategyResult& s = r.strategies[k];
      out += "<tr><td>" + esc(s.name) + "</td><td>" + f("%+.1f", 100 * s.offer_rate_diff) + " [" +
             f("%+.1f", 100 * s.offer_rate_diff_ci.low) + ", " +
             f("%+.1f", 100 * s.offer_rate_diff_ci.high) + "]</td><td>" +
             f("%+.1f", 100 * s.never_answered_diff) + " [" +
             f("%+.1f", 100 * s.never_answered_diff_ci.low) + ", " +
             f("%+.1f", 100 * s.never_answered_diff_ci.high) + "]</td></tr>\n";
    }
    out += "</table>\n";
  }
  out +=
      "<h2>Outcomes</h2>\n<p class=\"meta\">Share of applications ending in an offer, an "
      "announced rejection, or no answer within the horizon; whiskers are Wilson 95% "
      "intervals.</p>\n";
  out += outcome_chart(r);
  out +=
      "<h2>Time to an answer</h2>\n<p class=\"meta\">Answered applications by week from the "
      "end of the first interview to the offer or rejection; the dashed line is the "
      "median.</p>\n";
  out += time_chart(r);
  out += "</body>\n</html>\n";
  return out;
}

}  // namespace nudge
