// TEMPORARY (not committed): minimal loader so the lead's build links until the plugins branch
// lands with the real implementation.
#include <cstdlib>
#include <cstring>

#include "plugin/plugin_handle.hpp"

namespace nudge {
namespace detail {
PluginHandle::~PluginHandle() {
  if (descriptor && descriptor->shutdown && self) descriptor->shutdown(self);
}
bool PluginHandle::applies(std::string_view industry, std::string_view culture) const {
  if (descriptor->layer == NUDGE_LAYER_COMPANY || info.applies_to.empty()) return true;
  std::string_view g = descriptor->layer == NUDGE_LAYER_INDUSTRY ? industry : culture;
  std::string list = "," + info.applies_to + ",";
  return !g.empty() && list.find("," + std::string(g) + ",") != std::string::npos;
}
bool PluginHandle::call_calendar(nudge_calendar& cal, std::string& error) const {
  if (!hooks || !hooks->calendar) return true;
  nudge_error err{};
  if (hooks->calendar(self, &cal, &err) != NUDGE_OK) { error = "plugin '" + info.name + "': calendar: " + err.message; return false; }
  return true;
}
bool PluginHandle::call_adjust(const nudge_app& app, nudge_action* a, std::size_t n, std::string& error) const {
  if (!hooks || !hooks->adjust) return true;
  nudge_error err{};
  try {
    if (hooks->adjust(self, &app, a, n, &err) != NUDGE_OK) { error = "plugin '" + info.name + "': adjust: " + err.message; return false; }
  } catch (...) { error = "plugin '" + info.name + "': hook 'adjust' threw: an exception"; return false; }
  return true;
}
bool PluginHandle::call_review(const nudge_app& app, const nudge_action& a, std::int64_t now, nudge_review& out, std::string& error) const {
  if (!hooks || !hooks->review) return true;
  nudge_error err{};
  try {
    if (hooks->review(self, &app, &a, now, &out, &err) != NUDGE_OK) { error = "plugin '" + info.name + "': review: " + err.message; return false; }
  } catch (...) { error = "plugin '" + info.name + "': hook 'review' threw: an exception"; return false; }
  return true;
}
}  // namespace detail

Result<Plugin> Plugin::load(const std::string& path, std::string_view config) {
  auto h = std::make_shared<detail::PluginHandle>();
  try {
    h->library.load(path, boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local);
  } catch (const std::exception& e) {
    return make_error(ErrorCode::kInvalidArgument, path + ": " + e.what());
  }
  if (!h->library.has(NUDGE_PLUGIN_ENTRY_SYMBOL)) return make_error(ErrorCode::kInvalidArgument, path + ": no entry");
  auto entry = h->library.get<const nudge_plugin_descriptor*()>(NUDGE_PLUGIN_ENTRY_SYMBOL);
  h->descriptor = entry();
  if (h->descriptor->abi_major != NUDGE_PLUGIN_ABI_MAJOR) return make_error(ErrorCode::kMismatch, path + ": abi");
  h->hooks = h->descriptor->hooks;
  nudge_host_info host{sizeof(host), NUDGE_PLUGIN_ABI_MAJOR, NUDGE_PLUGIN_ABI_MINOR, {"0.1.0", 5}, {config.data(), config.size()}};
  nudge_error err{};
  h->self = h->descriptor->init ? h->descriptor->init(&host, &err) : nullptr;
  h->info.name = h->descriptor->name; h->info.version = h->descriptor->version; h->info.path = path;
  h->info.applies_to = h->descriptor->applies_to ? h->descriptor->applies_to : "";
  h->info.layer = h->descriptor->layer == 1 ? "industry" : h->descriptor->layer == 2 ? "culture" : "company";
  h->info.has_policy = h->descriptor->policy_toml != nullptr;
  h->info.has_calendar = h->hooks && h->hooks->calendar; h->info.has_adjust = h->hooks && h->hooks->adjust; h->info.has_review = h->hooks && h->hooks->review;
  h->info.abi_major = h->descriptor->abi_major; h->info.abi_minor = h->descriptor->abi_minor;
  return Plugin(std::move(h));
}
const PluginInfo& Plugin::info() const { return handle_->info; }
PluginScan scan_plugins(const std::vector<std::string>&) { return {}; }
std::vector<std::string> plugin_path_from_environment() { return {}; }
}  // namespace nudge
