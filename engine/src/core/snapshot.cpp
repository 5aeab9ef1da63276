// Engine::snapshot / restore: a versioned, checksummed, line-oriented text format. Each
// application is written as its context (so restore rebuilds it exactly) plus its state
// (stage, absolute event times, counters, released actions). Times are absolute UTC seconds,
// so nothing is re-based to the moment of the restore.
#include <charconv>
#include <cstdio>
#include <iterator>
#include <sstream>
#include <unordered_map>

#include "common/fnv1a.hpp"
#include "core/engine_impl.hpp"
#include "core/reshard.hpp"

namespace nudge {

using namespace detail;  // NOLINT(google-build-using-namespace): private implementation file

namespace {

constexpr std::string_view kMagic = "nudge-snapshot 2";
constexpr Instant kFirstClock{std::chrono::sys_days{std::chrono::year{1} / 1 / 1}};
constexpr const char* kWeekdays[] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};

std::string hex(std::uint64_t v) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
  return buf;
}

std::string escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '%' || c == '\t' || c == '\n' || c == '\r' || c == ',') {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", static_cast<unsigned char>(c));
      out += buf;
    } else {
      out += c;
    }
  }
  return out;
}

bool unescape(std::string_view s, std::string& out) {
  out.clear();
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '%') {
      out += s[i];
      continue;
    }
    if (i + 2 >= s.size()) return false;
    unsigned v = 0;
    auto r = std::from_chars(s.data() + i + 1, s.data() + i + 3, v, 16);
    if (r.ec != std::errc() || r.ptr != s.data() + i + 3) return false;
    out += static_cast<char>(v);
    i += 2;
  }
  return true;
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == sep) {
      out.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  return out;
}

template <class T>
bool number(std::string_view s, T& out) {
  auto r = std::from_chars(s.data(), s.data() + s.size(), out);
  return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

std::string recent_text(const AppRecord& r) {
  std::string out;
  for (const RecentEvent& e : r.recent) {
    if (!out.empty()) out += ',';
    out += std::to_string(e.at) + '/' + std::to_string(e.event) + '/' + std::to_string(e.recipient);
  }
  return out;
}

bool parse_recent(std::string_view text, AppRecord& r) {
  auto items = split(text, ',');
  constexpr std::size_t kRecent = std::size(AppRecord{}.recent);
  if (items.size() != kRecent) return false;
  for (std::size_t i = 0; i < kRecent; ++i) {
    auto parts = split(items[i], '/');
    if (parts.size() != 3 || !number(parts[0], r.recent[i].at) ||
        !number(parts[1], r.recent[i].event) || !number(parts[2], r.recent[i].recipient)) {
      return false;
    }
  }
  return true;
}

Error corrupt(std::size_t line, std::string_view what) {
  return make_error(ErrorCode::kCorrupt, "snapshot line " + std::to_string(line) + ": " +
                                             std::string(what) + "; the snapshot is damaged");
}

// The lines of a snapshot before its checksum line, once its format, checksum and policy line
// are checked (line i + 1 of the text is element i).
Result<std::vector<std::string_view>> checked_lines(std::string_view text) {
  if (text.substr(0, text.find('\n')) != kMagic) {
    if (text.substr(0, 15) == "nudge-snapshot ") {
      return make_error(ErrorCode::kMismatch,
                        "snapshot format '" + std::string(text.substr(0, text.find('\n'))) +
                            "' is not supported; this engine reads '" + std::string(kMagic) + "'");
    }
    return make_error(ErrorCode::kCorrupt,
                      "not a nudge snapshot (it must start with '" + std::string(kMagic) + "')");
  }
  std::size_t sum_at = text.rfind("checksum\t");
  if (sum_at == std::string_view::npos || text.back() != '\n') {
    return make_error(ErrorCode::kCorrupt, "snapshot has no checksum line; it is truncated");
  }
  std::string_view body = text.substr(0, sum_at);
  std::string_view sum = text.substr(sum_at + 9, text.size() - sum_at - 10);
  if (sum != hex(fnv1a(body))) {
    return make_error(ErrorCode::kCorrupt,
                      "snapshot checksum does not match its content; it was altered or damaged");
  }
  auto lines = split(body.substr(0, body.size() - 1), '\n');
  if (lines.size() < 2 || lines[1].substr(0, 7) != "policy\t") {
    return make_error(ErrorCode::kCorrupt,
                      "snapshot line 2 must record the policy it was taken under");
  }
  return lines;
}

}  // namespace

