// The C API (nudge.h), its engine part: engines in memory or on a store, events, advances,
// acks, plans, snapshots and action lists. Every entry point catches everything: no exception
// crosses the boundary.
#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "capi/capi_handles.hpp"
#include "nudge/nudge.h"
#include "nudge/sharded_engine.hpp"
#include "store/action_json.hpp"

using namespace nudge::capi;  // NOLINT(google-build-using-namespace): the API's own helpers

namespace {

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

}  // namespace

extern "C" {

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

nudge_status nudge_engine_set_decision_date(nudge_engine* e, const char* application,
                                            size_t application_size, const char* date,
                                            size_t date_size, nudge_error** error) {
  return guarded(error, [&] {
    if (e == nullptr) return fail(error, NUDGE_INVALID_ARGUMENT, "no engine");
    const std::string_view id = view(application, application_size);
    const std::string_view text = view(date, date_size);
    std::optional<nudge::LocalDate> day;
    if (!text.empty()) {
      auto d = nudge::parse_date(text);
      if (!d) return fail(error, NUDGE_INVALID_ARGUMENT, d.error().message);
      day = *d;
    }
    auto s =
        e->store ? e->store->set_decision_date(id, day) : e->memory->set_decision_date(id, day);
    if (!s) return fail(error, s.error());
    return NUDGE_OK;
  });
}

nudge_status nudge_engine_erase(nudge_engine* e, const char* application, size_t size,
                                nudge_error** error) {
  return guarded(error, [&] {
    if (e == nullptr) return fail(error, NUDGE_INVALID_ARGUMENT, "no engine");
    const std::string_view id = view(application, size);
    if (e->store) {
      if (auto s = e->store->erase(id); !s) return fail(error, s.error());
      return NUDGE_OK;
    }
    if (auto s = e->memory->erase(id); !s) return fail(error, s.error());
    // Its released actions go too, acked or not: compacted in place (no allocation, so
    // nothing can fail half-way).
    std::size_t kept = 0;
    for (std::size_t i = 0; i < e->released.size(); ++i) {
      if (e->released[i].application == id) {
        e->by_key.erase(e->released[i].key);
        continue;
      }
      if (kept != i) {
        e->released[kept] = std::move(e->released[i]);
        e->acked[kept] = e->acked[i];
        e->by_key[e->released[kept].key] = kept;
      }
      ++kept;
    }
    e->released.resize(kept);
    e->acked.resize(kept);
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

size_t nudge_shard_of(const char* application, size_t size, size_t shards) {
  return nudge::ShardedEngine::shard_of(view(application, size), shards);
}

nudge_status nudge_snapshot_reshard(const char* const* snapshots, const size_t* sizes, size_t count,
                                    size_t shards, nudge_buffer** out, nudge_error** error) {
  return guarded(error, [&] {
    if (out == nullptr || shards == 0) {
      return fail(error, NUDGE_INVALID_ARGUMENT, "no room for the snapshots (out, shards >= 1)");
    }
    if (count > 0 && (snapshots == nullptr || sizes == nullptr)) {
      return fail(error, NUDGE_INVALID_ARGUMENT, "no snapshots or sizes");
    }
    std::vector<std::string_view> views;
    views.reserve(count);
    for (size_t i = 0; i < count; ++i) views.push_back(view(snapshots[i], sizes[i]));
    auto r = nudge::ShardedEngine::reshard(views, shards);
    if (!r) return fail(error, r.error());
    std::vector<std::unique_ptr<nudge_buffer>> made;  // all made before `out` is written
    made.reserve(shards);
    for (std::string& text : *r) made.emplace_back(new nudge_buffer{std::move(text)});
    for (size_t i = 0; i < shards; ++i) out[i] = made[i].release();
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
