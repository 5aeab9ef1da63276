// The HTML report: self-contained, and it renders in headless Chromium with its charts.
#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <regex>
#include <sstream>

#include "sim/sim_fixture.hpp"

namespace nudge::test {
namespace {

constexpr const char* kChromium = "/usr/bin/chromium";

std::size_t count(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (std::size_t p = text.find(needle); p != std::string::npos; p = text.find(needle, p + 1)) ++n;
  return n;
}

const SimulationReport& report() {
  static const SimulationReport r = [] {
    auto res = simulate(small_run({"seed-default", "no-thank-you", "eager"}, 3000, 2));
    if (!res) throw std::runtime_error(res.error().message);
    return *res;
  }();
  return r;
}

TEST(SimReport, HtmlIsSelfContained) {
  const std::string html = format_html(report());
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_EQ(count(html, "<svg "), 2u);
  // Three outcome bars and whiskers per strategy, and the weekly histograms.
  EXPECT_EQ(count(html, "<path class=\"whisker\""), 9u);
  EXPECT_GT(count(html, "<rect class=\"bar\""), 9u + 3u * 20u);
  // No external resource of any kind.
  EXPECT_EQ(html.find("src="), std::string::npos);
  EXPECT_EQ(html.find("href="), std::string::npos);
  EXPECT_EQ(html.find("url("), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("@import"), std::string::npos);
}

TEST(SimReport, RendersInHeadlessChromium) {
  if (access(kChromium, X_OK) != 0)
    GTEST_SKIP() << kChromium << " is absent (scripts/setup.sh installs it)";
  TempFile page("report.html", format_html(report()));
  const std::string profile = page.dir() + "/profile";
  const std::string dom = page.dir() + "/dom.html";
  const std::string png = page.dir() + "/shot.png";
  const std::string flags = std::string(kChromium) +
                            " --headless --no-sandbox --disable-gpu --disable-quic --no-first-run "
                            "--disable-background-networking --disable-component-update "
                            "--disable-sync --user-data-dir=" +
                            profile;
  const std::string url = "file://" + page.path();
  int rc = std::system((flags + " --dump-dom " + url + " > " + dom + " 2>/dev/null").c_str());
  ASSERT_TRUE(WIFEXITED(rc) && WEXITSTATUS(rc) == 0) << "chromium --dump-dom failed: " << rc;
  std::ifstream in(dom);
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string rendered = ss.str();
  // The parsed DOM holds both charts, every outcome bar with its whisker, and the histograms.
  EXPECT_NE(rendered.find("<svg id=\"outcome-chart\""), std::string::npos)
      << rendered.substr(0, 400);
  EXPECT_NE(rendered.find("<svg id=\"time-chart\""), std::string::npos);
  EXPECT_EQ(count(rendered, "class=\"whisker\""), 9u);
  EXPECT_GT(count(rendered, "<rect class=\"bar\""), 9u + 3u * 20u);
  EXPECT_NE(rendered.find("<td>no-thank-you</td>"), std::string::npos);

  rc = std::system(
      (flags + " --screenshot=" + png + " --window-size=1200,900 " + url + " > /dev/null 2>&1")
          .c_str());
  ASSERT_TRUE(WIFEXITED(rc) && WEXITSTATUS(rc) == 0) << "chromium --screenshot failed: " << rc;
  std::ifstream shot(png, std::ios::binary);
  char magic[8] = {};
  shot.read(magic, 8);
  EXPECT_EQ(std::string(magic + 1, 3), "PNG");
  shot.seekg(0, std::ios::end);
  EXPECT_GT(shot.tellg(), 20000) << "a blank page would be much smaller";
}

}  // namespace
}  // namespace nudge::test
