// WorkerTeam: every member runs each job once, the caller returns only when all are done, and
// sync is a barrier; both with polling (the default) and with threads that sleep at once (spin
// 0, the condition-variable path). The suite is named ShardWorkerTeam so that the TSan run of
// scripts/sanitize.sh (filter Sharded*:Shard*) includes it.
#include "shard/worker_team.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstddef>
#include <vector>

namespace nudge::detail {
namespace {

// Runs `jobs` jobs on a team of `members`; each member counts its calls in its own slot.
void expect_every_member_runs_every_job(std::size_t members, std::chrono::microseconds spin,
                                        int jobs) {
  WorkerTeam team(members, spin);
  ASSERT_EQ(team.size(), members);
  std::vector<int> calls(members, 0);
  auto job = [&](std::size_t member) { ++calls[member]; };
  for (int j = 1; j <= jobs; ++j) {
    team.run(job);
    // Read on the caller right after run: the workers' writes must be visible (and TSan
    // checks that they happen before).
    for (std::size_t m = 0; m < members; ++m) ASSERT_EQ(calls[m], j) << "member " << m;
  }
}

TEST(ShardWorkerTeam, EveryMemberRunsEachJobOnce) {
  expect_every_member_runs_every_job(3, WorkerTeam::kSpin, 2000);
}

TEST(ShardWorkerTeam, SleepingWorkersWakeForEachJob) {
  expect_every_member_runs_every_job(3, std::chrono::microseconds{0}, 500);
}

TEST(ShardWorkerTeam, OneMemberRunsOnTheCaller) {
  WorkerTeam team(0);  // at least 1
  ASSERT_EQ(team.size(), 1u);
  int calls = 0;
  std::size_t seen = 99;
  auto job = [&](std::size_t member) {
    ++calls;
    seen = member;
    team.sync();  // alone: returns at once
  };
  team.run(job);
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(seen, 0u);
}

// Each member writes its slot, syncs, then sums every slot: all must see all writes.
void expect_sync_is_a_barrier(std::chrono::microseconds spin) {
  constexpr std::size_t kMembers = 3;
  WorkerTeam team(kMembers, spin);
  std::vector<long> slot(kMembers, 0);
  std::vector<long> sum(kMembers, 0);
  for (long round = 1; round <= 300; ++round) {
    auto job = [&](std::size_t member) {
      slot[member] = round * static_cast<long>(member + 1);
      team.sync();
      long total = 0;
      for (long v : slot) total += v;
      team.sync();  // nobody writes the next round's slot before all have read this one
      sum[member] = total;
    };
    team.run(job);
    for (std::size_t m = 0; m < kMembers; ++m) ASSERT_EQ(sum[m], round * 6) << "member " << m;
  }
}

TEST(ShardWorkerTeam, SyncWaitsForEveryMember) { expect_sync_is_a_barrier(WorkerTeam::kSpin); }

TEST(ShardWorkerTeam, SyncWaitsForSleepingMembers) {
  expect_sync_is_a_barrier(std::chrono::microseconds{0});
}

}  // namespace
}  // namespace nudge::detail
