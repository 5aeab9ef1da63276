/* example-c: a culture-layer nudge plugin in plain C11, proof that the plugin ABI is C.
 *
 * It serves applications whose culture is "nl" (the Netherlands):
 *  - calendar: adds King's Day (Koningsdag) as a holiday for every year the host asks for:
 *    27 April, or 26 April when the 27th is a Sunday;
 *  - adjust:   leaves every time alone and writes a note on each status inquiry.
 *
 * Everything the host passes is valid only during the call; nothing here keeps it. The hooks
 * read only their arguments, so they are deterministic and safe on several threads.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "nudge/plugin_abi.h"

/* The plugin's state: nothing to keep, but init must return non-NULL to say "ready". */
static const int example_c_state = 1;

/* Copies `text` into a fixed buffer, NUL-terminated, truncated to fit. */
static void copy_text(char* out, size_t size, const char* text) {
  size_t n = strlen(text);
  if (n > size - 1) n = size - 1;
  memcpy(out, text, n);
  out[n] = '\0';
}

static int str_equals(nudge_str s, const char* text) {
  size_t n = strlen(text);
  return s.size == n && (n == 0 || memcmp(s.data, text, n) == 0);
}

/* Day of the week (0 = Sunday) of a Gregorian date (Sakamoto's method). */
static int weekday(int32_t year, uint32_t month, uint32_t day) {
  static const int offsets[] = {0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4};
  int32_t y = month < 3 ? year - 1 : year;
  return (int)((y + y / 4 - y / 100 + y / 400 + offsets[month - 1] + (int32_t)day) % 7);
}

static void* example_c_init(const nudge_host_info* host, nudge_error* err) {
  /* A plugin may refuse to run on a host that is too old for it; this one needs ABI 1.0. */
  if (host->abi_major != NUDGE_PLUGIN_ABI_MAJOR) {
    copy_text(err->message, sizeof err->message, "example-c needs plugin ABI 1");
    return NULL;
  }
  return (void*)&example_c_state;
}

static void example_c_shutdown(void* self) { (void)self; }

static int example_c_calendar(void* self, nudge_calendar* calendar, nudge_error* err) {
  static const char name[] = "Koningsdag";
  const nudge_str holiday_name = {name, sizeof name - 1};
  (void)self;
  for (int32_t year = calendar->first_year; year <= calendar->last_year; ++year) {
    const uint32_t day = weekday(year, 4, 27) == 0 ? 26u : 27u;
    if (calendar->add_holiday(calendar->host, year, 4, day, holiday_name) != NUDGE_OK) {
      copy_text(err->message, sizeof err->message, "the host refused King's Day");
      return NUDGE_ERROR;
    }
  }
  return NUDGE_OK;
}

static int example_c_adjust(void* self, const nudge_app* app, nudge_action* actions, size_t count,
                            nudge_error* err) {
  (void)self;
  (void)app;
  (void)err;
  for (size_t i = 0; i < count; ++i) {
    if (str_equals(actions[i].action, "status_inquiry")) {
      copy_text(actions[i].note, sizeof actions[i].note,
                "example-c: a short, direct inquiry is the Dutch norm");
    }
  }
  return NUDGE_OK;
}

static const nudge_plugin_hooks example_c_hooks = {
    sizeof(nudge_plugin_hooks), /* struct_size */
    example_c_calendar,         /* calendar */
    example_c_adjust,           /* adjust */
    NULL,                       /* review: none */
};

static const nudge_plugin_descriptor example_c_descriptor = {
    sizeof(nudge_plugin_descriptor),
    NUDGE_PLUGIN_ABI_MAJOR,
    NUDGE_PLUGIN_ABI_MINOR,
    "example-c",                                       /* name */
    "1.0.0",                                           /* version */
    "Dutch customs: King's Day off, direct inquiries", /* description */
    NUDGE_LAYER_CULTURE,                               /* layer */
    "nl",                                              /* applies_to */
    NULL,                                              /* policy_toml: none */
    example_c_init,
    example_c_shutdown,
    &example_c_hooks,
    NULL, /* model_toml (ABI 1.1): no employer model for `nudge simulate` */
};

/* The one exported symbol (the rest is hidden: -fvisibility=hidden). */
__attribute__((visibility("default"))) const nudge_plugin_descriptor* nudge_plugin_entry(void) {
  return &example_c_descriptor;
}
