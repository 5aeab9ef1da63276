/* nudge.h: the C API of nudge (library libnudge_c, CMake target nudge::capi, pkg-config nudge).
 *
 * Conventions (docs/embedding.md):
 *  - Every object is an opaque handle made by a nudge_*_create / _load / _open call and freed
 *    by the matching nudge_*_destroy (which accepts NULL).
 *  - Strings go in as (const char* data, size_t size): no NUL needed, embedded NULs are data.
 *  - A fallible call returns a nudge_status (NUDGE_OK = 0). When `error` is not NULL and the
 *    call fails, *error receives a nudge_error the caller frees with nudge_error_destroy;
 *    on success *error is left untouched.
 *  - The library frees what it allocates: buffers, action lists and errors have their own
 *    destroy calls. Nothing the library returns is freed with free().
 *  - No C++ exception ever leaves a call; an unexpected one becomes NUDGE_INTERNAL.
 *  - Times are UTC seconds since 1970-01-01 (int64_t).
 *  - One engine handle is used by one thread at a time; distinct handles are independent.
 */
#ifndef NUDGE_NUDGE_H_
#define NUDGE_NUDGE_H_

#include <stddef.h>
#include <stdint.h>

#if defined(NUDGE_CAPI_BUILDING)
#define NUDGE_C_API __attribute__((visibility("default")))
#else
#define NUDGE_C_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

/** Status codes; 1..12 are nudge::ErrorCode's values. */
typedef enum nudge_status {
  NUDGE_OK = 0,
  NUDGE_PARSE = 1,            /**< malformed text (TOML, date); message has file:line:column */
  NUDGE_INVALID_ARGUMENT = 2, /**< well-formed but wrong */
  NUDGE_UNKNOWN_NAME = 3,     /**< unknown stage, event, zone, recipient, industry... */
  NUDGE_NOT_FOUND = 4,        /**< unknown application, action key or file */
  NUDGE_NOT_ALLOWED = 5,      /**< the event is not allowed in the current stage */
  NUDGE_REFUSED = 6,          /**< a policy guard refused the event */
  NUDGE_DUPLICATE = 7,        /**< an application id already open */
  NUDGE_OUT_OF_ORDER = 8,     /**< time went backwards */
  NUDGE_CORRUPT = 9,          /**< a damaged snapshot or database, or not a nudge store */
  NUDGE_MISMATCH = 10,        /**< another policy stack, format or schema version */
  NUDGE_INVALID_GRAPH = 11,   /**< a stage graph that fails validation */
  NUDGE_IO = 12,              /**< a file or the database could not be read or written */
  NUDGE_INTERNAL = 100        /**< an unexpected failure inside nudge (a bug, or out of memory) */
} nudge_status;

/** Synchronous levels of a durable engine (SQLite's PRAGMA synchronous). */
typedef enum nudge_synchronous {
  NUDGE_SYNC_OFF = 0,
  NUDGE_SYNC_NORMAL = 1,
  NUDGE_SYNC_FULL = 2 /**< the default */
} nudge_synchronous;

typedef struct nudge_error nudge_error;
typedef struct nudge_buffer nudge_buffer;
typedef struct nudge_plugin nudge_plugin;
typedef struct nudge_stack_options nudge_stack_options;
typedef struct nudge_stack nudge_stack;
typedef struct nudge_store_options nudge_store_options;
typedef struct nudge_engine nudge_engine;
typedef struct nudge_actions nudge_actions;

/** A string the library owns: `size` bytes at `data`, followed by a NUL. */
typedef struct nudge_string {
  const char* data;
  size_t size;
} nudge_string;

/** A released (due) action. Its strings belong to the list or callback that gave it. */
typedef struct nudge_action {
  nudge_string key; /**< the idempotency key: app/rule/action/recipient/trigger/n; ack by it */
  nudge_string application;
  nudge_string rule;      /**< e.g. "R1" */
  nudge_string action;    /**< e.g. "thank_you" */
  nudge_string recipient; /**< interviewer name, or "candidate" */
  nudge_string zone;      /**< the recipient's IANA zone */
  nudge_string channel;   /**< e.g. "email" */
  nudge_string draft;     /**< the filled template, or empty */
  int64_t at;             /**< due, UTC seconds */
  int64_t deadline;       /**< late after, UTC seconds */
  int optional;           /**< 1 for a courtesy the policy leaves to the candidate */
} nudge_action;

/** An event for nudge_engine_apply_batch; its strings are the caller's (`recipient` may be
 * empty for whole-application events). */