std::string Engine::snapshot() const {
  const Impl& m = *impl_;
  std::ostringstream os;
  os << kMagic << '\n';
  os << "policy\t" << hex(m.stack.content_hash()) << '\t' << escape(m.cp.name) << '\n';
  os << "clock\t" << m.clock.time_since_epoch().count() << '\n';
  os << "stats\t" << m.stats.events_applied << '\t' << m.stats.actions_released << '\n';
  for (std::uint32_t slot = 0; slot < m.apps.size(); ++slot) {
    const AppRecord& r = m.apps[slot];
    if (r.flags & kFlagErased) continue;
    const Engine::Impl::Variant& v = m.variant_of(r);
    const BlobLayout& layout = v.layouts[r.interviewer_count];
    os << "app\t" << escape(m.app_id(r)) << '\t' << escape(m.pool.get(r.position)) << '\t'
       << escape(m.pool.get(r.company)) << '\t' << escape(v.industry) << '\t' << escape(v.culture)
       << '\t' << m.zones[r.candidate_zone].name() << '\t' << r.interview_end << '\t'
       << r.decision_date << '\t' << int{r.flags} << '\t' << m.cp.graph.stage_name(r.stage) << '\t'
       << r.last_event_at << '\t' << r.events << '\t' << recent_text(r) << '\t'
       << int{r.recent_head} << '\t' << int{r.primary} << '\t';
    for (std::uint32_t w = 0; w < layout.words; ++w) {
      os << (w ? "," : "") << m.blob[r.blob + w];
    }
    os << '\t' << escape(v.overrides) << '\t' << escape(v.overrides_source) << '\n';
    for (std::uint8_t i = 0; i < r.interviewer_count; ++i) {
      const InterviewerRec& iv = m.interviewers[r.first_interviewer + i];
      os << "iv\t" << escape(m.pool.get(iv.name)) << '\t' << escape(m.categories.get(iv.role))
         << '\t' << m.zones[iv.zone].name() << '\t' << int{iv.workdays} << '\t';
      for (std::uint8_t t = 0; t < iv.topic_count; ++t) {
        os << (t ? "," : "") << escape(m.pool.get(m.topics[iv.topics + t]));
      }
      os << '\t';
      for (std::uint16_t h = 0; h < iv.holiday_count; ++h) {
        os << (h ? "," : "") << m.holidays[iv.holidays + h].time_since_epoch().count();
      }
      os << '\n';
    }
  }
  std::string body = os.str();
  return body + "checksum\t" + hex(fnv1a(body)) + '\n';
}

