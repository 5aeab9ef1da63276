// The same seed gives the same report, bit for bit, whatever the thread count.
#include "sim/sim_fixture.hpp"

namespace nudge::test {
namespace {

TEST(SimDeterminism, SameSeedSameJsonForOneAndTwoThreads) {
  auto one = simulate(small_run({"seed-default", "eager"}, 4000, 1));
  ASSERT_TRUE(one.ok()) << one.error().message;
  auto two = simulate(small_run({"seed-default", "eager"}, 4000, 2));
  ASSERT_TRUE(two.ok()) << two.error().message;
  EXPECT_EQ(format_json(*one), format_json(*two));
  EXPECT_EQ(format_csv(*one), format_csv(*two));
  EXPECT_EQ(one->completed, 4000u);
  EXPECT_FALSE(one->partial);
  // Something happened: offers, touches, and eager's etiquette violations.
  EXPECT_GT(one->strategies[0].offers, 0u);
  EXPECT_GT(one->strategies[0].touches, 4000u);
  EXPECT_GT(one->strategies[1].violations, one->strategies[0].violations);
}

TEST(SimDeterminism, AnotherSeedGivesAnotherSample) {
  SimulationOptions a = small_run({"seed-default"}, 2000, 2);
  SimulationOptions b = a;
  b.seed = a.seed + 1;
  auto ra = simulate(a);
  auto rb = simulate(b);
  ASSERT_TRUE(ra.ok() && rb.ok());
  EXPECT_NE(format_json(*ra), format_json(*rb));
}

TEST(SimDeterminism, ThreadsBeyondTheBatchesChangeNothing) {
  // 1500 applications are two batches; eight threads leave six idle.
  auto a = simulate(small_run({"patient"}, 1500, 1));
  auto b = simulate(small_run({"patient"}, 1500, 8));
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(format_json(*a), format_json(*b));
}

TEST(SimDeterminism, AStoppedRunIsPartial) {
  std::atomic<bool> stop{true};
  SimulationOptions o = small_run({"seed-default"}, 5000, 2);
  o.stop = &stop;
  auto r = simulate(o);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_TRUE(r->partial);
  EXPECT_EQ(r->completed, 0u);
  EXPECT_NE(format_table(*r).find("PARTIAL: interrupted after 0 of 5000"), std::string::npos);
  EXPECT_NE(format_json(*r).find("\"partial\": true"), std::string::npos);
}

}  // namespace
}  // namespace nudge::test
