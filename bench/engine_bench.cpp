// nudge_bench: apply + advance with the default policy at N live applications (1M unless
// NUDGE_BENCH_APPS says otherwise), beside a raw baseline run on the same event stream: a
// hand-written switch over a flat record array plus a std::priority_queue of due times.
// What is measured and how to run it: bench/README.md (bench/run.sh prints the ratio).

#include <benchmark/benchmark.h>
#include <malloc.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <limits>
#include <memory>
#include <new>
#include <queue>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "nudge/application.hpp"
#include "nudge/engine.hpp"
#include "nudge/policy.hpp"

#ifndef NUDGE_SOURCE_DIR
#error "NUDGE_SOURCE_DIR must name the source tree (bench/CMakeLists.txt sets it)"
#endif

// ---- allocation counting: every operator new of the process goes through here ------------

namespace {

std::atomic<std::uint64_t> g_allocations{0};

void* counted_alloc(std::size_t size) noexcept {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  return std::malloc(size == 0 ? 1 : size);
}

void* counted_alloc_aligned(std::size_t size, std::align_val_t align) noexcept {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  void* p = nullptr;
  const auto alignment = std::max(static_cast<std::size_t>(align), sizeof(void*));
  return posix_memalign(&p, alignment, size == 0 ? 1 : size) == 0 ? p : nullptr;
}

// Out of line so that GCC does not see free() meet operator new in one inlined body and warn
// (-Wmismatched-new-delete): every replaced operator new here does allocate with malloc.
[[gnu::noinline]] void release(void* p) noexcept { std::free(p); }

void* checked(void* p) {
  if (p == nullptr) throw std::bad_alloc();
  return p;
}

}  // namespace