Result<void> Engine::restore(std::string_view text) {
  const Impl& current = *impl_;
  auto checked = checked_lines(text);
  if (!checked) return std::move(checked).error();
  const std::vector<std::string_view>& lines = *checked;
  auto fresh = std::make_unique<Impl>(current.stack, current.clock);
  Impl& m = *fresh;
  ApplicationContext ctx;
  std::vector<std::string_view> pending_app;
  std::size_t pending_line = 0;
  auto flush = [&]() -> Status {
    if (pending_app.empty()) return {};
    const auto& f = pending_app;
    std::int32_t decision = 0;
    int flags = 0;
    int head = 0;
    int primary = 0;
    std::int64_t end = 0;
    if (!number(f[7], end) || !number(f[8], decision) || !number(f[9], flags) ||
        !number(f[14], head) || !number(f[15], primary)) {
      return corrupt(pending_line, "bad number in an application");
    }
    if (flags < 0 || flags >= kFlagErased) return corrupt(pending_line, "unknown flags");
    ctx.interview_end = Instant{std::chrono::seconds{end}};
    if (decision != kNoDate) ctx.decision_date = LocalDate{std::chrono::days{decision}};
    if (ctx.interviewers.empty() || primary >= static_cast<int>(ctx.interviewers.size())) {
      return corrupt(pending_line, "application without its interviewers");
    }
    // A snapshot passes the same checks as `open`: its checksum catches damage, not a
    // crafted file.
    if (auto s = m.check_context(ctx); !s) return corrupt(pending_line, s.error().message);
    auto slot = m.add(ctx);
    if (!slot) return corrupt(pending_line, slot.error().message);
    AppRecord& rec = m.apps[*slot];
    auto stage = m.cp.graph.find_stage(f[10]);
    if (!stage) return corrupt(pending_line, "unknown stage '" + std::string(f[10]) + "'");
    rec.stage = *stage;
    rec.flags = static_cast<std::uint8_t>(flags);
    rec.primary = static_cast<std::uint8_t>(primary);
    rec.recent_head =
        static_cast<std::uint8_t>(static_cast<std::size_t>(head) % std::size(rec.recent));
    if (!number(f[11], rec.last_event_at) || !number(f[12], rec.events) ||
        !parse_recent(f[13], rec)) {
      return corrupt(pending_line, "bad application state");
    }
    auto words = split(f[16], ',');
    const BlobLayout& layout = m.variant_of(rec).layouts[rec.interviewer_count];
    if (words.size() != layout.words)
      return corrupt(pending_line, "state size does not match the policy");
    for (std::size_t w = 0; w < words.size(); ++w) {
      if (!number(words[w], m.blob[rec.blob + w])) return corrupt(pending_line, "bad state word");
    }
    pending_app.clear();
    return {};
  };
  bool seen_clock = false, seen_stats = false;  // each is written once: a repeat is crafted
  for (std::size_t i = 1; i < lines.size(); ++i) {
    auto f = split(lines[i], '\t');
    const std::size_t line = i + 1;
    if (f[0] == "policy") {
      if (i != 1) return corrupt(line, "a second policy line");
      if (f.size() < 2 || f[1] != hex(m.stack.content_hash())) {
        return make_error(ErrorCode::kMismatch,
                          "snapshot was taken under another policy (hash " +
                              std::string(f.size() > 1 ? f[1] : "?") + "); this engine runs '" +
                              m.cp.name + "' (hash " + hex(m.stack.content_hash()) +
                              "); restore it into an engine with the same policy");
      }
    } else if (f[0] == "clock" && f.size() == 2) {
      std::int64_t c = 0;
      if (seen_clock) return corrupt(line, "a second clock line");
      if (!number(f[1], c)) return corrupt(line, "bad clock");
      // A clock advance could not reach, which no date formats (the errors print it).
      if (const Instant at{std::chrono::seconds{c}}; at < kFirstClock || at >= kEndOfSupported) {
        return corrupt(line, "clock outside 0001-01-01..8999-12-31");
      }
      seen_clock = true;
      m.clock = Instant{std::chrono::seconds{c}};
    } else if (f[0] == "stats" && f.size() == 3) {
      if (seen_stats) return corrupt(line, "a second stats line");
      seen_stats = true;
      if (!number(f[1], m.stats.events_applied) || !number(f[2], m.stats.actions_released)) {
        return corrupt(line, "bad stats");
      }
    } else if (f[0] == "app" && f.size() == 19) {
      if (auto s = flush(); !s) return std::move(s).error();
      ctx = ApplicationContext{};
      if (!unescape(f[1], ctx.id) || !unescape(f[2], ctx.position) ||
          !unescape(f[3], ctx.company) || !unescape(f[4], ctx.industry) ||
          !unescape(f[5], ctx.culture) || !unescape(f[17], ctx.overrides) ||
          !unescape(f[18], ctx.overrides_source)) {
        return corrupt(line, "bad text");
      }
      ctx.candidate_zone = std::string(f[6]);
      pending_app = f;
      pending_line = line;
    } else if (f[0] == "iv" && f.size() == 7 && !pending_app.empty()) {
      Interviewer iv;
      int mask = 0;
      if (!unescape(f[1], iv.name) || !unescape(f[2], iv.role) || !number(f[4], mask)) {
        return corrupt(line, "bad interviewer");
      }
      iv.zone = std::string(f[3]);
      for (int d = 0; d < 7; ++d) {
        if (mask & (1 << d)) iv.workdays.emplace_back(kWeekdays[d]);
      }
      if (!f[5].empty()) {
        for (auto t : split(f[5], ',')) {
          std::string topic;
          if (!unescape(t, topic)) return corrupt(line, "bad topic");
          iv.topics.push_back(topic);
        }
      }
      if (!f[6].empty()) {
        for (auto h : split(f[6], ',')) {
          std::int32_t d = 0;
          if (!number(h, d)) return corrupt(line, "bad holiday");
          iv.holidays.push_back(LocalDate{std::chrono::days{d}});
        }
      }
      ctx.interviewers.push_back(std::move(iv));
    } else {
      return corrupt(line, "unexpected record '" + std::string(f[0]) + "'");
    }
  }
  if (auto s = flush(); !s) return std::move(s).error();
  for (std::uint32_t slot = 0; slot < m.apps.size(); ++slot) m.reschedule(slot);
  impl_ = std::move(fresh);
  return {};
}

