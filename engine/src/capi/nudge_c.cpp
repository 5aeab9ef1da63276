// The C API (nudge.h), its library part: version, errors, buffers, plugins, policy stacks and
// store options. The engine's entry points are in nudge_c_engine.cpp. Every entry point
// catches everything: no exception crosses the boundary.
#include "nudge/nudge.h"

#include <string>

#include "capi/capi_handles.hpp"
#include "nudge/policy.hpp"

using namespace nudge::capi;  // NOLINT(google-build-using-namespace): the API's own helpers

extern "C" {

const char* nudge_version(void) { return NUDGE_VERSION_STRING; }

const char* nudge_status_name(nudge_status status) {
  if (status == NUDGE_INTERNAL) return "internal";
  if (status < NUDGE_OK || status > NUDGE_IO) return "unknown";
  return nudge::error_code_name(static_cast<nudge::ErrorCode>(status));
}

nudge_status nudge_error_code(const nudge_error* error) {
  return error == nullptr ? NUDGE_OK : error->code;
}
const char* nudge_error_message(const nudge_error* error) {
  return error == nullptr ? "" : error->message.c_str();
}
size_t nudge_error_message_size(const nudge_error* error) {
  return error == nullptr ? 0 : error->message.size();
}
void nudge_error_destroy(nudge_error* error) { delete error; }

const char* nudge_buffer_data(const nudge_buffer* buffer) {
  return buffer == nullptr ? "" : buffer->bytes.c_str();
}
size_t nudge_buffer_size(const nudge_buffer* buffer) {
  return buffer == nullptr ? 0 : buffer->bytes.size();
}
void nudge_buffer_destroy(nudge_buffer* buffer) { delete buffer; }

nudge_status nudge_plugin_load(const char* path, size_t path_size, const char* config,
                               size_t config_size, nudge_plugin** out, nudge_error** error) {
  return guarded(error, [&] {
    auto p = nudge::Plugin::load(std::string(view(path, path_size)), view(config, config_size));
    if (!p) return fail(error, p.error());
    *out = new nudge_plugin{std::move(*p)};
    return NUDGE_OK;
  });
}
nudge_string nudge_plugin_name(const nudge_plugin* plugin) {
  return plugin == nullptr ? nudge_string{"", 0} : str(plugin->plugin.info().name);
}
void nudge_plugin_destroy(nudge_plugin* plugin) { delete plugin; }

nudge_stack_options* nudge_stack_options_create(void) {
  try {
    return new nudge_stack_options;
  } catch (...) {
    return nullptr;
  }
}
void nudge_stack_options_destroy(nudge_stack_options* options) { delete options; }

// Setters copy a string; out of memory leaves the option unchanged (the load then fails).
#define NUDGE_SETTER(name, field)                              \
  void name(nudge_stack_options* o, const char* s, size_t n) { \
    if (o == nullptr) return;                                  \
    try {                                                      \
      o->options.field = std::string(view(s, n));              \
    } catch (...) {                                            \
    }                                                          \
  }
NUDGE_SETTER(nudge_stack_options_set_policy, policy)
NUDGE_SETTER(nudge_stack_options_set_industry, industry)
NUDGE_SETTER(nudge_stack_options_set_culture, culture)
NUDGE_SETTER(nudge_stack_options_set_company, company)
#undef NUDGE_SETTER

void nudge_stack_options_add_plugin_file(nudge_stack_options* o, const char* s, size_t n) {
  if (o == nullptr) return;
  try {
    o->options.plugin_files.emplace_back(view(s, n));
  } catch (...) {
  }
}
void nudge_stack_options_add_plugin_dir(nudge_stack_options* o, const char* s, size_t n) {
  if (o == nullptr) return;
  try {
    o->options.plugin_dirs.emplace_back(view(s, n));
  } catch (...) {
  }
}
void nudge_stack_options_add_plugin(nudge_stack_options* o, const nudge_plugin* plugin) {
  if (o == nullptr || plugin == nullptr) return;
  try {
    o->options.plugins.push_back(plugin->plugin);
  } catch (...) {
  }
}
void nudge_stack_options_use_plugin_path_environment(nudge_stack_options* o, int use) {
  if (o != nullptr) o->options.use_plugin_path_environment = use != 0;
}

nudge_status nudge_stack_load(const nudge_stack_options* options, nudge_stack** out,
                              nudge_error** error) {
  return guarded(error, [&] {
    if (options == nullptr || out == nullptr) {
      return fail(error, NUDGE_INVALID_ARGUMENT, "nudge_stack_load: options and out are needed");
    }
    if (options->options.policy.empty()) {
      return fail(error, NUDGE_INVALID_ARGUMENT,
                  "nudge_stack_load: no base policy file (nudge_stack_options_set_policy)");
    }
    auto s = nudge::PolicyStack::load(options->options);
    if (!s) return fail(error, s.error());
    *out = new nudge_stack{std::move(*s)};
    return NUDGE_OK;
  });
}
void nudge_stack_destroy(nudge_stack* stack) { delete stack; }
uint64_t nudge_stack_hash(const nudge_stack* stack) {
  return stack == nullptr ? 0 : stack->stack.content_hash();
}
nudge_status nudge_stack_graph_dot(const nudge_stack* stack, nudge_buffer** out,
                                   nudge_error** error) {
  return guarded(error, [&] {
    if (stack == nullptr) return fail(error, NUDGE_INVALID_ARGUMENT, "no stack");
    return set_buffer(out, stack->stack.base().graph_dot());
  });
}
nudge_status nudge_graph_validate_file(const char* path, size_t size, nudge_buffer** out,
                                       nudge_error** error) {
  return guarded(error, [&] {
    auto r = nudge::validate_graph_file(std::string(view(path, size)));
    if (!r) return fail(error, r.error());
    return set_buffer(out, std::move(*r));
  });
}

nudge_store_options* nudge_store_options_create(void) {
  try {
    return new nudge_store_options;
  } catch (...) {
    return nullptr;
  }
}
void nudge_store_options_destroy(nudge_store_options* options) { delete options; }
void nudge_store_options_set_synchronous(nudge_store_options* o, nudge_synchronous level) {
  if (o == nullptr) return;
  o->options.synchronous = level == NUDGE_SYNC_OFF      ? nudge::Synchronous::kOff
                           : level == NUDGE_SYNC_NORMAL ? nudge::Synchronous::kNormal
                                                        : nudge::Synchronous::kFull;
}
void nudge_store_options_set_checkpoint_every(nudge_store_options* o, uint32_t entries) {
  if (o != nullptr) o->options.checkpoint_every = entries;
}
void nudge_store_options_set_read_only(nudge_store_options* o, int read_only) {
  if (o != nullptr) o->options.read_only = read_only != 0;
}
void nudge_store_options_set_start(nudge_store_options* o, int64_t start) {
  if (o != nullptr) o->options.start = instant(start);
}

}  // extern "C"