typedef struct nudge_event {
  const char* application;
  size_t application_size;
  const char* event;
  size_t event_size;
  int64_t at; /**< UTC seconds */
  const char* recipient;
  size_t recipient_size;
} nudge_event;

/** Called once per released action by nudge_engine_advance. */
typedef void (*nudge_action_fn)(void* user, const nudge_action* action);

/* ---- library, errors, buffers ------------------------------------------------------------ */

/** The library version, "MAJOR.MINOR.PATCH" (static storage). */
NUDGE_C_API const char* nudge_version(void);
/** The name of a status ("ok", "parse", "not_found", ..., "internal"; static storage). */
NUDGE_C_API const char* nudge_status_name(nudge_status status);

NUDGE_C_API nudge_status nudge_error_code(const nudge_error* error);
/** The message: NUL-terminated, valid until the error is destroyed. */
NUDGE_C_API const char* nudge_error_message(const nudge_error* error);
NUDGE_C_API size_t nudge_error_message_size(const nudge_error* error);
NUDGE_C_API void nudge_error_destroy(nudge_error* error);

/** Bytes the library produced (JSON, a snapshot, DOT); NUL-terminated. */
NUDGE_C_API const char* nudge_buffer_data(const nudge_buffer* buffer);
NUDGE_C_API size_t nudge_buffer_size(const nudge_buffer* buffer);
NUDGE_C_API void nudge_buffer_destroy(nudge_buffer* buffer);

/* ---- plugins, policy stacks, the stage graph --------------------------------------------- */

/** Loads a plugin library (RTLD_NOW), checks its ABI and runs its init with `config`. */
NUDGE_C_API nudge_status nudge_plugin_load(const char* path, size_t path_size, const char* config,
                                           size_t config_size, nudge_plugin** out,
                                           nudge_error** error);
/** The plugin's name (valid while the plugin lives). */
NUDGE_C_API nudge_string nudge_plugin_name(const nudge_plugin* plugin);
/** Releases this handle; a stack or engine using the plugin keeps its library loaded. */
NUDGE_C_API void nudge_plugin_destroy(nudge_plugin* plugin);

/** Options of a policy stack: base policy file, industry/culture/company, plugins. */
NUDGE_C_API nudge_stack_options* nudge_stack_options_create(void);
NUDGE_C_API void nudge_stack_options_destroy(nudge_stack_options* options);
/** The base policy file (default: none, which nudge_stack_load refuses). */
NUDGE_C_API void nudge_stack_options_set_policy(nudge_stack_options* options, const char* path,
                                                size_t size);
/** Force every application into this industry / culture layer ("" = each its own). */
NUDGE_C_API void nudge_stack_options_set_industry(nudge_stack_options* options, const char* name,
                                                  size_t size);
NUDGE_C_API void nudge_stack_options_set_culture(nudge_stack_options* options, const char* name,
                                                 size_t size);
/** A company layer file ("" = none). */
NUDGE_C_API void nudge_stack_options_set_company(nudge_stack_options* options, const char* path,
                                                 size_t size);
/** A plugin library file to load with the stack (a failure to load it fails the stack). */
NUDGE_C_API void nudge_stack_options_add_plugin_file(nudge_stack_options* options, const char* path,
                                                     size_t size);
/** A folder to scan for plugins (a library there that does not load is skipped). */
NUDGE_C_API void nudge_stack_options_add_plugin_dir(nudge_stack_options* options, const char* path,
                                                    size_t size);
/** A plugin the host loaded itself (nudge_plugin_load); the options keep their own reference. */
NUDGE_C_API void nudge_stack_options_add_plugin(nudge_stack_options* options,
                                                const nudge_plugin* plugin);
/** Also scan NUDGE_PLUGIN_PATH (1, the default) or not (0). */
NUDGE_C_API void nudge_stack_options_use_plugin_path_environment(nudge_stack_options* options,
                                                                 int use);

/** Loads and compiles the stack; errors carry file:line:column. */
NUDGE_C_API nudge_status nudge_stack_load(const nudge_stack_options* options, nudge_stack** out,
                                          nudge_error** error);
NUDGE_C_API void nudge_stack_destroy(nudge_stack* stack);
/** The stack's content hash (recorded in snapshots and stores). */
NUDGE_C_API uint64_t nudge_stack_hash(const nudge_stack* stack);
/** The stack's stage graph as Graphviz DOT. */
NUDGE_C_API nudge_status nudge_stack_graph_dot(const nudge_stack* stack, nudge_buffer** out,
                                               nudge_error** error);