namespace detail {

Result<std::vector<std::string>> reshard_snapshots(std::span<const std::string_view> snapshots,
                                                   std::size_t shards,
                                                   std::size_t (*shard_of)(std::string_view,
                                                                           std::size_t)) {
  if (snapshots.empty()) {
    return make_error(ErrorCode::kInvalidArgument,
                      "no snapshots: give the snapshots of every engine or shard, taken together");
  }
  auto clock_mismatch = [](std::size_t k, std::string_view at, const std::string& first) {
    return make_error(ErrorCode::kMismatch,
                      "snapshot " + std::to_string(k) + " was taken at clock " + std::string(at) +
                          " and snapshot 0 at clock " + first +
                          " (UTC seconds): only snapshots taken together combine");
  };
  std::string_view policy, clock;  // snapshot 0's lines, which the others must match
  std::int64_t clock_at = 0;
  std::uint64_t events = 0, released = 0;
  std::vector<std::string> bodies(shards);            // each target's application records
  std::unordered_map<std::string, std::size_t> seen;  // id -> the snapshot it came from
  for (std::size_t k = 0; k < snapshots.size(); ++k) {
    const std::string where = "snapshot " + std::to_string(k) + ": ";
    auto checked = checked_lines(snapshots[k]);
    if (!checked) return make_error(checked.error().code, where + checked.error().message);
    bool seen_clock = false, seen_stats = false;
    std::string* target = nullptr;  // the body the current application's records go to
    std::string id;
    for (std::size_t i = 1; i < checked->size(); ++i) {
      const std::string_view line = (*checked)[i];
      const auto f = split(line, '\t');
      auto fail = [&](std::string_view what) {
        return make_error(ErrorCode::kCorrupt, where + corrupt(i + 1, what).message);
      };
      if (f[0] == "policy") {
        if (i != 1) return fail("a second policy line");
        if (k == 0) policy = line;
        if (line != policy) {
          auto hash = [](std::string_view l) { return std::string(split(l, '\t')[1]); };
          return make_error(ErrorCode::kMismatch, where + "taken under another policy (hash " +
                                                      hash(line) + ") than snapshot 0 (hash " +
                                                      hash(policy) +
                                                      "): only snapshots of one policy combine");
        }
      } else if (f[0] == "clock" && f.size() == 2) {
        std::int64_t c = 0;
        if (seen_clock) return fail("a second clock line");
        if (!number(f[1], c)) return fail("bad clock");
        seen_clock = true;
        if (k == 0) {
          clock = line;
          clock_at = c;
        } else if (clock.empty() || c != clock_at) {
          return clock_mismatch(k, f[1], clock.empty() ? "none" : std::to_string(clock_at));
        }
      } else if (f[0] == "stats" && f.size() == 3) {
        std::uint64_t e = 0, r = 0;
        if (seen_stats) return fail("a second stats line");
        if (!number(f[1], e) || !number(f[2], r)) return fail("bad stats");
        seen_stats = true;
        events += e;
        released += r;
      } else if (f[0] == "app" && f.size() == 19) {
        if (!unescape(f[1], id)) return fail("bad text");
        if (auto [it, fresh] = seen.emplace(id, k); !fresh) {
          if (it->second == k) return fail("application '" + id + "' appears twice");
          return make_error(ErrorCode::kMismatch,
                            "application '" + id + "' is in snapshot " +
                                std::to_string(it->second) + " and in snapshot " +
                                std::to_string(k) +
                                ": each application must come from one engine only");
        }
        target = &bodies[shard_of(id, shards)];
        target->append(line).push_back('\n');
      } else if (f[0] == "iv" && target != nullptr) {
        target->append(line).push_back('\n');
      } else {
        return fail("unexpected record '" + std::string(f[0]) + "'");
      }
    }
    if (k > 0 && !seen_clock && !clock.empty()) {
      return clock_mismatch(k, "none", std::to_string(clock_at));
    }
  }
  std::vector<std::string> out(shards);
  for (std::size_t t = 0; t < shards; ++t) {
    // The counters go to the first shard: a sharded engine's stats are the shards' sum.
    // A snapshot without a clock line (restore keeps the engine's clock then) stays without.
    std::string body = std::string(kMagic) + '\n' + std::string(policy) + '\n';
    if (!clock.empty()) body.append(clock).push_back('\n');
    body += "stats\t" + std::to_string(t == 0 ? events : 0) + '\t' +
            std::to_string(t == 0 ? released : 0) + '\n' + bodies[t];
    out[t] = body + "checksum\t" + hex(fnv1a(body)) + '\n';
  }
  return out;
}

}  // namespace detail

}  // namespace nudge
