#pragma once
/// @file limits.hpp
/// The documented caps of nudge (docs/architecture.md, "Limits"). Each is enforced with an
/// error that names the limit; none is reached by honest use.

#include <cstddef>

namespace nudge::limits {

/// Bytes of one input file: policy, layer, stage graph, application, .ics holidays.
inline constexpr std::size_t kMaxFileBytes = std::size_t{4} << 20;  // 4 MiB
/// Rules in one compiled policy (base and every layer merged).
inline constexpr std::size_t kMaxRules = 256;
/// Guards in one compiled policy.
inline constexpr std::size_t kMaxGuards = 256;
/// Interviewers of one application.
inline constexpr std::size_t kMaxInterviewers = 32;
/// Bytes of an application id.
inline constexpr std::size_t kMaxApplicationIdBytes = 255;
/// Events accepted for one application over its life (history per application).
inline constexpr std::size_t kMaxEventsPerApplication = 10000;
/// Policy groups (industry, culture, overrides) one engine compiles.
inline constexpr std::size_t kMaxGroups = 65535;
/// Bytes of one request line of `nudge serve`.
inline constexpr std::size_t kMaxServeLineBytes = std::size_t{1} << 20;  // 1 MiB

}  // namespace nudge::limits
