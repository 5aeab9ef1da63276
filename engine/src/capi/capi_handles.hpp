#pragma once
// What the files of the C API share: the handles behind nudge.h's opaque types, and the
// helpers every entry point uses (views of (pointer, size) strings, errors out, the guard
// that keeps exceptions from crossing the boundary).

#include <exception>
#include <new>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "nudge/engine.hpp"
#include "nudge/nudge.h"
#include "nudge/plugins.hpp"
#include "nudge/stack.hpp"
#include "nudge/store.hpp"

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

namespace nudge::capi {

inline std::string_view view(const char* data, std::size_t size) {
  return data == nullptr ? std::string_view{} : std::string_view(data, size);
}

inline nudge_status fail(nudge_error** error, nudge_status code, std::string message) {
  if (error != nullptr) {
    try {
      *error = new nudge_error{code, std::move(message)};
    } catch (...) {
      *error = nullptr;
    }
  }
  return code;
}

inline nudge_status fail(nudge_error** error, const nudge::Error& e) {
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

inline nudge_string str(const std::string& s) { return nudge_string{s.c_str(), s.size()}; }

inline nudge::Instant instant(std::int64_t s) { return nudge::Instant{std::chrono::seconds{s}}; }

inline nudge_status set_buffer(nudge_buffer** out, std::string bytes) {
  if (out != nullptr) *out = new nudge_buffer{std::move(bytes)};
  return NUDGE_OK;
}

}  // namespace nudge::capi
