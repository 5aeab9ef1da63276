/* nudge plugin ABI: plain C, so a plugin can be written in C, C++ or anything with a C FFI.
 *
 * A plugin is a shared library exporting one function, `nudge_plugin_entry`, which returns a
 * pointer to a static descriptor. The host (nudge) reads the descriptor, checks the ABI
 * version, calls `init`, and from then on calls the hooks the plugin supplies.
 *
 * Rules (docs/plugins.md):
 *  - ABI major: must equal the host's NUDGE_PLUGIN_ABI_MAJOR, else the plugin is refused.
 *    ABI minor: any; a plugin built against a newer minor sees the host's minor in
 *    `nudge_host_info` and must not use what that minor lacks.
 *  - Structs only grow by appending fields. Every struct starts with `struct_size`; a reader
 *    uses a field only when `struct_size` covers it. Nothing is ever removed or reordered
 *    within a major version.
 *  - Strings are (pointer, length) views, not NUL-terminated, valid only during the call.
 *  - Times are seconds since 1970-01-01T00:00:00Z; dates are days since 1970-01-01.
 *  - Hooks must be deterministic: the same inputs give the same outputs (the engine replays and
 *    restores applications and must plan the same times again).
 *  - Hooks return NUDGE_OK or NUDGE_ERROR; on error they write a message into `err`. An error
 *    (or an exception escaping a C++ hook) never stops the host: the action keeps the result
 *    of the TOML rules and the error is reported with the plugin's name.
 *  - Hooks may be called from several threads for different engines (shards); the `self`
 *    pointer is shared, so keep it read-only after `init` or synchronise.
 */
#ifndef NUDGE_PLUGIN_ABI_H
#define NUDGE_PLUGIN_ABI_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define NUDGE_PLUGIN_ABI_MAJOR 1
#define NUDGE_PLUGIN_ABI_MINOR 1

/* The one symbol a plugin exports. */
#define NUDGE_PLUGIN_ENTRY_SYMBOL "nudge_plugin_entry"

/* Hook results. */
#define NUDGE_OK 0
#define NUDGE_ERROR 1

#define NUDGE_NO_TIME INT64_MIN /* an absent time */
#define NUDGE_NO_DATE INT32_MIN /* an absent date */

/* Application flags (nudge_app.flags). */
#define NUDGE_FLAG_BUSY 1u
#define NUDGE_FLAG_URGENT 2u
#define NUDGE_FLAG_NO_CONTACT 4u

/* nudge_action.recipient for actions addressed to the candidate. */
#define NUDGE_RECIPIENT_CANDIDATE 0xFFu

/* Where in the policy stack a plugin sits (its hooks run in this order, after the TOML rules:
 * industry plugins first, then culture, then company). */
#define NUDGE_LAYER_INDUSTRY 1u
#define NUDGE_LAYER_CULTURE 2u
#define NUDGE_LAYER_COMPANY 3u

/* Review verdicts. */
#define NUDGE_ALLOW 0
#define NUDGE_SHIFT 1  /* release later, at `shift_to` (after `now`) */
#define NUDGE_REFUSE 2 /* never release this action; `reason` says why */

typedef struct nudge_str {
  const char* data;
  size_t size;
} nudge_str;

/* Room for a message a hook writes (NUL-terminated, truncated to fit). */
typedef struct nudge_error {
  char message[256];
} nudge_error;

/* What the host tells a plugin at init. */
typedef struct nudge_host_info {
  size_t struct_size;
  uint32_t abi_major;
  uint32_t abi_minor;
  nudge_str host_version; /* e.g. "0.1.0" */
  nudge_str config;       /* the plugin's configuration string from the policy (may be empty) */
} nudge_host_info;

/* One interviewer of an application. */
typedef struct nudge_person {
  size_t struct_size;
  nudge_str name;
  nudge_str role;
  nudge_str zone; /* IANA zone */
  int32_t primary;
} nudge_person;

/* The application an action belongs to (read only). */
typedef struct nudge_app {
  size_t struct_size;
  nudge_str id;
  nudge_str position;
  nudge_str company;
  nudge_str industry; /* "" when none */
  nudge_str culture;  /* "" when none */
  nudge_str candidate_zone;
  nudge_str stage; /* the current stage ("interviewed", "awaiting", ...) */
  int64_t interview_end;
  int32_t decision_date; /* NUDGE_NO_DATE when none was stated */
  uint32_t flags;        /* NUDGE_FLAG_* */
  size_t interviewer_count;
  const nudge_person* interviewers;
} nudge_app;

/* A planned action. `adjust` may change `at`, `deadline`, `suppress` and `note`;
 * everything else is read only. */
