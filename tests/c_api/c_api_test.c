/* The C API from C: compiled as C11, linked to nudge::capi only, run by CTest.
 * Usage: nudge_c_api_test POLICY.toml TMPDIR [PLUGIN.so]
 * Covers stacks, plugins, the graph, in-memory and durable engines, advance by callback and
 * by list, plan JSON, ack, pending, snapshot/restore, restart, and the error paths. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "nudge/nudge.h"

static int failures = 0;
static int checks = 0;

#define CHECK(cond)                                                            \
  do {                                                                         \
    ++checks;                                                                  \
    if (!(cond)) {                                                             \
      ++failures;                                                              \
      fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
    }                                                                          \
  } while (0)

#define S(literal) literal, sizeof(literal) - 1

static const char kPanel[] =
    "id = \"app-1\"\n"
    "position = \"Data Engineer\"\n"
    "company = \"Acme\"\n"
    "candidate_zone = \"America/New_York\"\n"
    "interview_end = 2026-11-23T11:30:00-05:00\n"
    "[[interviewers]]\n"
    "name = \"Ana Ruiz\"\nrole = \"hr\"\nzone = \"America/Chicago\"\nprimary = true\n"
    "topics = [\"the data platform migration\"]\n"
    "[[interviewers]]\n"
    "name = \"Ben Keller\"\nrole = \"manager\"\nzone = \"Europe/Berlin\"\n"
    "topics = [\"streaming pipelines\"]\n";

static const int64_t kThanks = 1795467600;    /* 2026-11-23T21:00:00Z */
static const int64_t kWeekLater = 1796040000; /* 2026-11-30T12:00:00Z */

/* Status and message of a failed call; frees the error. */
static int expect_error(nudge_status status, nudge_error** slot, nudge_status code,
                        const char* fragment) {
  nudge_error* error = *slot;
  int ok = status == code && error != NULL && nudge_error_code(error) == code &&
           strstr(nudge_error_message(error), fragment) != NULL &&
           strlen(nudge_error_message(error)) == nudge_error_message_size(error);
  if (!ok) {
    fprintf(stderr, "expected %s containing '%s', got %s: %s\n", nudge_status_name(code), fragment,
            nudge_status_name(status), error ? nudge_error_message(error) : "(none)");
  }
  nudge_error_destroy(error);
  *slot = NULL;
  return ok;
}

static void count_action(void* user, const nudge_action* action) {
  int* count = (int*)user;
  if (action->key.size > 0 && action->key.data[action->key.size] == '\0' &&
      action->at <= kWeekLater && action->deadline >= action->at) {
    ++*count;
  }
}

static size_t pending_count(nudge_engine* engine) {
  nudge_actions* list = NULL;
  size_t n;
  if (nudge_engine_pending(engine, &list, NULL) != NUDGE_OK) return (size_t)-1;
  n = nudge_actions_size(list);
  nudge_actions_destroy(list);
  return n;
}

/* Acks every pending action in one nudge_engine_ack_batch, with an unknown key in the middle:
 * that key alone is NUDGE_NOT_FOUND, nothing is pending after. Returns 1 when all held. */
static int ack_all_in_one_batch(nudge_engine* engine) {
  nudge_actions* list = NULL;
  const nudge_action* a;
  const char* keys[64];
  size_t sizes[64];
  nudge_status outcomes[64];
  size_t n = 0, i, unknown;
  int ok = 1;
  if (nudge_engine_pending(engine, &list, NULL) != NUDGE_OK) return 0;
  while ((a = nudge_actions_next(list)) != NULL && n < 63) {
    if (n == 1) {
      keys[n] = "no/such/key";
      sizes[n++] = 11;
    }
    keys[n] = a->key.data;
    sizes[n++] = a->key.size;
  }
  unknown = n > 1 ? 1 : n;
  if (n <= 1) {
    keys[n] = "no/such/key";
    sizes[n++] = 11;
  }
  ok = nudge_engine_ack_batch(engine, keys, sizes, n, outcomes, NULL) == NUDGE_OK;
  for (i = 0; ok && i < n; ++i) ok = outcomes[i] == (i == unknown ? NUDGE_NOT_FOUND : NUDGE_OK);
  nudge_actions_destroy(list);
  return ok && pending_count(engine) == 0;
}

