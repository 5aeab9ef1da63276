// advise_huge_pages: a hint only; any range (null, small, unaligned, large) is accepted and
// the memory keeps its contents and stays writable.

#include "common/huge_pages.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <numeric>
#include <vector>

namespace nudge::detail {
namespace {

TEST(HugePages, AdviceKeepsTheMemoryAsItWas) {
  advise_huge_pages(nullptr, 0);
  advise_huge_pages(nullptr, std::size_t{64} << 20);
  std::vector<std::uint32_t> small(1000);
  std::iota(small.begin(), small.end(), 0u);
  advise_huge_pages(small.data(), small.size() * sizeof(std::uint32_t));
  EXPECT_EQ(small[999], 999u);
  std::vector<std::uint32_t> large(std::size_t{3} << 20);  // 12 MB, not 2 MB-aligned
  std::iota(large.begin(), large.end(), 7u);
  advise_huge_pages(large.data() + 1, (large.size() - 1) * sizeof(std::uint32_t));
  EXPECT_EQ(large[0], 7u);
  EXPECT_EQ(large.back(), static_cast<std::uint32_t>(large.size() - 1 + 7));
  large[large.size() / 2] = 1;
  EXPECT_EQ(large[large.size() / 2], 1u);
}

}  // namespace
}  // namespace nudge::detail