/** Validates a stage graph file; on success `out` (may be NULL) gets its summary. */
NUDGE_C_API nudge_status nudge_graph_validate_file(const char* path, size_t size,
                                                   nudge_buffer** out, nudge_error** error);

/* ---- engines ------------------------------------------------------------------------------ */

/** An engine in memory (no database), its clock at `start`. */
NUDGE_C_API nudge_status nudge_engine_create(const nudge_stack* stack, int64_t start,
                                             nudge_engine** out, nudge_error** error);

NUDGE_C_API nudge_store_options* nudge_store_options_create(void);
NUDGE_C_API void nudge_store_options_destroy(nudge_store_options* options);
NUDGE_C_API void nudge_store_options_set_synchronous(nudge_store_options* options,
                                                     nudge_synchronous level);
/** Journal entries between checkpoints (default 0: automatic, at least 1000 and at least one
 * per open application). */
NUDGE_C_API void nudge_store_options_set_checkpoint_every(nudge_store_options* options,
                                                          uint32_t entries);
NUDGE_C_API void nudge_store_options_set_read_only(nudge_store_options* options, int read_only);
/** The clock of a new database's engine (default 0). */
NUDGE_C_API void nudge_store_options_set_start(nudge_store_options* options, int64_t start);

/** A durable engine on the SQLite database `path` (created if missing; `options` may be
 * NULL). An existing database continues where it stopped. Refuses, naming the file: a file
 * that is not a nudge store, a newer schema, a database of another policy stack. */
NUDGE_C_API nudge_status nudge_engine_open_store(const nudge_stack* stack, const char* path,
                                                 size_t path_size,
                                                 const nudge_store_options* options,
                                                 nudge_engine** out, nudge_error** error);
NUDGE_C_API void nudge_engine_destroy(nudge_engine* engine);

/** Opens an application given as application-file TOML; `source` names it in messages. */
NUDGE_C_API nudge_status nudge_engine_open(nudge_engine* engine, const char* toml, size_t toml_size,
                                           const char* source, size_t source_size,
                                           nudge_error** error);
/** Applies an event (recipient empty for whole-application events). `duplicate` (may be
 * NULL) is set to 1 when the same event was already applied (a no-op), else 0. */
NUDGE_C_API nudge_status nudge_engine_apply(nudge_engine* engine, const char* application,
                                            size_t application_size, const char* event,
                                            size_t event_size, int64_t at, const char* recipient,
                                            size_t recipient_size, int* duplicate,
                                            nudge_error** error);
/** Applies `count` events in order, on a durable engine in one transaction (one disk sync for
 * all of them). `outcomes` (may be NULL) gets one status per event: NUDGE_OK applied,
 * NUDGE_DUPLICATE the same event was already applied (a no-op), or why it was refused (it was
 * not applied; the others were). Returns NUDGE_OK once the batch is carried out, whatever its
 * events' outcomes; an error (NUDGE_IO: a failed write) means it failed as a whole and no
 * event of it was kept. */
NUDGE_C_API nudge_status nudge_engine_apply_batch(nudge_engine* engine, const nudge_event* events,
                                                  size_t count, nudge_status* outcomes,
                                                  nudge_error** error);
/** Moves the clock to `now`; calls `fn` (may be NULL) for each action released now, in time
 * order. Released actions stay pending (nudge_engine_pending) until acked. */
NUDGE_C_API nudge_status nudge_engine_advance(nudge_engine* engine, int64_t now, nudge_action_fn fn,
                                              void* user, nudge_error** error);
/** The same, returning the released actions as a list. */
NUDGE_C_API nudge_status nudge_engine_advance_list(nudge_engine* engine, int64_t now,
                                                   nudge_actions** out, nudge_error** error);
/** Every released action not acked yet, in release order (what to deliver or redeliver). */
NUDGE_C_API nudge_status nudge_engine_pending(nudge_engine* engine, nudge_actions** out,
                                              nudge_error** error);
/** Acknowledges a released action by key: it is never delivered again. Unknown key:
 * NUDGE_NOT_FOUND and nothing changes; a key acked before: NUDGE_OK. */
NUDGE_C_API nudge_status nudge_engine_ack(nudge_engine* engine, const char* key, size_t size,
                                          nudge_error** error);
/** Acknowledges `count` actions by key (`keys[i]`, `key_sizes[i]` bytes), on a durable engine
 * in one transaction. `outcomes` (may be NULL) gets NUDGE_OK or NUDGE_NOT_FOUND (an unknown
 * key; the others are acked) per key. An error return (NUDGE_IO) means none was acked. */