/* Erases app-1 while actions of it are pending: they go, it is unknown afterwards, its id
 * opens again. Returns 1 when all held. */
static int erase_and_reopen(nudge_engine* engine) {
  nudge_error* error = NULL;
  nudge_buffer* b = NULL;
  CHECK(expect_error(nudge_engine_set_decision_date(engine, S("app-1"), S("2026-11-01"), &error),
                     &error, NUDGE_INVALID_ARGUMENT, "is before the interview ended"));
  CHECK(expect_error(nudge_engine_set_decision_date(engine, S("app-1"), S("2026-02-30"), &error),
                     &error, NUDGE_INVALID_ARGUMENT, "February 2026 has 28 days"));
  CHECK(expect_error(nudge_engine_set_decision_date(engine, S("app-9"), S("2026-12-04"), &error),
                     &error, NUDGE_NOT_FOUND, "app-9"));
  CHECK(nudge_engine_set_decision_date(engine, S("app-1"), S("2026-12-04"), &error) == NUDGE_OK);
  CHECK(nudge_engine_set_decision_date(engine, S("app-1"), NULL, 0, &error) == NUDGE_OK);
  CHECK(pending_count(engine) > 0);
  CHECK(nudge_engine_erase(engine, S("app-1"), &error) == NUDGE_OK);
  CHECK(pending_count(engine) == 0);
  CHECK(expect_error(nudge_engine_stage(engine, S("app-1"), &b, &error), &error, NUDGE_NOT_FOUND,
                     "no application 'app-1' is open in this engine"));
  CHECK(expect_error(nudge_engine_erase(engine, S("app-1"), &error), &error, NUDGE_NOT_FOUND,
                     "no application 'app-1' is open in this engine"));
  CHECK(expect_error(nudge_engine_erase(NULL, S("app-1"), &error), &error, NUDGE_INVALID_ARGUMENT,
                     "no engine"));
  CHECK(nudge_engine_open(engine, S(kPanel), S("panel.toml"), &error) == NUDGE_OK);
  CHECK(nudge_engine_stage(engine, S("app-1"), &b, &error) == NUDGE_OK);
  CHECK(strcmp(nudge_buffer_data(b), "interviewed") == 0);
  nudge_buffer_destroy(b);
  return 1;
}

static char* snapshot_of(const nudge_engine* engine) {
  nudge_buffer* b = NULL;
  char* copy;
  if (nudge_engine_snapshot(engine, &b, NULL) != NUDGE_OK) return NULL;
  copy = malloc(nudge_buffer_size(b) + 1);
  memcpy(copy, nudge_buffer_data(b), nudge_buffer_size(b) + 1);
  nudge_buffer_destroy(b);
  return copy;
}

/* The panel application under another id ("app-N"); `out` holds 600 bytes. */
static size_t panel_as(int n, char* out) {
  const char* rest = strchr(kPanel, '\n') + 1; /* after the id line */
  return (size_t)snprintf(out, 600, "id = \"app-%d\"\n%s", n, rest);
}

/* One engine per partition, as a host with many processes runs them: applications routed by
 * nudge_shard_of, the partitions' snapshots resharded into one engine and into three. */
