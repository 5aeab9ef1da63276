#pragma once
/// @file result.hpp
/// Errors are values at the edges: every expected failure is a `Result<T>` holding either the
/// value or an `Error` whose message tells the user what to change.

#include <string>
#include <utility>
#include <variant>

namespace nudge {

/// What kind of failure an `Error` is; stable, so hosts may switch on it.
enum class ErrorCode : int {
  kOk = 0,
  kParse = 1,  ///< malformed input text (TOML, duration, date); message has file:line:column
  kInvalidArgument =
      2,             ///< well-formed but wrong (negative duration, decision date before interview)
  kUnknownName = 3,  ///< an unknown stage, event, zone, rule, key or recipient
  kNotFound = 4,     ///< an unknown application id or a missing file
  kNotAllowed = 5,   ///< the event is not allowed in the application's current stage
  kRefused = 6,      ///< a policy guard refused the event; the message names the rule (e.g. R13)
  kDuplicate = 7,    ///< the same thing twice (an application id already open)
  kOutOfOrder = 8,   ///< time went backwards (advance to an earlier time, event before the last)
  kCorrupt = 9,      ///< a snapshot or journal failed its integrity check
  kMismatch = 10,    ///< a snapshot taken under another policy or format version
  kInvalidGraph = 11,  ///< a stage graph that fails validation
  kIo = 12,            ///< a file could not be read or written
};

/// Human-readable name of an error code ("parse", "unknown_name", ...).
const char* error_code_name(ErrorCode code) noexcept;

/// A failure: a code and a message that says what to change.
struct Error {
  ErrorCode code = ErrorCode::kOk;
  std::string message;
};

/// Either a `T` or an `Error`. Accessing the wrong alternative is a programming error.
template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}      // NOLINT(google-explicit-constructor)
  Result(Error error) : v_(std::move(error)) {}  // NOLINT(google-explicit-constructor)
  /// True when a value is held.
  bool ok() const noexcept { return v_.index() == 0; }
  explicit operator bool() const noexcept { return ok(); }
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  const Error& error() const& { return std::get<1>(v_); }
  Error&& error() && { return std::get<1>(std::move(v_)); }

 private:
  std::variant<T, Error> v_;
};

/// Success or an `Error`.
template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)) {}  // NOLINT(google-explicit-constructor)
  bool ok() const noexcept { return error_.code == ErrorCode::kOk; }
  explicit operator bool() const noexcept { return ok(); }
  const Error& error() const& { return error_; }
  Error&& error() && { return std::move(error_); }

 private:
  Error error_;
};

using Status = Result<void>;

/// Builds an `Error` (shorthand used throughout the engine).
inline Error make_error(ErrorCode code, std::string message) {
  return Error{code, std::move(message)};
}

}  // namespace nudge