void* operator new(std::size_t size) { return checked(counted_alloc(size)); }
void* operator new[](std::size_t size) { return checked(counted_alloc(size)); }
void* operator new(std::size_t size, const std::nothrow_t&) noexcept { return counted_alloc(size); }
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept {
  return counted_alloc(size);
}
void* operator new(std::size_t size, std::align_val_t align) {
  return checked(counted_alloc_aligned(size, align));
}
void* operator new[](std::size_t size, std::align_val_t align) {
  return checked(counted_alloc_aligned(size, align));
}
void* operator new(std::size_t size, std::align_val_t align, const std::nothrow_t&) noexcept {
  return counted_alloc_aligned(size, align);
}
void* operator new[](std::size_t size, std::align_val_t align, const std::nothrow_t&) noexcept {
  return counted_alloc_aligned(size, align);
}
void operator delete(void* p) noexcept { release(p); }
void operator delete[](void* p) noexcept { release(p); }
void operator delete(void* p, std::size_t) noexcept { release(p); }
void operator delete[](void* p, std::size_t) noexcept { release(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { release(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { release(p); }
void operator delete(void* p, std::align_val_t) noexcept { release(p); }
void operator delete[](void* p, std::align_val_t) noexcept { release(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { release(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { release(p); }
void operator delete(void* p, std::align_val_t, const std::nothrow_t&) noexcept { release(p); }
void operator delete[](void* p, std::align_val_t, const std::nothrow_t&) noexcept { release(p); }

namespace {

/// Heap bytes in use: malloc'ed chunks (arena) plus chunks malloc served with mmap.
std::size_t heap_in_use() {
  const struct mallinfo2 mi = mallinfo2();
  return mi.uordblks + mi.hblkhd;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// ---- configuration -------------------------------------------------------------------------

std::uint64_t env_number(const char* name, std::uint64_t fallback, std::uint64_t max) {
  const char* text = std::getenv(name);
  if (text == nullptr || *text == '\0') return fallback;
  std::uint64_t value = 0;
  const std::string_view s(text);
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc{} || end != s.data() + s.size() || value == 0 || value > max) {
    std::fprintf(stderr, "nudge_bench: %s=%s is not a number in 1..%llu; using %llu\n", name, text,
                 static_cast<unsigned long long>(max), static_cast<unsigned long long>(fallback));
    return fallback;
  }
  return value;
}

struct Config {
  std::uint32_t apps = 1'000'000;     ///< NUDGE_BENCH_APPS: live applications
  std::uint32_t advance_every = 256;  ///< NUDGE_BENCH_ADVANCE_EVERY: events between advances
  std::uint32_t days = 7;             ///< NUDGE_BENCH_DAYS: virtual days one timed run covers
};

const Config& config() {
  static const Config c{
      static_cast<std::uint32_t>(env_number("NUDGE_BENCH_APPS", 1'000'000, 50'000'000)),
      static_cast<std::uint32_t>(env_number("NUDGE_BENCH_ADVANCE_EVERY", 256, 1'000'000)),
      static_cast<std::uint32_t>(env_number("NUDGE_BENCH_DAYS", 7, 3650))};
  return c;
}

// ---- the event stream (shared by both benchmarks) ------------------------------------------

constexpr std::int64_t kHour = 3600;
constexpr std::int64_t kDay = 24 * kHour;
/// Virtual time one round (one event for every application) spans: each application sees one
/// event every two days, whatever N is.
constexpr std::int64_t kRoundSeconds = 2 * kDay;
constexpr std::int64_t kNever = std::numeric_limits<std::int64_t>::min();

/// Iterations (batches of advance_every events plus one advance) of one timed run: as many as
/// cover `days` of virtual time. Both benchmarks run exactly this many, so they replay the same
/// events; and a whole week holds every weekday, so the run does not depend on whether it
/// happens to time a Monday morning (when the actions aligned to business hours fall due) or a
/// weekend (when none do).
benchmark::IterationCount batches_per_run() {
  const Config& c = config();
  const std::uint64_t events =
      (std::uint64_t{c.days} * kDay * c.apps + kRoundSeconds - 1) / kRoundSeconds;
  return static_cast<benchmark::IterationCount>((events + c.advance_every - 1) / c.advance_every);
}

/// Virtual time both benchmarks run the stream, untimed, before their first timed run.
constexpr std::int64_t kWarmUpSeconds = 7 * kDay;

/// 2026-03-23T14:00:00Z (a Monday): the first event of application 0.
std::int64_t stream_start() {
  using namespace std::chrono;
  return (sys_days{year{2026} / March / 23} + hours{14}).time_since_epoch().count();
}

enum class Ev : std::uint8_t {
  kThankYou,
  kConnection,
  kReflection,
  kInquiry,
  kReply,
  kInfoRequested,
  kInfoSent,
  kAssessment,
  kInterviewEnded,
};

constexpr std::array<std::string_view, 9> kEventName = {
    "thank_you_sent", "connection_sent", "reflection_done",    "inquiry_sent",   "reply_received",
    "info_requested", "info_sent",       "assessment_invited", "interview_ended"};

constexpr std::uint8_t kNoRecipient = 0xFF;

struct Step {
  Ev event = Ev::kThankYou;
  std::uint8_t recipient = kNoRecipient;  ///< 0 = the hr interviewer, 1 = the manager
};

/// The script: a 9-event cycle every application goes through, one event per round; a new
/// interview round (interview_ended) restarts it. The policy allows two status inquiries per
/// application, 14 days apart (R5), so the first two cycles (18 days each) inquire and get a
/// reply; later cycles get an information request and answer it instead. `i` is the
/// application's position in its script (its round plus its phase).
constexpr std::uint64_t kCycle = 9;
constexpr std::uint64_t kInquiryCycles = 2;

Step script_step(std::uint64_t i) {
  const bool inquire = i / kCycle < kInquiryCycles;
  switch (i % kCycle) {
    case 0:
      return {Ev::kThankYou, 0};  // interviewed -> thanked
    case 1:
      return {Ev::kThankYou, 1};  // thanked (or awaiting: the 48 h window closed)
    case 2:
      return {Ev::kConnection, 0};
    case 3:
      return {Ev::kConnection, 1};
    case 4:
      return {Ev::kReflection, kNoRecipient};
    case 5:
      return {inquire ? Ev::kInquiry : Ev::kInfoRequested, kNoRecipient};  // -> inquired
    case 6:
      return {inquire ? Ev::kReply : Ev::kInfoSent, kNoRecipient};  // inquired -> awaiting
    case 7:
      return {Ev::kAssessment, kNoRecipient};  // -> further_assessment
    default:
      return {Ev::kInterviewEnded, kNoRecipient};  // further_assessment -> interviewed
  }
}

/// Application i enters its script at position i % 8, so every batch of events mixes all the
/// steps (a stream where every application is at the same step would time one event type per
/// round). Every position but the last (interview_ended) is allowed in `interviewed`, the stage
/// an application opens in.
std::uint64_t script_phase(std::uint32_t app) { return app % 8; }

/// Round robin over the applications; a virtual clock advancing kRoundSeconds per round, so
/// event `g` happens at start + floor(g * kRoundSeconds / n) (whole seconds, monotonic).
struct Cursor {
  std::uint32_t n = 1;
  std::uint32_t app = 0;
  std::uint64_t round = 0;
  std::int64_t t = 0;  ///< this event's time (seconds)

  void init(std::uint32_t apps, std::int64_t start) {
    n = apps;
    whole_ = kRoundSeconds / n;
    frac_step_ = static_cast<std::uint64_t>(kRoundSeconds % n);
    t = start;
  }
  /// The current application's event.
  Step step() const { return script_step(round + script_phase(app)); }
  void next() {
    t += whole_;
    frac_ += frac_step_;
    if (frac_ >= n) {
      frac_ -= n;
      ++t;
    }
    if (++app == n) {
      app = 0;
      ++round;
    }
  }
  /// When application `i` sees its first event.
  static std::int64_t first_event(std::uint32_t i, std::uint32_t apps, std::int64_t start) {
    return start + static_cast<std::int64_t>(static_cast<std::uint64_t>(i) *
                                             static_cast<std::uint64_t>(kRoundSeconds) / apps);
  }
  /// When application `i`'s interview ended: 3 h before its first event, minus 0-20 days, so
  /// interviews are spread over three weeks of March 2026.
  static std::int64_t interview_end(std::uint32_t i, std::uint32_t apps, std::int64_t start) {
    return first_event(i, apps, start) - 3 * kHour - static_cast<std::int64_t>(i % 21) * kDay;
  }

 private:
  std::int64_t whole_ = 0;
  std::uint64_t frac_ = 0;
  std::uint64_t frac_step_ = 0;
};

/// The earliest interview end of the stream: both clocks start there.
std::int64_t clock_start() { return stream_start() - 3 * kHour - 21 * kDay; }

/// What a run did (differences give a benchmark run's share).
struct Tally {
  std::uint64_t events = 0;
  std::uint64_t refused = 0;
  std::uint64_t duplicates = 0;
  std::uint64_t released = 0;
  std::uint64_t advance_errors = 0;
};

Tally operator-(const Tally& a, const Tally& b) {
  return Tally{a.events - b.events, a.refused - b.refused, a.duplicates - b.duplicates,
               a.released - b.released, a.advance_errors - b.advance_errors};
}

nudge::Instant instant(std::int64_t s) { return nudge::Instant{std::chrono::seconds{s}}; }

// ---- the host's data: ids and interviewer names, kept outside the engine -------------------

struct ShortText {
  std::array<char, 23> chars{};
  std::uint8_t size = 0;
  std::string_view view() const { return {chars.data(), size}; }
};

ShortText make_text(std::string_view prefix, std::uint64_t number) {
  ShortText s;
  prefix.copy(s.chars.data(), prefix.size());
  char* begin = s.chars.data() + prefix.size();
  auto [end, ec] = std::to_chars(begin, s.chars.data() + s.chars.size(), number);
  (void)ec;  // 23 chars hold any prefix used here plus 20 digits
  s.size = static_cast<std::uint8_t>(end - s.chars.data());
  return s;
}

constexpr std::uint32_t kCompanies = 1000;
constexpr std::array<std::string_view, 8> kPositions = {
    "Backend Engineer", "Data Analyst",      "Product Manager", "UX Designer", "SRE",
    "Sales Manager",    "Account Executive", "QA Engineer"};

std::uint32_t company_of(std::uint32_t i) { return (i * 7919u) % kCompanies; }

/// Per application: its id "app-<n>", the recruiter (one per company: "Dana Hr <company>") and
/// the hiring manager (one per application: "Sam Mgr <n>").
struct HostApp {
  ShortText id;
  ShortText hr;
  ShortText manager;
};

std::vector<HostApp> make_host_apps(std::uint32_t n) {
  std::vector<HostApp> host(n);
  for (std::uint32_t i = 0; i < n; ++i) {
    host[i].id = make_text("app-", i);
    host[i].hr = make_text("Dana Hr ", company_of(i));
    host[i].manager = make_text("Sam Mgr ", i);
  }
  return host;
}

// ---- the engine ----------------------------------------------------------------------------

struct EngineWorld {
  std::uint32_t n = 0;
  std::uint32_t advance_every = 0;
  std::vector<HostApp> host;
  std::unique_ptr<nudge::Engine> engine;
  std::vector<nudge::DueAction> out;
  Cursor cursor;
  Tally tally;
  double bytes_per_app = 0;
  std::size_t heap_before_open = 0;
  bool reported_refusal = false;

  void apply_next() {
    const HostApp& h = host[cursor.app];
    nudge::Event e;
    const Step step = cursor.step();
    e.type = kEventName[static_cast<std::size_t>(step.event)];
    e.at = instant(cursor.t);
    if (step.recipient != kNoRecipient) {
      e.recipient = step.recipient == 0 ? h.hr.view() : h.manager.view();
    }
    auto r = engine->apply(h.id.view(), e);
    ++tally.events;
    if (!r) {
      ++tally.refused;
      if (!reported_refusal) {
        reported_refusal = true;
        std::fprintf(stderr, "nudge_bench: engine refused %.*s of %.*s (round %llu): %s\n",
                     static_cast<int>(e.type.size()), e.type.data(), static_cast<int>(h.id.size),
                     h.id.chars.data(), static_cast<unsigned long long>(cursor.round),
                     r.error().message.c_str());
      }
    } else if (*r == nudge::ApplyOutcome::kDuplicate) {
      ++tally.duplicates;
    }
    cursor.next();
  }

  void advance(std::int64_t now) {
    out.clear();
    if (!engine->advance(instant(now), out)) ++tally.advance_errors;
    tally.released += out.size();
    if (digest_on) digest_of(out);
  }

  /// NUDGE_BENCH_DIGEST=1: an FNV-1a digest of every released action, in release order,
  /// printed at exit, so that an engine change can be checked to release exactly the same.
  bool digest_on = std::getenv("NUDGE_BENCH_DIGEST") != nullptr;
  std::uint64_t digest = 0xcbf29ce484222325ULL;
  void digest_of(const std::vector<nudge::DueAction>& actions) {
    auto mix = [this](std::int64_t v) {
      for (int i = 0; i < 8; ++i) {
        digest = (digest ^ static_cast<std::uint64_t>((v >> (8 * i)) & 0xFF)) * 0x100000001b3ULL;
      }
    };
    for (const nudge::DueAction& a : actions) {
      mix(a.app);
      mix(a.rule);
      mix(a.recipient);
      mix(a.occurrence);
      mix(a.trigger.time_since_epoch().count());
      mix(a.at.time_since_epoch().count());
      mix(a.deadline.time_since_epoch().count());
    }
    mix(-1);  // advance boundary
  }
  ~EngineWorld() {
    if (digest_on) {
      std::fprintf(stderr, "nudge_bench: digest of released actions %016llx\n",
                   static_cast<unsigned long long>(digest));
    }
  }

  /// One benchmark iteration: advance_every events, then one advance to the current time.
  void batch() {
    for (std::uint32_t k = 0; k < advance_every; ++k) apply_next();
    advance(cursor.t);
  }
};

std::unique_ptr<EngineWorld> build_engine_world() {
  const Config& cfg = config();
  auto w = std::make_unique<EngineWorld>();
  w->n = cfg.apps;
  w->advance_every = cfg.advance_every;
  const auto t_start = std::chrono::steady_clock::now();

  auto policy = nudge::Policy::load_file(NUDGE_SOURCE_DIR "/policies/default.toml");
  if (!policy) {
    std::fprintf(stderr, "nudge_bench: %s\n", policy.error().message.c_str());
    return nullptr;
  }
  w->host = make_host_apps(w->n);
  w->out.reserve(64 * std::size_t{w->advance_every});
  w->engine = std::make_unique<nudge::Engine>(std::move(*policy), instant(clock_start()));

  nudge::ApplicationContext ctx;
  ctx.candidate_zone = "America/New_York";
  ctx.interviewers.resize(2);
  ctx.interviewers[0].role = "hr";
  ctx.interviewers[0].zone = "America/Chicago";
  ctx.interviewers[0].topics = {"the hiring process"};
  ctx.interviewers[1].role = "manager";
  ctx.interviewers[1].zone = "Europe/Berlin";
  ctx.interviewers[1].topics = {"system design"};
  const std::int64_t start = stream_start();

  w->heap_before_open = heap_in_use();
  // A host that knows how many applications it will hold says so (Engine::reserve); the
  // bytes counted include everything reserved.
  w->engine->reserve(w->n, 2);
  for (std::uint32_t i = 0; i < w->n; ++i) {
    const HostApp& h = w->host[i];
    ctx.id.assign(h.id.view());
    ctx.position.assign(kPositions[i % kPositions.size()]);
    ctx.company.assign("Company ");
    ctx.company += std::to_string(company_of(i));
    ctx.interviewers[0].name.assign(h.hr.view());
    ctx.interviewers[1].name.assign(h.manager.view());
    ctx.interview_end = instant(Cursor::interview_end(i, w->n, start));
    if (auto s = w->engine->open(ctx); !s) {
      std::fprintf(stderr, "nudge_bench: open %s: %s\n", ctx.id.c_str(), s.error().message.c_str());
      return nullptr;
    }
  }
  const std::size_t heap_after_open = heap_in_use();
  w->bytes_per_app = static_cast<double>(heap_after_open - w->heap_before_open) / w->n;
  const double open_s = seconds_since(t_start);

  // Warm-up (untimed): release the backlog of the interviews of the last three weeks hour by
  // hour, then a week of the stream, so the timed runs see the steady state.
  for (std::int64_t t = clock_start(); t < start; t += kHour) w->advance(t);
  w->out.clear();
  w->out.shrink_to_fit();
  w->out.reserve(64 * std::size_t{w->advance_every});
  w->cursor.init(w->n, start);
  while (w->cursor.t < start + kWarmUpSeconds) w->batch();
  const nudge::EngineStats stats = w->engine->stats();
  auto app0 = w->engine->status("app-0");
  std::fprintf(stderr,
               "nudge_bench: engine: %u apps opened in %.1f s, %.0f heap bytes/app; warm-up: "
               "%llu events, %llu refused, %llu due actions; %zu agenda entries; app-0 in "
               "stage %s\n",
               w->n, open_s, w->bytes_per_app, static_cast<unsigned long long>(w->tally.events),
               static_cast<unsigned long long>(w->tally.refused),
               static_cast<unsigned long long>(w->tally.released), stats.agenda_entries,
               app0 ? app0->stage.c_str() : "?");
  return w;
}

EngineWorld* engine_world() {
  static std::unique_ptr<EngineWorld> world = build_engine_world();
  return world.get();
}

// ---- the raw baseline ----------------------------------------------------------------------

enum RawStage : std::uint8_t {
  kInterviewed,
  kThanked,
  kAwaiting,
  kInquired,
  kFurtherAssessment,
  kNoResponse,  // terminal
};

struct RawRecord {
  std::int64_t stage_at = 0;
  std::int64_t last_event = 0;
  std::int64_t last_inquiry = kNever;
  std::int64_t next_due = kNever;
  std::uint8_t stage = kInterviewed;
  std::uint8_t inquiries = 0;
  std::uint8_t released = 0;  ///< the current stage's action was released
};

/// The next due time of a record: the pending action of its stage, or its stage's timer.
std::int64_t raw_due(const RawRecord& r) {
  switch (r.stage) {
    case kInterviewed:
      return r.released ? kNever : r.stage_at + 3 * kHour;  // thank-you
    case kThanked:
      return r.stage_at + 48 * kHour;  // timer: thank-you window closes
    case kAwaiting:
      return r.released ? kNever : r.stage_at + 7 * kDay;  // status inquiry
    case kInquired:
      return r.last_inquiry + 28 * kDay;  // timer: no reply
    case kFurtherAssessment:
      return r.released ? kNever : r.stage_at + 2 * kDay;  // keep searching
    default:
      return kNever;
  }
}

/// Fires the stage's timer if it has one (true), else does nothing (false).
bool raw_fire_timer(RawRecord& r, std::int64_t at) {
  switch (r.stage) {
    case kThanked:
      r.stage = kAwaiting;
      r.stage_at = at;
      r.released = 0;
      return true;
    case kInquired:
      r.stage = kNoResponse;
      r.stage_at = at;
      return true;
    default:
      return false;
  }
}

struct RawWorld {
  using Due = std::pair<std::int64_t, std::uint32_t>;

  std::uint32_t n = 0;
  std::uint32_t advance_every = 0;
  std::vector<RawRecord> recs;
  std::priority_queue<Due, std::vector<Due>, std::greater<>> due;
  Cursor cursor;
  Tally tally;
  double bytes_per_app = 0;
  std::size_t heap_before_open = 0;
  bool reported_refusal = false;

  void reschedule(std::uint32_t app) {
    RawRecord& r = recs[app];
    const std::int64_t next = raw_due(r);
    if (next == r.next_due) return;
    r.next_due = next;
    if (next != kNever) due.push({next, app});
  }

  /// The script's transitions, by hand: false = refused. Like the engine, fires the timed
  /// transitions due at or before the event first.
  bool apply(std::uint32_t app, Ev ev, std::int64_t t) {
    RawRecord& r = recs[app];
    if (t < r.last_event) return false;
    bool fired = false;
    while (r.next_due != kNever && r.next_due <= t && raw_fire_timer(r, r.next_due)) {
      r.next_due = raw_due(r);
      fired = true;
    }
    if (fired && r.next_due != kNever) due.push({r.next_due, app});
    auto enter = [&](RawStage s) {
      r.stage = s;
      r.stage_at = t;
      r.released = 0;
    };
    auto inquiry_allowed = [&] {
      return r.inquiries < 2 && (r.last_inquiry == kNever || t >= r.last_inquiry + 14 * kDay);
    };
    switch (r.stage) {
      case kInterviewed:
      case kThanked:
      case kAwaiting:
        switch (ev) {
          case Ev::kThankYou:
            if (r.stage == kInterviewed) enter(kThanked);
            break;
          case Ev::kConnection:
          case Ev::kReflection:
          case Ev::kReply:
          case Ev::kInfoRequested:
          case Ev::kInfoSent:
            break;
          case Ev::kInquiry:
            if (!inquiry_allowed()) return false;
            ++r.inquiries;
            r.last_inquiry = t;
            enter(kInquired);
            break;
          case Ev::kAssessment:
            enter(kFurtherAssessment);
            break;
          case Ev::kInterviewEnded:
            return false;
        }
        break;
      case kInquired:
        switch (ev) {
          case Ev::kThankYou:
          case Ev::kConnection:
          case Ev::kReflection:
          case Ev::kInfoRequested:
          case Ev::kInfoSent:
            break;
          case Ev::kInquiry:
            if (!inquiry_allowed()) return false;
            ++r.inquiries;
            r.last_inquiry = t;
            break;
          case Ev::kReply:
            enter(kAwaiting);
            break;
          case Ev::kAssessment:
            enter(kFurtherAssessment);
            break;
          case Ev::kInterviewEnded:
            return false;
        }
        break;
      case kFurtherAssessment:
        switch (ev) {
          case Ev::kThankYou:
          case Ev::kConnection:
          case Ev::kReflection:
          case Ev::kInfoRequested:
          case Ev::kInfoSent:
          case Ev::kAssessment:
            break;
          case Ev::kInterviewEnded:
            enter(kInterviewed);
            break;
          case Ev::kInquiry:
          case Ev::kReply:
            return false;
        }
        break;
      default:
        return false;  // terminal
    }
    r.last_event = t;
    reschedule(app);
    return true;
  }

  void apply_next() {
    ++tally.events;
    const Ev ev = cursor.step().event;
    if (!apply(cursor.app, ev, cursor.t)) {
      ++tally.refused;
      if (!reported_refusal) {
        reported_refusal = true;
        const std::string_view name = kEventName[static_cast<std::size_t>(ev)];
        std::fprintf(stderr, "nudge_bench: baseline refused %.*s of app %u (round %llu)\n",
                     static_cast<int>(name.size()), name.data(), cursor.app,
                     static_cast<unsigned long long>(cursor.round));
      }
    }
    cursor.next();
  }

  void advance(std::int64_t now) {
    while (!due.empty() && due.top().first <= now) {
      const Due d = due.top();
      due.pop();
      RawRecord& r = recs[d.second];
      if (r.next_due != d.first) continue;  // stale
      if (!raw_fire_timer(r, d.first)) {
        r.released = 1;
        ++tally.released;
      }
      r.next_due = kNever;
      reschedule(d.second);
    }
  }

  void batch() {
    for (std::uint32_t k = 0; k < advance_every; ++k) apply_next();
    advance(cursor.t);
  }
};

std::unique_ptr<RawWorld> build_raw_world() {
  const Config& cfg = config();
  auto w = std::make_unique<RawWorld>();
  w->n = cfg.apps;
  w->advance_every = cfg.advance_every;
  const std::int64_t start = stream_start();
  w->heap_before_open = heap_in_use();
  for (std::uint32_t i = 0; i < w->n; ++i) {
    RawRecord r;
    r.stage_at = r.last_event = Cursor::interview_end(i, w->n, start);
    w->recs.push_back(r);
    w->reschedule(i);
  }
  w->bytes_per_app = static_cast<double>(heap_in_use() - w->heap_before_open) / w->n;
  for (std::int64_t t = clock_start(); t < start; t += kHour) w->advance(t);
  w->cursor.init(w->n, start);
  while (w->cursor.t < start + kWarmUpSeconds) w->batch();
  std::fprintf(stderr,
               "nudge_bench: baseline: %u apps, %.0f heap bytes/app; warm-up: %llu events, %llu "
               "refused, %llu due actions\n",
               w->n, w->bytes_per_app, static_cast<unsigned long long>(w->tally.events),
               static_cast<unsigned long long>(w->tally.refused),
               static_cast<unsigned long long>(w->tally.released));
  return w;
}

RawWorld* raw_world() {
  static std::unique_ptr<RawWorld> world = build_raw_world();
  return world.get();
}

// ---- the benchmarks ------------------------------------------------------------------------

template <class World>
void run(benchmark::State& state, World& w) {
  const Tally before = w.tally;
  const std::uint64_t allocs_before = g_allocations.load(std::memory_order_relaxed);
  for (auto _ : state) w.batch();
  const std::uint64_t allocs = g_allocations.load(std::memory_order_relaxed) - allocs_before;
  const Tally d = w.tally - before;
  const auto events = static_cast<double>(d.events);
  state.SetItemsProcessed(static_cast<std::int64_t>(d.events));
  state.counters["apps"] = w.n;
  state.counters["bytes_per_app"] = w.bytes_per_app;
  state.counters["allocs_per_event"] = static_cast<double>(allocs) / events;
  state.counters["refused"] = static_cast<double>(d.refused + d.advance_errors);
  state.counters["due_released"] = static_cast<double>(d.released);
  state.counters["due_per_event"] = static_cast<double>(d.released) / events;
  // The heap now, less what it held before the applications were opened: the structures'
  // steady-state size (the baseline's priority queue and the engine's agenda keep stale
  // entries). Valid because only one world is ever growing: the baseline runs first.
  state.counters["steady_bytes_per_app"] =
      static_cast<double>(heap_in_use() - w.heap_before_open) / w.n;
  if (d.duplicates != 0) state.counters["duplicates"] = static_cast<double>(d.duplicates);
}

/// The raw baseline: flat records, a switch, a priority queue of due times.
void BM_Baseline(benchmark::State& state) {
  RawWorld* w = raw_world();
  run(state, *w);
}

/// The engine: Engine::apply for each event of the stream, Engine::advance every K events.
void BM_Engine(benchmark::State& state) {
  EngineWorld* w = engine_world();
  if (w == nullptr) {
    state.SkipWithError("engine setup failed (see stderr)");
    return;
  }
  run(state, *w);
}

BENCHMARK(BM_Baseline)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(batches_per_run());
BENCHMARK(BM_Engine)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(batches_per_run());

}  // namespace

BENCHMARK_MAIN();
