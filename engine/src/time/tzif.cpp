// TZif files (RFC 8536) and the ZoneTable built from one.

#include "time/tzif.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <limits>

namespace nudge::detail {

namespace {

constexpr std::int64_t kMinInstant = std::numeric_limits<std::int64_t>::min();
// Buckets span at most this many times 388 days (60,000 years: real zones need 600).
constexpr std::uint64_t kMaxBuckets = 1 << 16;
// A zone file is a few kilobytes; anything this large is not one.
constexpr std::size_t kMaxFileBytes = 1 << 20;
// A footer's daylight-time rules are applied from the last transition, but from 1800 at the
// earliest, and not at all after the year 30000 (a malformed file).
constexpr std::int64_t kEarliestRulesStart = -5364662400;  // 1800-01-01T00:00:00Z
constexpr std::int64_t kLatestRulesStart = 884541340800;   // 30000-01-01T00:00:00Z

// Big-endian reads over the file's bytes; every read fails cleanly past the end.
class Reader {
 public:
  explicit Reader(std::string_view bytes) : bytes_(bytes) {}

  bool skip(std::size_t n) {
    if (n > bytes_.size() - pos_) return false;
    pos_ += n;
    return true;
  }
  bool read(std::size_t n, std::string_view& out) {
    if (n > bytes_.size() - pos_) return false;
    out = bytes_.substr(pos_, n);
    pos_ += n;
    return true;
  }
  // A two's-complement big-endian integer of `n` (4 or 8) bytes.
  bool integer(std::size_t n, std::int64_t& out) {
    std::string_view b;
    if (!read(n, b)) return false;
    std::uint64_t u = 0;
    for (const char c : b) u = (u << 8) | static_cast<unsigned char>(c);
    if (n == 4)
      u = static_cast<std::uint64_t>(static_cast<std::int32_t>(static_cast<std::uint32_t>(u)));
    out = static_cast<std::int64_t>(u);
    return true;
  }
  std::string_view rest() const { return bytes_.substr(pos_); }

 private:
  std::string_view bytes_;
  std::size_t pos_ = 0;
};

struct Header {
  char version = 0;
  std::size_t isutcnt = 0, isstdcnt = 0, leapcnt = 0, timecnt = 0, typecnt = 0, charcnt = 0;

  // The size of the data block that follows, for `time_size`-byte timestamps.
  std::size_t block_size(std::size_t time_size) const {
    return timecnt * (time_size + 1) + typecnt * 6 + charcnt + leapcnt * (time_size + 4) +
           isstdcnt + isutcnt;
  }
};

bool read_header(Reader& r, Header& h) {
  std::string_view magic;
  std::string_view version;
  if (!r.read(4, magic) || magic != "TZif" || !r.read(1, version) || !r.skip(15)) return false;
  h.version = version[0];
  std::size_t* counts[] = {&h.isutcnt, &h.isstdcnt, &h.leapcnt, &h.timecnt, &h.typecnt, &h.charcnt};
  for (std::size_t* count : counts) {
    std::int64_t v = 0;
    // Counts are unsigned 32-bit; a real file holds far fewer than 2^20 of anything.
    if (!r.integer(4, v) || v < 0 || v > (1 << 20)) return false;
    *count = static_cast<std::size_t>(v);
  }
  // RFC 8536: typecnt and charcnt must not be zero, isutcnt and isstdcnt are 0 or typecnt.
  return h.typecnt > 0 && h.charcnt > 0 && (h.isutcnt == 0 || h.isutcnt == h.typecnt) &&
         (h.isstdcnt == 0 || h.isstdcnt == h.typecnt);
}

// Reads one data block of `time_size`-byte timestamps into `out`.
bool read_block(Reader& r, const Header& h, std::size_t time_size, TzifData& out) {
  if (h.leapcnt != 0) return false;
  std::vector<std::int64_t> times(h.timecnt);
  for (std::int64_t& t : times) {
    if (!r.integer(time_size, t)) return false;
  }
  std::string_view indices;
  if (!r.read(h.timecnt, indices)) return false;
  std::vector<std::int32_t> utoffs(h.typecnt);
  std::vector<bool> dst(h.typecnt);
  for (std::size_t i = 0; i < h.typecnt; ++i) {
    std::int64_t utoff = 0;
    std::string_view flags;
    if (!r.integer(4, utoff) || !r.read(2, flags)) return false;
    if (utoff == std::numeric_limits<std::int32_t>::min()) return false;  // RFC 8536 3.2
    utoffs[i] = static_cast<std::int32_t>(utoff);
    dst[i] = flags[0] != 0;
  }
  if (!r.skip(h.charcnt + h.leapcnt * (time_size + 4) + h.isstdcnt + h.isutcnt)) return false;

  const auto standard = std::find(dst.begin(), dst.end(), false);
  out.initial_offset = utoffs[standard == dst.end()
                                  ? 0
                                  : static_cast<std::size_t>(std::distance(dst.begin(), standard))];
  out.transitions.clear();
  out.transitions.reserve(h.timecnt);
  for (std::size_t i = 0; i < h.timecnt; ++i) {
    const auto type = static_cast<unsigned char>(indices[i]);
    if (type >= h.typecnt || (i > 0 && times[i] <= times[i - 1])) return false;
    out.transitions.push_back({times[i], utoffs[type]});
  }
  return true;
}

// Rough civil year of an instant (within one of the truth), clamped to what `int` holds.
int approximate_year(std::int64_t t) {
  const std::int64_t y = 1970 + t / 31556952;  // the mean Gregorian year
  return static_cast<int>(std::clamp<std::int64_t>(y, -1'000'000, 1'000'000));
}

}  // namespace

std::optional<TzifData> parse_tzif(std::string_view bytes) {
  Reader r(bytes);
  Header h;
  if (!read_header(r, h)) return std::nullopt;
  TzifData out;
  if (h.version == '\0') {
    if (!read_block(r, h, 4, out)) return std::nullopt;
    return out;
  }
  if (!r.skip(h.block_size(4)) || !read_header(r, h) || !read_block(r, h, 8, out)) {
    return std::nullopt;
  }
  // The footer: a newline, the TZ string (possibly empty), a newline.
  const std::string_view rest = r.rest();
  if (rest.size() < 2 || rest[0] != '\n') return std::nullopt;
  const std::size_t end = rest.find('\n', 1);
  if (end == std::string_view::npos) return std::nullopt;
  out.footer = std::string(rest.substr(1, end - 1));
  return out;
}

std::string zoneinfo_dir() {
  const char* dir = std::getenv("TZDIR");  // NOLINT(concurrency-mt-unsafe): read, never set
  return dir != nullptr && *dir != '\0' ? std::string(dir) : std::string("/usr/share/zoneinfo");
}

std::optional<TzifData> read_tzif(std::string_view name) {
  if (name.empty() || name.front() == '/' || name.find("..") != std::string_view::npos) {
    return std::nullopt;
  }
  std::ifstream in(zoneinfo_dir() + "/" + std::string(name), std::ios::binary);
  if (!in) return std::nullopt;
  std::string bytes;
  char buf[4096];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    bytes.append(buf, static_cast<std::size_t>(in.gcount()));
    if (bytes.size() > kMaxFileBytes) return std::nullopt;
  }
  return parse_tzif(bytes);
}

