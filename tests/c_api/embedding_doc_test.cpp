// docs/embedding.md shows the ctypes example that CTest runs (CApi.PythonCtypesExample)
// verbatim, and names every function nudge.h declares.
#include <gtest/gtest.h>

#include <regex>

#include "store/store_helpers.hpp"

namespace nudge::test {
namespace {

TEST(EmbeddingDoc, ShowsTheTestedCtypesExampleVerbatim) {
  const std::string doc = read_file(std::string(NUDGE_SOURCE_DIR) + "/docs/embedding.md");
  const std::string example =
      read_file(std::string(NUDGE_SOURCE_DIR) + "/docs/examples/embed_host.py");
  ASSERT_FALSE(example.empty());
  EXPECT_NE(doc.find("```python\n" + example + "```"), std::string::npos);
}

TEST(EmbeddingDoc, DocumentsEveryFunctionOfTheCApi) {
  const std::string doc = read_file(std::string(NUDGE_SOURCE_DIR) + "/docs/embedding.md");
  const std::string header =
      read_file(std::string(NUDGE_SOURCE_DIR) + "/engine/include/nudge/nudge.h");
  const std::regex declared(R"(NUDGE_C_API [^;]*?\b(nudge_[a-z_]+)\()");
  int count = 0;
  for (auto it = std::sregex_iterator(header.begin(), header.end(), declared);
       it != std::sregex_iterator(); ++it) {
    const std::string name = (*it)[1];
    ++count;
    // A row names it whole, or as a suffix of a row that lists a family (`nudge_x / _y`).
    const std::string suffix = name.substr(name.rfind('_'));
    EXPECT_TRUE(doc.find(name) != std::string::npos || doc.find(" " + suffix) != std::string::npos)
        << name;
  }
  EXPECT_GT(count, 40);
}

}  // namespace
}  // namespace nudge::test
