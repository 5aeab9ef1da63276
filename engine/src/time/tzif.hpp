#pragma once
// TZif zone files (RFC 8536, versions 1 to 4) and the ZoneTable built from one: the explicit
// transitions, then those of the POSIX TZ footer. Nothing here throws except std::bad_alloc.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "time/posix_tz.hpp"
#include "time/zone.hpp"

namespace nudge::detail {

/// What a TZif file says about UTC offsets (abbreviations and DST flags are dropped).
struct TzifData {
  /// In force before the first transition: the first standard-time type (as the date library
  /// and Python's zoneinfo read it), else type 0.
  std::int32_t initial_offset = 0;
  std::vector<Transition> transitions;  ///< strictly ascending
  std::string footer;                   ///< the TZ string of a v2+ file; empty when none
};

/// Parses a TZif file's bytes: the 64-bit data of a version 2+ file (the 32-bit data of a
/// version 1 file) and the footer. nullopt when malformed, and for files with leap-second
/// records (the "right/" zones), whose timestamps are not POSIX time.
std::optional<TzifData> parse_tzif(std::string_view bytes);

/// The zoneinfo directory: $TZDIR when set and not empty, else /usr/share/zoneinfo.
std::string zoneinfo_dir();

/// Reads and parses `zoneinfo_dir()/name`; nullopt when it cannot be read or is malformed.
std::optional<TzifData> read_tzif(std::string_view name);

/// The table of a zone: `data`'s explicit transitions, then from the last of them on what its
/// footer says (its transitions for 400 years when it has DST, its offset when not). A footer
/// that does not parse is ignored: the last explicit offset then holds forever.
ZoneTable make_zone_table(std::string name, const TzifData& data);

/// Begins a table at `initial_offset`, then `append` adds changes in ascending order of `at` and
/// `finish` sets the bounds. Changes to the offset already in force are dropped; a change at the
/// instant of the previous one replaces it.
ZoneTable start_zone_table(std::string name, std::int32_t initial_offset);
void append(ZoneTable& table, std::int64_t at, std::int32_t offset);
void finish(ZoneTable& table);

}  // namespace nudge::detail
