#pragma once
/// @file export.hpp
/// The one export macro of nudge: symbols are hidden unless marked NUDGE_API.

#if defined(NUDGE_STATIC)
#define NUDGE_API
#elif defined(NUDGE_BUILDING)
#define NUDGE_API __attribute__((visibility("default")))
#else
#define NUDGE_API
#endif