static int partitions(const nudge_stack* stack) {
  nudge_engine* part[2] = {NULL, NULL};
  nudge_engine* joined = NULL;
  nudge_error* error = NULL;
  nudge_buffer* one[1] = {NULL};
  nudge_buffer* three[3] = {NULL, NULL, NULL};
  const char* texts[2];
  size_t sizes[2];
  char* snap[2];
  char toml[600];
  char id[16];
  int n;
  size_t k;
  const int before = failures;
  /* FNV-1a 64 of "app-1" .. "app-6", modulo 2 and 3 (computed outside nudge). */
  static const size_t kOf2[] = {0, 1, 0, 1, 0, 1};
  static const size_t kOf3[] = {2, 1, 0, 1, 0, 2};
  for (k = 0; k < 2; ++k) CHECK(nudge_engine_create(stack, 0, &part[k], &error) == NUDGE_OK);
  for (n = 1; n <= 6; ++n) {
    const size_t size = panel_as(n, toml);
    snprintf(id, sizeof id, "app-%d", n);
    CHECK(nudge_shard_of(id, strlen(id), 2) == kOf2[n - 1]);
    CHECK(nudge_shard_of(id, strlen(id), 3) == kOf3[n - 1]);
    CHECK(nudge_shard_of(id, strlen(id), 1) == 0);
    CHECK(nudge_engine_open(part[kOf2[n - 1]], toml, size, S("panel.toml"), &error) == NUDGE_OK);
  }
  for (k = 0; k < 2; ++k) {
    CHECK(nudge_engine_advance(part[k], kWeekLater, NULL, NULL, &error) == NUDGE_OK);
    snap[k] = snapshot_of(part[k]);
    texts[k] = snap[k];
    sizes[k] = snap[k] ? strlen(snap[k]) : 0;
  }
  /* Joined into one engine: all six there, at the partitions' clock. */
  CHECK(nudge_snapshot_reshard(texts, sizes, 2, 1, one, &error) == NUDGE_OK);
  CHECK(nudge_engine_create(stack, 0, &joined, &error) == NUDGE_OK);
  CHECK(one[0] != NULL && nudge_engine_restore(joined, nudge_buffer_data(one[0]),
                                               nudge_buffer_size(one[0]), &error) == NUDGE_OK);
  nudge_buffer_destroy(one[0]);
  one[0] = NULL;
  CHECK(nudge_engine_now(joined) == kWeekLater);
  for (n = 1; n <= 6; ++n) {
    nudge_buffer* stage = NULL;
    snprintf(id, sizeof id, "app-%d", n);
    CHECK(nudge_engine_stage(joined, id, strlen(id), &stage, &error) == NUDGE_OK);
    nudge_buffer_destroy(stage);
  }
  nudge_engine_destroy(joined);
  /* Into three partitions: each holds exactly the ids nudge_shard_of gives it. */
  CHECK(nudge_snapshot_reshard(texts, sizes, 2, 3, three, &error) == NUDGE_OK);
  for (k = 0; k < 3; ++k) {
    nudge_engine* e = NULL;
    CHECK(nudge_engine_create(stack, 0, &e, &error) == NUDGE_OK);
    CHECK(three[k] != NULL &&
          nudge_engine_restore(e, nudge_buffer_data(three[k]), nudge_buffer_size(three[k]),
                               &error) == NUDGE_OK);
    for (n = 1; n <= 6; ++n) {
      nudge_buffer* stage = NULL;
      nudge_status st;
      snprintf(id, sizeof id, "app-%d", n);
      st = nudge_engine_stage(e, id, strlen(id), &stage, NULL);
      CHECK((st == NUDGE_OK) == (kOf3[n - 1] == k));
      nudge_buffer_destroy(stage);
    }
    nudge_engine_destroy(e);
    nudge_buffer_destroy(three[k]);
  }
  /* The same application twice, and nothing at all: refused, nothing written. */
  texts[1] = snap[0];
  sizes[1] = sizes[0];
  CHECK(expect_error(nudge_snapshot_reshard(texts, sizes, 2, 1, one, &error), &error,
                     NUDGE_MISMATCH,
                     "' is in snapshot 0 and in snapshot 1: each application must come from one "
                     "engine only"));
  CHECK(one[0] == NULL);
  CHECK(expect_error(nudge_snapshot_reshard(NULL, NULL, 0, 2, three, &error), &error,
                     NUDGE_INVALID_ARGUMENT, "no snapshots"));
  for (k = 0; k < 2; ++k) {
    free(snap[k]);
    nudge_engine_destroy(part[k]);
  }
  return failures == before;
}

