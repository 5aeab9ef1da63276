// Fuzzes the application file reader (nudge::parse_application) and what Engine::open does
// with what it accepts: an application that opens under the default stack is run through 200
// days with a snapshot and restore on the way (fuzz_common.hpp). Inputs with an `overrides`
// key are skipped (it names a file to read).

#include <cstdint>

#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace nudge;
  const std::string_view text = fuzz::as_text(data, size);
  auto table = fuzz::parse_plain(text);
  if (table && fuzz::has_key(*table, {"overrides"})) return 0;
  auto app = parse_application(text, "fuzz.toml");
  if (!app) {
    fuzz::check_error(app.error());
    return 0;
  }
  static const PolicyStack stack = fuzz::load_default_stack();
  Engine engine(stack);
  if (auto s = engine.open(*app); !s) {
    fuzz::check_error(s.error());
    if (auto again = engine.status(app->id); again) fuzz::fail("a refused open left the app");
    return 0;
  }
  fuzz::exercise(engine, app->id, [&] { return Engine(stack); });
  return 0;
}
