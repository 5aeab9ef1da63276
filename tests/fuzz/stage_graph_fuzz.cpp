// Fuzzes the stage graph reader (the format of policies/stages.toml): parse_stage_graph on
// arbitrary text. A graph that loads must compile to a machine whose every entry is a stage,
// export as DOT and hash.

#include <cstdint>

#include "fuzz_common.hpp"
#include "graph/stage_graph.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace nudge;
  auto graph = detail::parse_stage_graph(fuzz::as_text(data, size), "fuzz.toml");
  if (!graph) {
    fuzz::check_error(graph.error());
    return 0;
  }
  const detail::StageMachine machine(*graph);
  if (machine.stage_count() != graph->stages().size()) fuzz::fail("machine size");
  for (std::size_t s = 0; s < machine.stage_count(); ++s) {
    for (std::size_t e = 0; e < machine.event_count(); ++e) {
      const detail::StageId to =
          machine.next(static_cast<detail::StageId>(s), static_cast<detail::EventId>(e));
      if (to != detail::kNoStage && to >= machine.stage_count()) fuzz::fail("transition target");
    }
  }
  (void)graph->to_dot();
  (void)graph->content_hash();
  return 0;
}
