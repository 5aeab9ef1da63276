// Fuzzes policy TOML through the public API, in one of two modes:
//   - a text that mentions `graph` or `extends` is a whole policy file: written to a temporary
//   folder
//     beside copies of policies/stages.toml and policies/default.toml and loaded with
//     Policy::load_file (so `graph = "stages.toml"` and `extends = "default.toml"` work);
//   - any other text is a per-application overrides layer over the default stack, with an
//     industry and culture from the shipped packs picked by the input's size, compiled when
//     an application that carries it opens.
// A policy that loads runs the sample panel application through 200 days, with a snapshot and
// restore on the way (fuzz_common.hpp). Inputs that name other files (holidays_ics, plugins,
// another graph or extends) are skipped: they would fuzz the file system.

#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>

#include "fuzz_common.hpp"

namespace {

namespace fs = std::filesystem;
using namespace nudge;

const fs::path& work_dir() {
  static const fs::path dir = [] {
    fs::path d = fs::temp_directory_path() / ("nudge-policy-fuzz-" + std::to_string(getpid()));
    fs::create_directories(d);
    for (const char* name : {"stages.toml", "default.toml"}) {
      fs::copy_file(fuzz::source_path(std::string("policies/") + name), d / name,
                    fs::copy_options::overwrite_existing);
    }
    return d;
  }();
  return dir;
}

bool names_files(const toml::table& t, bool layer) {
  if (fuzz::has_key(t, {"holidays_ics", "plugins", "industries", "cultures"})) return true;
  const auto only = [&](const char* key, const char* allowed) {
    const toml::node* node = t.at_path(std::string("policy.") + key).node();
    if (node == nullptr) return true;
    return !layer && node->value<std::string>() == std::optional<std::string>(allowed);
  };
  return !only("graph", "stages.toml") || !only("extends", "default.toml");
}

const char* const kIndustries[] = {"", "tech", "finance", "government", "academia"};
const char* const kCultures[] = {"", "us", "de", "jp", "in", "br"};

void whole_policy(std::string_view text) {
  auto table = fuzz::parse_plain(text);
  if (table && names_files(*table, false)) return;
  const fs::path file = work_dir() / "policy.toml";
  {
    std::ofstream os(file, std::ios::binary | std::ios::trunc);
    os.write(text.data(), static_cast<std::streamsize>(text.size()));
  }
  auto policy = Policy::load_file(file.string());
  if (!policy) {
    fuzz::check_error(policy.error());
    return;
  }
  Engine engine(*policy);
  auto app = fuzz::sample_app();
  if (auto s = engine.open(app); !s) {
    fuzz::check_error(s.error());
    return;
  }
  fuzz::exercise(engine, app.id, [&] { return Engine(*policy); });
}

void overrides_layer(std::size_t pick, std::string_view text) {
  auto table = fuzz::parse_plain(text);
  if (table && names_files(*table, true)) return;
  // The stack caches one compiled policy per distinct overrides text: start a fresh one now
  // and then so that a long run does not keep them all.
  static std::optional<PolicyStack> stack;
  static int uses = 0;
  if (!stack || ++uses % 256 == 0) stack.emplace(fuzz::load_default_stack());
  auto app = fuzz::sample_app();
  app.industry = kIndustries[pick % std::size(kIndustries)];
  app.culture = kCultures[(pick / std::size(kIndustries)) % std::size(kCultures)];
  app.overrides = std::string(text);
  app.overrides_source = "overrides.toml";
  Engine engine(*stack);
  if (auto s = engine.open(app); !s) {
    fuzz::check_error(s.error());
    return;
  }
  fuzz::exercise(engine, app.id, [&] { return Engine(*stack); });
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = fuzz::as_text(data, size);
  if (text.find("graph") != std::string_view::npos ||
      text.find("extends") != std::string_view::npos) {
    whole_policy(text);
  } else {
    overrides_layer(size, text);
  }
  return 0;
}
