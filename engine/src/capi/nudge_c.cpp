// The C API (nudge.h) over the C++ engine and store. Every entry point catches everything:
// no exception crosses the boundary.
#include "nudge/nudge.h"

#include <algorithm>
#include <exception>
#include <new>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "nudge/engine.hpp"
#include "nudge/plugins.hpp"
#include "nudge/policy.hpp"
#include "nudge/stack.hpp"
#include "nudge/store.hpp"
#include "store/action_json.hpp"

struct nudge_error {
  nudge_status code;
  std::string message;
};
struct nudge_buffer {
  std::string bytes;
};
struct nudge_plugin {
  nudge::Plugin plugin;
};
struct nudge_stack_options {
  nudge::StackOptions options;
};
struct nudge_stack {
  nudge::PolicyStack stack;
};
struct nudge_store_options {
  nudge::StoreOptions options;
};
struct nudge_actions {
  std::vector<nudge::Action> owned;
  std::vector<nudge_action> views;
  std::size_t next = 0;
};

// An engine in memory (with an outbox kept in memory) or a durable store.
struct nudge_engine {
  std::optional<nudge::Store> store;
  std::optional<nudge::Engine> memory;
  std::vector<nudge::Action> released;  // in memory: every released action, in order
  std::vector<bool> acked;
  std::unordered_map<std::string, std::size_t> by_key;

  const nudge::Engine& engine() const { return store ? store->engine() : *memory; }
};

namespace {

using nudge::ErrorCode;

std::string_view view(const char* data, std::size_t size) {
  return data == nullptr ? std::string_view{} : std::string_view(data, size);
}

nudge_status fail(nudge_error** error, nudge_status code, std::string message) {
  if (error != nullptr) {
    try {
      *error = new nudge_error{code, std::move(message)};
    } catch (...) {
      *error = nullptr;
    }
  }
  return code;
}

nudge_status fail(nudge_error** error, const nudge::Error& e) {
  return fail(error, static_cast<nudge_status>(e.code), e.message);
}

// Runs `body`, turning any exception into NUDGE_INTERNAL.
template <class F>
nudge_status guarded(nudge_error** error, F&& body) noexcept {
  try {
    return body();
  } catch (const std::bad_alloc&) {
    return fail(error, NUDGE_INTERNAL, "out of memory");
  } catch (const std::exception& e) {
    return fail(error, NUDGE_INTERNAL, std::string("internal error: ") + e.what());
  } catch (...) {
    return fail(error, NUDGE_INTERNAL, "internal error: unknown exception");
  }
}

nudge_string str(const std::string& s) { return nudge_string{s.c_str(), s.size()}; }

nudge_actions* make_list(std::vector<nudge::Action> actions) {
  auto* list = new nudge_actions;
  list->owned = std::move(actions);
  list->views.reserve(list->owned.size());
  for (const nudge::Action& a : list->owned) {
    nudge_action v{};
    v.key = str(a.key);
    v.application = str(a.application);
    v.rule = str(a.rule);
    v.action = str(a.action);
    v.recipient = str(a.recipient);
    v.zone = str(a.zone);
    v.channel = str(a.channel);
    v.draft = str(a.draft);
    v.at = a.at.time_since_epoch().count();
    v.deadline = a.deadline.time_since_epoch().count();
    v.optional = a.optional ? 1 : 0;
    list->views.push_back(v);
  }
  return list;
}

nudge::Instant instant(std::int64_t s) { return nudge::Instant{std::chrono::seconds{s}}; }

nudge::Result<std::vector<nudge::Action>> advance(nudge_engine& e, std::int64_t now) {
  if (e.store) return e.store->advance(instant(now));
  auto released = e.memory->advance(instant(now));
  if (!released) return released;
  for (const nudge::Action& a : *released) {
    if (e.by_key.emplace(a.key, e.released.size()).second) {
      e.released.push_back(a);
      e.acked.push_back(false);
    }
  }
  return released;
}

nudge_status set_buffer(nudge_buffer** out, std::string bytes) {
  if (out != nullptr) *out = new nudge_buffer{std::move(bytes)};
  return NUDGE_OK;
}

}  // namespace

