#include "nudge/result.hpp"

namespace nudge {

const char* error_code_name(ErrorCode code) noexcept {
  switch (code) {
    case ErrorCode::kOk:
      return "ok";
    case ErrorCode::kParse:
      return "parse";
    case ErrorCode::kInvalidArgument:
      return "invalid_argument";
    case ErrorCode::kUnknownName:
      return "unknown_name";
    case ErrorCode::kNotFound:
      return "not_found";
    case ErrorCode::kNotAllowed:
      return "not_allowed";
    case ErrorCode::kRefused:
      return "refused";
    case ErrorCode::kDuplicate:
      return "duplicate";
    case ErrorCode::kOutOfOrder:
      return "out_of_order";
    case ErrorCode::kCorrupt:
      return "corrupt";
    case ErrorCode::kMismatch:
      return "mismatch";
    case ErrorCode::kInvalidGraph:
      return "invalid_graph";
    case ErrorCode::kIo:
      return "io";
  }
  return "unknown";
}

}  // namespace nudge