/* Opens the panel application, reports Ana's thank-you, advances a week. */
static int drive(nudge_engine* engine) {
  nudge_error* error = NULL;
  int duplicate = -1;
  int released = 0;
  CHECK(nudge_engine_open(engine, S(kPanel), S("panel.toml"), &error) == NUDGE_OK);
  CHECK(nudge_engine_apply(engine, S("app-1"), S("thank_you_sent"), kThanks, S("Ana Ruiz"),
                           &duplicate, &error) == NUDGE_OK);
  CHECK(duplicate == 0);
  CHECK(nudge_engine_apply(engine, S("app-1"), S("thank_you_sent"), kThanks, S("Ana Ruiz"),
                           &duplicate, &error) == NUDGE_OK);
  CHECK(duplicate == 1);
  {
    /* A batch: Ben's thank-you, Ana's again (a duplicate), an unknown application. */
    const nudge_event batch[] = {
        {S("app-1"), S("thank_you_sent"), kThanks, S("Ben Keller")},
        {S("app-1"), S("thank_you_sent"), kThanks, S("Ana Ruiz")},
        {S("app-404"), S("thank_you_sent"), kThanks, S("Ana Ruiz")},
    };
    nudge_status outcomes[3] = {NUDGE_INTERNAL, NUDGE_INTERNAL, NUDGE_INTERNAL};
    CHECK(nudge_engine_apply_batch(engine, batch, 3, outcomes, &error) == NUDGE_OK);
    CHECK(outcomes[0] == NUDGE_OK);
    CHECK(outcomes[1] == NUDGE_DUPLICATE);
    CHECK(outcomes[2] == NUDGE_NOT_FOUND);
    CHECK(nudge_engine_apply_batch(engine, NULL, 0, NULL, &error) == NUDGE_OK);
    CHECK(nudge_engine_apply_batch(engine, NULL, 1, NULL, &error) == NUDGE_INVALID_ARGUMENT);
    CHECK(strcmp(nudge_error_message(error), "no events") == 0);
    nudge_error_destroy(error);
    error = NULL;
  }
  CHECK(nudge_engine_advance(engine, kWeekLater, count_action, &released, &error) == NUDGE_OK);
  CHECK(error == NULL);
  CHECK(nudge_engine_now(engine) == kWeekLater);
  return released;
}

