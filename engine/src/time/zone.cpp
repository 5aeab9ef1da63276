// Zone: a thin wrapper over date::time_zone (system IANA database). Nothing here throws: the
// date library's exceptions are caught and a zone that failed to load behaves as UTC.

#include "time/zone.hpp"

#include <date/date.h>
#include <date/tz.h>

#include <exception>
#include <string>

namespace nudge::detail {

namespace {

const date::time_zone* locate(std::string_view name) noexcept {
  try {
    return date::locate_zone(name);
  } catch (const std::exception&) {
    return nullptr;
  } catch (...) {
    return nullptr;
  }
}

}  // namespace

Result<Zone> Zone::find(std::string_view name) {
  const date::time_zone* tz = name.empty() ? nullptr : locate(name);
  if (tz == nullptr) {
    return make_error(ErrorCode::kUnknownName, "unknown time zone '" + std::string(name) +
                                                   "'; use an IANA name such as 'Europe/Berlin'");
  }
  return Zone(tz);
}

Zone Zone::utc() {
  static const Zone kUtc(locate("UTC"));
  return kUtc;
}

std::string_view Zone::name() const {
  if (tz_ == nullptr) return "UTC";
  return tz_->name();
}

LocalSeconds Zone::to_local(Instant t) const {
  return t.time_since_epoch() + LocalSeconds(offset_seconds(t));
}

Instant Zone::to_instant(LocalSeconds local) const {
  if (tz_ != nullptr) {
    try {
      return tz_->to_sys(date::local_seconds(local), date::choose::latest);
    } catch (...) {  // not expected with choose::latest; fall back to UTC
    }
  }
  return Instant(local);
}

std::int64_t Zone::offset_seconds(Instant t) const {
  if (tz_ == nullptr) return 0;
  try {
    return tz_->get_info(t).offset.count();
  } catch (...) {
    return 0;
  }
}

}  // namespace nudge::detail

namespace nudge {

bool is_known_zone(std::string_view name) {
  return !name.empty() && detail::locate(name) != nullptr;
}

}  // namespace nudge