extern "C" {

const char* nudge_version(void) { return NUDGE_VERSION_STRING; }

const char* nudge_status_name(nudge_status status) {
  if (status == NUDGE_INTERNAL) return "internal";
  if (status < NUDGE_OK || status > NUDGE_IO) return "unknown";
  return nudge::error_code_name(static_cast<ErrorCode>(status));
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

nudge_status nudge_engine_create(const nudge_stack* stack, int64_t start, nudge_engine** out,
                                 nudge_error** error) {
  return guarded(error, [&] {
    if (stack == nullptr || out == nullptr) {
      return fail(error, NUDGE_INVALID_ARGUMENT, "nudge_engine_create: stack and out are needed");
    }
    auto* e = new nudge_engine;
    e->memory.emplace(stack->stack, instant(start));
    *out = e;
    return NUDGE_OK;
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

nudge_status nudge_engine_open_store(const nudge_stack* stack, const char* path, size_t path_size,
                                     const nudge_store_options* options, nudge_engine** out,
                                     nudge_error** error) {
  return guarded(error, [&] {
    if (stack == nullptr || out == nullptr) {
      return fail(error, NUDGE_INVALID_ARGUMENT,
                  "nudge_engine_open_store: stack and out are needed");
    }
    auto s = nudge::Store::open(std::string(view(path, path_size)), stack->stack,
                                options ? options->options : nudge::StoreOptions{});
    if (!s) return fail(error, s.error());
    auto* e = new nudge_engine;
    e->store.emplace(std::move(*s));
    *out = e;
    return NUDGE_OK;
  });
}
void nudge_engine_destroy(nudge_engine* engine) { delete engine; }

nudge_status nudge_engine_open(nudge_engine* e, const char* toml, size_t toml_size,
                               const char* source, size_t source_size, nudge_error** error) {
  return guarded(error, [&] {
    if (e == nullptr) return fail(error, NUDGE_INVALID_ARGUMENT, "no engine");
    const std::string_view text = view(toml, toml_size);
    const std::string_view name = source_size ? view(source, source_size) : "<application>";
    if (e->store) {
      if (auto s = e->store->open_application(text, name); !s) return fail(error, s.error());
      return NUDGE_OK;
    }
    auto context = nudge::parse_application(text, name);
    if (!context) return fail(error, context.error());
    if (auto s = e->memory->open(*context); !s) return fail(error, s.error());
    return NUDGE_OK;
  });
}

nudge_status nudge_engine_apply(nudge_engine* e, const char* application, size_t application_size,
                                const char* event, size_t event_size, int64_t at,
                                const char* recipient, size_t recipient_size, int* duplicate,
                                nudge_error** error) {
  return guarded(error, [&] {
    if (e == nullptr) return fail(error, NUDGE_INVALID_ARGUMENT, "no engine");
    const nudge::Event ev{view(event, event_size), instant(at), view(recipient, recipient_size)};
    const std::string_view app = view(application, application_size);
    auto r = e->store ? e->store->apply(app, ev) : e->memory->apply(app, ev);
    if (!r) return fail(error, r.error());
    if (duplicate != nullptr) *duplicate = *r == nudge::ApplyOutcome::kDuplicate ? 1 : 0;
    return NUDGE_OK;
  });
}

nudge_status nudge_engine_apply_batch(nudge_engine* e, const nudge_event* events, size_t count,
                                      nudge_status* outcomes, nudge_error** error) {
  return guarded(error, [&] {
    if (e == nullptr) return fail(error, NUDGE_INVALID_ARGUMENT, "no engine");
    if (events == nullptr && count > 0) return fail(error, NUDGE_INVALID_ARGUMENT, "no events");
    std::vector<nudge::ApplicationEvent> batch;
    batch.reserve(count);
    for (std::size_t i = 0; i < count; ++i) {
      const nudge_event& v = events[i];
      batch.push_back({view(v.application, v.application_size),
                       nudge::Event{view(v.event, v.event_size), instant(v.at),
                                    view(v.recipient, v.recipient_size)}});
    }
    std::vector<nudge::Result<nudge::ApplyOutcome>> results;
    if (e->store) {
      auto r = e->store->apply_batch(batch);
      if (!r) return fail(error, r.error());
      results = std::move(*r);
    } else {
      results.reserve(count);
      for (const nudge::ApplicationEvent& a : batch)
        results.push_back(e->memory->apply(a.application, a.event));
    }
    if (outcomes != nullptr) {
      for (std::size_t i = 0; i < count; ++i) {
        const auto& r = results[i];
        outcomes[i] = !r ? static_cast<nudge_status>(r.error().code)
                      : *r == nudge::ApplyOutcome::kDuplicate ? NUDGE_DUPLICATE
                                                              : NUDGE_OK;
      }
    }
    return NUDGE_OK;
  });
}

nudge_status nudge_engine_advance(nudge_engine* e, int64_t now, nudge_action_fn fn, void* user,
                                  nudge_error** error) {
  return guarded(error, [&] {
    if (e == nullptr) return fail(error, NUDGE_INVALID_ARGUMENT, "no engine");
    auto released = advance(*e, now);
    if (!released) return fail(error, released.error());
    if (fn != nullptr) {
      nudge_actions* list = make_list(std::move(*released));
      for (const nudge_action& a : list->views) fn(user, &a);
      delete list;
    }
    return NUDGE_OK;
  });
}

nudge_status nudge_engine_advance_list(nudge_engine* e, int64_t now, nudge_actions** out,
                                       nudge_error** error) {
  return guarded(error, [&] {
    if (e == nullptr || out == nullptr) return fail(error, NUDGE_INVALID_ARGUMENT, "no engine");
    auto released = advance(*e, now);
    if (!released) return fail(error, released.error());
    *out = make_list(std::move(*released));
    return NUDGE_OK;
  });
}

nudge_status nudge_engine_pending(nudge_engine* e, nudge_actions** out, nudge_error** error) {
  return guarded(error, [&] {
    if (e == nullptr || out == nullptr) return fail(error, NUDGE_INVALID_ARGUMENT, "no engine");
    if (e->store) {
      auto pending = e->store->unacked();
      if (!pending) return fail(error, pending.error());
      *out = make_list(std::move(*pending));
      return NUDGE_OK;
    }
    std::vector<nudge::Action> pending;
    for (std::size_t i = 0; i < e->released.size(); ++i) {
      if (!e->acked[i]) pending.push_back(e->released[i]);
    }
    *out = make_list(std::move(pending));
    return NUDGE_OK;
  });
}

nudge_status nudge_engine_ack(nudge_engine* e, const char* key, size_t size, nudge_error** error) {
  return guarded(error, [&] {
    if (e == nullptr) return fail(error, NUDGE_INVALID_ARGUMENT, "no engine");
    const std::string_view k = view(key, size);
    if (e->store) {
      if (auto s = e->store->ack(k); !s) return fail(error, s.error());
      return NUDGE_OK;
    }
    auto it = e->by_key.find(std::string(k));
    if (it == e->by_key.end()) {
      return fail(error, NUDGE_NOT_FOUND,
                  "no released action has the key '" + std::string(k) + "'");
    }
    e->acked[it->second] = true;
    return NUDGE_OK;
  });
}

nudge_status nudge_engine_ack_batch(nudge_engine* e, const char* const* keys,
                                    const size_t* key_sizes, size_t count, nudge_status* outcomes,
                                    nudge_error** error) {
  return guarded(error, [&] {
    if (e == nullptr) return fail(error, NUDGE_INVALID_ARGUMENT, "no engine");
    if ((keys == nullptr || key_sizes == nullptr) && count > 0)
      return fail(error, NUDGE_INVALID_ARGUMENT, "no keys");
    std::vector<std::string_view> views;
    views.reserve(count);
    for (std::size_t i = 0; i < count; ++i) views.push_back(view(keys[i], key_sizes[i]));
    std::vector<nudge_status> statuses(count, NUDGE_OK);
    if (e->store) {
      auto r = e->store->ack_batch(views);
      if (!r) return fail(error, r.error());
      for (std::size_t i = 0; i < count; ++i)
        if (!(*r)[i]) statuses[i] = static_cast<nudge_status>((*r)[i].error().code);
    } else {
      for (std::size_t i = 0; i < count; ++i) {
        auto it = e->by_key.find(std::string(views[i]));
        if (it == e->by_key.end()) {
          statuses[i] = NUDGE_NOT_FOUND;
        } else {
          e->acked[it->second] = true;
        }
      }
    }
    if (outcomes != nullptr) std::copy(statuses.begin(), statuses.end(), outcomes);
    return NUDGE_OK;
  });
}

nudge_status nudge_engine_plan_json(const nudge_engine* e, const char* application, size_t size,
                                    nudge_buffer** out, nudge_error** error) {
  return guarded(error, [&] {
    if (e == nullptr) return fail(error, NUDGE_INVALID_ARGUMENT, "no engine");
    const std::string_view app = view(application, size);
    auto plan = e->engine().plan(app);
    if (!plan) return fail(error, plan.error());
    return set_buffer(out, nudge::detail::plan_json(app, *plan));
  });
}

nudge_status nudge_engine_stage(const nudge_engine* e, const char* application, size_t size,
                                nudge_buffer** out, nudge_error** error) {
  return guarded(error, [&] {
    if (e == nullptr) return fail(error, NUDGE_INVALID_ARGUMENT, "no engine");
    auto status = e->engine().status(view(application, size));
    if (!status) return fail(error, status.error());
    return set_buffer(out, status->stage);
  });
}

int64_t nudge_engine_now(const nudge_engine* e) {
  return e == nullptr ? 0 : e->engine().now().time_since_epoch().count();
}

nudge_status nudge_engine_snapshot(const nudge_engine* e, nudge_buffer** out, nudge_error** error) {
  return guarded(error, [&] {
    if (e == nullptr) return fail(error, NUDGE_INVALID_ARGUMENT, "no engine");
    return set_buffer(out, e->engine().snapshot());
  });
}

nudge_status nudge_engine_restore(nudge_engine* e, const char* snapshot, size_t size,
                                  nudge_error** error) {
  return guarded(error, [&] {
    if (e == nullptr) return fail(error, NUDGE_INVALID_ARGUMENT, "no engine");
    auto s = e->store ? e->store->restore(view(snapshot, size))
                      : e->memory->restore(view(snapshot, size));
    if (!s) return fail(error, s.error());
    return NUDGE_OK;
  });
}

size_t nudge_actions_size(const nudge_actions* actions) {
  return actions == nullptr ? 0 : actions->views.size();
}
const nudge_action* nudge_actions_next(nudge_actions* actions) {
  if (actions == nullptr || actions->next >= actions->views.size()) return nullptr;
  return &actions->views[actions->next++];
}
void nudge_actions_destroy(nudge_actions* actions) { delete actions; }

}  // extern "C"