int main(int argc, char** argv) {
  const char* policy;
  const char* tmp;
  char db[4096], garbage[4096];
  nudge_stack_options* options;
  nudge_stack* stack = NULL;
  nudge_engine* engine = NULL;
  nudge_engine* copy = NULL;
  nudge_error* error = NULL;
  nudge_buffer* buffer = NULL;
  nudge_actions* list = NULL;
  const nudge_action* first;
  char first_key[512];
  char *snap, *snap2;
  int released;
  FILE* f;

  if (argc < 3) {
    fprintf(stderr, "usage: %s POLICY.toml TMPDIR [PLUGIN.so]\n", argv[0]);
    return 2;
  }
  policy = argv[1];
  tmp = argv[2];
  mkdir(tmp, 0755);
  CHECK(strlen(nudge_version()) >= 5);
  CHECK(strcmp(nudge_status_name(NUDGE_NOT_FOUND), "not_found") == 0);

  /* A stack whose base policy does not exist: an error naming it. */
  options = nudge_stack_options_create();
  nudge_stack_options_use_plugin_path_environment(options, 0);
  CHECK(expect_error(nudge_stack_load(options, &stack, &error), &error, NUDGE_INVALID_ARGUMENT,
                     "no base policy file"));
  nudge_stack_options_set_policy(options, S("/nonexistent/policy.toml"));
  CHECK(expect_error(nudge_stack_load(options, &stack, &error), &error, NUDGE_NOT_FOUND,
                     "/nonexistent/policy.toml"));
  nudge_stack_options_set_policy(options, policy, strlen(policy));
  nudge_stack_options_set_industry(options, S(""));
  if (argc > 3) {
    nudge_plugin* plugin = NULL;
    nudge_string name;
    CHECK(expect_error(nudge_plugin_load(S("/nonexistent.so"), NULL, 0, &plugin, &error), &error,
                       NUDGE_NOT_FOUND, "/nonexistent.so"));
    CHECK(nudge_plugin_load(argv[3], strlen(argv[3]), NULL, 0, &plugin, &error) == NUDGE_OK);
    name = nudge_plugin_name(plugin);
    CHECK(name.size == 9 && memcmp(name.data, "example-c", 9) == 0);
    nudge_plugin_destroy(plugin);
  }
  CHECK(nudge_stack_load(options, &stack, &error) == NUDGE_OK);
  nudge_stack_options_destroy(options);
  if (stack == NULL) {
    fprintf(stderr, "stack: %s\n", nudge_error_message(error));
    return 1;
  }
  CHECK(nudge_stack_hash(stack) != 0);
  CHECK(nudge_stack_graph_dot(stack, &buffer, &error) == NUDGE_OK);
  CHECK(strncmp(nudge_buffer_data(buffer), "digraph", 7) == 0);
  nudge_buffer_destroy(buffer);

  /* In memory. */
  CHECK(nudge_engine_create(stack, 0, &engine, &error) == NUDGE_OK);
  released = drive(engine);
  CHECK(released >= 2);
  CHECK(expect_error(nudge_engine_open(engine, S(kPanel), S("panel.toml"), &error), &error,
                     NUDGE_DUPLICATE, "application 'app-1' is already open"));
  CHECK(expect_error(
      nudge_engine_apply(engine, S("app-1"), S("thanks_sent"), kWeekLater, S(""), NULL, &error),
      &error, NUDGE_UNKNOWN_NAME, "thanks_sent"));
  CHECK(expect_error(nudge_engine_advance(engine, kThanks, NULL, NULL, &error), &error,
                     NUDGE_OUT_OF_ORDER, ""));
  CHECK(nudge_engine_plan_json(engine, S("app-1"), &buffer, &error) == NUDGE_OK);
  CHECK(strstr(nudge_buffer_data(buffer), "{\"application\":\"app-1\",\"actions\":[") ==
        nudge_buffer_data(buffer));
  nudge_buffer_destroy(buffer);
  CHECK(nudge_engine_stage(engine, S("app-1"), &buffer, &error) == NUDGE_OK);
  CHECK(strcmp(nudge_buffer_data(buffer), "thanked") == 0 ||
        strcmp(nudge_buffer_data(buffer), "awaiting") == 0);
  nudge_buffer_destroy(buffer);
  CHECK(pending_count(engine) == (size_t)released);
  CHECK(nudge_engine_pending(engine, &list, &error) == NUDGE_OK);
  first = nudge_actions_next(list);
  CHECK(first != NULL);
  snprintf(first_key, sizeof first_key, "%.*s", (int)first->key.size, first->key.data);
  nudge_actions_destroy(list);
  CHECK(nudge_engine_ack(engine, first_key, strlen(first_key), &error) == NUDGE_OK);
  CHECK(nudge_engine_ack(engine, first_key, strlen(first_key), &error) == NUDGE_OK);
  CHECK(pending_count(engine) == (size_t)released - 1);
  CHECK(expect_error(nudge_engine_ack(engine, S("no/such/key"), &error), &error, NUDGE_NOT_FOUND,
                     "no released action has the key 'no/such/key'"));
  CHECK(pending_count(engine) == (size_t)released - 1);
  CHECK(ack_all_in_one_batch(engine));

  /* Snapshot and restore into another engine. */
  snap = snapshot_of(engine);
  CHECK(snap != NULL && strncmp(snap, "nudge-snapshot ", 15) == 0);
  CHECK(nudge_engine_create(stack, 0, &copy, &error) == NUDGE_OK);
  CHECK(expect_error(nudge_engine_restore(copy, S("nudge-snapshot 2\nbroken"), &error), &error,
                     NUDGE_CORRUPT, ""));
  CHECK(nudge_engine_restore(copy, snap, strlen(snap), &error) == NUDGE_OK);
  snap2 = snapshot_of(copy);
  CHECK(snap2 != NULL && strcmp(snap, snap2) == 0);
  free(snap);
  free(snap2);
  nudge_engine_destroy(copy);
  CHECK(nudge_engine_advance(engine, kWeekLater + 30 * 86400, NULL, NULL, &error) == NUDGE_OK);
  CHECK(erase_and_reopen(engine));
  nudge_engine_destroy(engine);

  /* Durable: the same, then a restart that continues. */
  snprintf(db, sizeof db, "%s/c-api.db", tmp);
  remove(db);
  {
    nudge_store_options* so = nudge_store_options_create();
    nudge_store_options_set_synchronous(so, NUDGE_SYNC_NORMAL);
    nudge_store_options_set_checkpoint_every(so, 2);
    CHECK(nudge_engine_open_store(stack, db, strlen(db), so, &engine, &error) == NUDGE_OK);
    nudge_store_options_destroy(so);
  }
  released = drive(engine);
  CHECK(released >= 2);
  CHECK(nudge_engine_pending(engine, &list, &error) == NUDGE_OK);
  first = nudge_actions_next(list);
  snprintf(first_key, sizeof first_key, "%.*s", (int)first->key.size, first->key.data);
  nudge_actions_destroy(list);
  CHECK(nudge_engine_ack(engine, first_key, strlen(first_key), &error) == NUDGE_OK);
  snap = snapshot_of(engine);
  nudge_engine_destroy(engine);
  engine = NULL;
  CHECK(nudge_engine_open_store(stack, db, strlen(db), NULL, &engine, &error) == NUDGE_OK);
  snap2 = snapshot_of(engine);
  CHECK(snap != NULL && snap2 != NULL && strcmp(snap, snap2) == 0);
  free(snap);
  free(snap2);
  CHECK(pending_count(engine) == (size_t)released - 1);
  CHECK(ack_all_in_one_batch(engine));
  CHECK(nudge_engine_advance_list(engine, kWeekLater + 60 * 86400, &list, &error) == NUDGE_OK);
  while ((first = nudge_actions_next(list)) != NULL) {
    CHECK(!(first->key.size == strlen(first_key) &&
            memcmp(first->key.data, first_key, first->key.size) == 0));
  }
  nudge_actions_destroy(list);
  CHECK(erase_and_reopen(engine));
  nudge_engine_destroy(engine);

  /* Not a database: refused, naming the file. */
  snprintf(garbage, sizeof garbage, "%s/garbage.db", tmp);
  f = fopen(garbage, "wb");
  if (f != NULL) {
    int i;
    for (i = 0; i < 4096; ++i) fputc('x', f);
    fclose(f);
  }
  CHECK(
      expect_error(nudge_engine_open_store(stack, garbage, strlen(garbage), NULL, &engine, &error),
                   &error, NUDGE_CORRUPT, garbage));

  CHECK(partitions(stack));

  nudge_stack_destroy(stack);
  printf("c_api_test: %d passed, %d failed\n", checks - failures, failures);
  return failures == 0 ? 0 : 1;
}