typedef struct nudge_action {
  size_t struct_size;
  nudge_str rule;      /* rule id, e.g. "R4" */
  nudge_str action;    /* e.g. "status_inquiry" */
  nudge_str channel;   /* e.g. "email" */
  uint32_t recipient;  /* interviewer index, or NUDGE_RECIPIENT_CANDIDATE */
  uint32_t occurrence; /* 0-based occurrence of a repeating rule */
  int64_t trigger;     /* when the rule was triggered */
  int64_t at;          /* when it is due (in/out) */
  int64_t deadline;    /* when it is late (in/out; kept >= at by the host) */
  int32_t suppress;    /* out: nonzero drops the action from this plan */
  char note[128];      /* out: why the plugin changed it, shown in the plan (NUL-terminated) */
} nudge_action;

/* A review's answer. */
typedef struct nudge_review {
  size_t struct_size;
  int32_t verdict;  /* NUDGE_ALLOW, NUDGE_SHIFT or NUDGE_REFUSE */
  int64_t shift_to; /* NUDGE_SHIFT: the new release time, later than `now` */
  char reason[128]; /* NUDGE_SHIFT / NUDGE_REFUSE: why (NUL-terminated) */
} nudge_review;

/* The calendar of one policy variant (an industry and culture), before any application opens
 * under it. `calendar` may change the send window and working days and add holidays. */
typedef struct nudge_calendar {
  size_t struct_size;
  nudge_str industry;    /* "" when none */
  nudge_str culture;     /* "" when none */
  uint32_t window_start; /* in/out: minutes after midnight, local time of each recipient */
  uint32_t window_end;   /* in/out: minutes after midnight (<= 1440), > window_start */
  uint32_t workdays;     /* in/out: bit 0 = Sunday ... bit 6 = Saturday; at least one */
  int32_t first_year;    /* holidays are wanted for these years (inclusive) */
  int32_t last_year;
  void* host; /* pass to add_holiday */
  /* Adds a holiday (a local date for every recipient); returns NUDGE_ERROR for a date that
   * does not exist. `name` is for messages and may be empty. */
  int (*add_holiday)(void* host, int32_t year, uint32_t month, uint32_t day, nudge_str name);
} nudge_calendar;

/* The hooks a plugin supplies; any may be NULL. `self` is what `init` returned. */
typedef struct nudge_plugin_hooks {
  size_t struct_size;
  /* Once per policy variant, at load. */
  int (*calendar)(void* self, nudge_calendar* calendar, nudge_error* err);
  /* Each time an application is planned, after the TOML rules ran: the pending actions,
   * sorted by rule then recipient then occurrence. */
  int (*adjust)(void* self, const nudge_app* app, nudge_action* actions, size_t count,
                nudge_error* err);
  /* When an action falls due, before it is released (`now` is the engine's clock). */
  int (*review)(void* self, const nudge_app* app, const nudge_action* action, int64_t now,
                nudge_review* out, nudge_error* err);
} nudge_plugin_hooks;

typedef struct nudge_plugin_descriptor {
  size_t struct_size;
  uint32_t abi_major; /* NUDGE_PLUGIN_ABI_MAJOR the plugin was built with */
  uint32_t abi_minor; /* NUDGE_PLUGIN_ABI_MINOR the plugin was built with */
  const char* name;   /* unique among loaded plugins: letters, digits, '-', '_' */
  const char* version;
  const char* description;
  uint32_t layer; /* NUDGE_LAYER_* */
  /* Comma-separated industries (industry layer) or cultures (culture layer) the plugin serves;
   * NULL or "" = every application. Company plugins serve every application. */
  const char* applies_to;
  /* Optional TOML policy layer the plugin brings (rules its hooks time, templates, holidays);
   * NULL = none. Loaded as a layer just above the TOML layer of the same level. */
  const char* policy_toml;
  /* Returns the plugin's state (`self`), or NULL with a message in `err` when it cannot run. */
  void* (*init)(const nudge_host_info* host, nudge_error* err);
  void (*shutdown)(void* self);
  const nudge_plugin_hooks* hooks;
  /* ABI 1.1: an optional employer-behaviour model for `nudge simulate --model PLUGIN.so`: the
   * text of a model file (docs/simulation.md; the same keys and checks, errors read
   * "plugin:NAME:LINE:COLUMN"). NULL = none. A 1.0 host never reads it. */
  const char* model_toml;
} nudge_plugin_descriptor;

typedef const nudge_plugin_descriptor* (*nudge_plugin_entry_fn)(void);

#ifdef __cplusplus
}
#endif

#endif /* NUDGE_PLUGIN_ABI_H */