NUDGE_C_API nudge_status nudge_engine_ack_batch(nudge_engine* engine, const char* const* keys,
                                                const size_t* key_sizes, size_t count,
                                                nudge_status* outcomes, nudge_error** error);
/** Sets the decision date the employer stated after the application was opened, or moved it:
 * `date` is "YYYY-MM-DD"; NULL or empty withdraws it. R4 and every rule anchored on the
 * decision date are planned from it at once; nothing released is released again. A date
 * before the interview's day or unreadable: NUDGE_INVALID_ARGUMENT; unknown application:
 * NUDGE_NOT_FOUND; nothing changes on failure. A durable engine journals it. */
NUDGE_C_API nudge_status nudge_engine_set_decision_date(nudge_engine* engine,
                                                        const char* application,
                                                        size_t application_size, const char* date,
                                                        size_t date_size, nudge_error** error);
/** Erases an application: its plan, its released actions (acked or not: they leave the
 * pending list) and, on a durable engine, everything the database holds about it (journal,
 * checkpoint, outbox; see Store::erase in docs/embedding.md). Its id may be opened again.
 * Unknown id: NUDGE_NOT_FOUND and nothing changes. */
NUDGE_C_API nudge_status nudge_engine_erase(nudge_engine* engine, const char* application,
                                            size_t size, nudge_error** error);
/** The upcoming actions of an application as `nudge plan --json`'s document. */
NUDGE_C_API nudge_status nudge_engine_plan_json(const nudge_engine* engine, const char* application,
                                                size_t size, nudge_buffer** out,
                                                nudge_error** error);
/** The stage an application is in. */
NUDGE_C_API nudge_status nudge_engine_stage(const nudge_engine* engine, const char* application,
                                            size_t size, nudge_buffer** out, nudge_error** error);
/** The engine's clock. */
NUDGE_C_API int64_t nudge_engine_now(const nudge_engine* engine);
/** The versioned, checksummed snapshot text of every application. */
NUDGE_C_API nudge_status nudge_engine_snapshot(const nudge_engine* engine, nudge_buffer** out,
                                               nudge_error** error);
/** Replaces the state with a snapshot's (another policy: NUDGE_MISMATCH; damaged:
 * NUDGE_CORRUPT; nothing changes on failure). A durable engine checkpoints it. */
NUDGE_C_API nudge_status nudge_engine_restore(nudge_engine* engine, const char* snapshot,
                                              size_t size, nudge_error** error);

/* ---- many engines, one per partition of the applications ---------------------------------- */

/** The partition of an application id among `shards` partitions: FNV-1a 64 of the id modulo
 * `shards` (0 when `shards` <= 1), stable across runs and machines, as nudge::ShardedEngine
 * places applications. A host that runs one engine per partition routes every call for an
 * application to engine nudge_shard_of(id, size, shards). */
NUDGE_C_API size_t nudge_shard_of(const char* application, size_t size, size_t shards);
/** Snapshots taken together under one policy, of engines that hold different applications
 * (`count` of them: `snapshots[i]`, `sizes[i]` bytes), rewritten as `shards` snapshots, the
 * application `id` going to snapshot nudge_shard_of(id, size, shards): to change the number
 * of partitions, or to join them into one engine (`shards` = 1). On success `out[0..shards)`
 * receive one buffer each, to destroy. Damaged: NUDGE_CORRUPT; another format, another policy
 * or clock than the first's, or an application in two snapshots: NUDGE_MISMATCH; none given:
 * NUDGE_INVALID_ARGUMENT. Nothing is written to `out` on failure. Restore each into an engine
 * of the same policy (nudge_engine_restore checks it). */
NUDGE_C_API nudge_status nudge_snapshot_reshard(const char* const* snapshots, const size_t* sizes,
                                                size_t count, size_t shards, nudge_buffer** out,
                                                nudge_error** error);

/* ---- action lists ------------------------------------------------------------------------- */

NUDGE_C_API size_t nudge_actions_size(const nudge_actions* actions);
/** The next action, or NULL at the end; valid until the list is destroyed. */
NUDGE_C_API const nudge_action* nudge_actions_next(nudge_actions* actions);
NUDGE_C_API void nudge_actions_destroy(nudge_actions* actions);

#ifdef __cplusplus
}
#endif

#endif /* NUDGE_NUDGE_H_ */