ZoneTable start_zone_table(std::string name, std::int32_t initial_offset) {
  ZoneTable t;
  t.name = std::move(name);
  t.begins.push_back(kMinInstant);
  t.offsets.push_back(initial_offset);
  return t;
}

void append(ZoneTable& t, std::int64_t at, std::int32_t offset) {
  if (at < t.begins.back()) return;  // out of order: not expected from the callers
  if (at == t.begins.back()) {       // two changes at one instant: the later one holds
    t.offsets.back() = offset;
    const std::size_t n = t.offsets.size();
    if (n > 1 && t.offsets[n - 2] == offset) {
      t.begins.pop_back();
      t.offsets.pop_back();
    }
    return;
  }
  if (offset == t.offsets.back()) return;
  t.begins.push_back(at);
  t.offsets.push_back(offset);
}

void finish(ZoneTable& t) {
  const auto [lo, hi] = std::minmax_element(t.offsets.begin(), t.offsets.end());
  t.min_offset = *lo;
  t.max_offset = *hi;
  t.begins.shrink_to_fit();
  t.offsets.shrink_to_fit();
  t.buckets.clear();
  if (t.begins.size() < 2) return;
  t.bucket_base = t.begins[1];
  const std::uint64_t span =
      static_cast<std::uint64_t>(t.begins.back()) - static_cast<std::uint64_t>(t.bucket_base);
  const std::uint64_t count = (span >> ZoneTable::kBucketShift) + 2;
  if (count > kMaxBuckets) return;  // a malformed file spanning ages: binary search only
  t.buckets.resize(static_cast<std::size_t>(count));
  // Offsets from bucket_base, unsigned as the lookup reads them: no overflow near the ends.
  const auto base = static_cast<std::uint64_t>(t.bucket_base);
  std::size_t k = 0;
  for (std::size_t i = 0; i < t.buckets.size(); ++i) {
    const std::uint64_t start = static_cast<std::uint64_t>(i) << ZoneTable::kBucketShift;
    while (k + 1 < t.begins.size() && static_cast<std::uint64_t>(t.begins[k + 1]) - base <= start) {
      ++k;
    }
    t.buckets[i] = static_cast<std::uint32_t>(k);
  }
}

ZoneTable make_zone_table(std::string name, const TzifData& data) {
  ZoneTable t = start_zone_table(std::move(name), data.initial_offset);
  for (const Transition& tr : data.transitions) append(t, tr.at, tr.offset);
  const std::optional<PosixTz> footer = parse_posix_tz(data.footer);
  if (!footer) {
    finish(t);
    return t;
  }
  // The footer governs from the last explicit transition on, and at all times in a file without
  // any (RFC 8536 section 3.2).
  const std::int64_t last = data.transitions.empty() ? kMinInstant : data.transitions.back().at;
  if (!footer->has_dst) {
    append(t, last, footer->std_offset);
  } else if (last < kLatestRulesStart) {
    // Rules from `from` for a little over 400 years; the last year's changes may lack their
    // partners of the year after (rule times reach a week past midnight): they stop before.
    const std::int64_t from = std::max(last, kEarliestRulesStart);
    const int last_year = approximate_year(from + ZoneTable::kCycle) + 3;
    const std::int64_t rules_end = (days_from_civil(last_year, 1, 1) - 8) * 86400;
    const std::vector<Transition> rules =
        footer->transitions(approximate_year(from) - 2, last_year);
    std::int32_t at_from = footer->std_offset;
    auto next = rules.begin();
    for (; next != rules.end() && next->at <= from; ++next) at_from = next->offset;
    append(t, data.transitions.empty() ? kMinInstant : from, at_from);
    for (; next != rules.end() && next->at < rules_end; ++next) append(t, next->at, next->offset);
    if (t.begins.back() > from) {
      t.cycle_start = from;
      t.cycle_end = from + ZoneTable::kCycle;
    }
  }
  finish(t);
  return t;
}

}  // namespace nudge::detail
