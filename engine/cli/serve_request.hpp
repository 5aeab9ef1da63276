#pragma once
// What nudge serve reads from a request line before it acts on it: the line itself (length,
// NUL bytes, nesting depth) and the fields of a parsed request (strings, times). Each problem
// is a RequestError: a code and a message for the error reply (docs/serve.md).

#include <cstddef>
#include <istream>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "nudge/result.hpp"
#include "nudge/time.hpp"

namespace nudge::cli::serve {

using Json = nlohmann::ordered_json;

// Arrays and objects one request line may nest. nlohmann's dump (and the echo of "id") recurse
// once per level, so an unbounded depth inside the 1 MiB line limit overflows the stack.
inline constexpr std::size_t kMaxJsonDepth = 64;

// A request that cannot be carried out; becomes {"ok": false, "error": {...}}.
struct RequestError {
  ErrorCode code;
  std::string message;
};

// Reads one line into `line`, keeping at most kMaxServeLineBytes + 1 bytes of it (the rest
// of an overlong line is skipped), so a client cannot make the server hold an unbounded line.
bool read_line(std::istream& in, std::string& line);

// Why `line` is refused before JSON parsing, or "" if it is not: a NUL byte (nlohmann stops
// reading there, silently dropping the rest of the line) or nesting deeper than
// kMaxJsonDepth. Columns count bytes from 1.
std::string line_problem(const std::string& line);

// {"id": id, "ok": false, "error": {"code": ..., "message": ...}}.
Json error_reply(const Json& id, ErrorCode code, const std::string& message);

// request[name], which must be present and not null.
const Json& field(const Json& request, const char* name);
// request[name] as a string (required), or "" when absent or null (optional).
std::string string_field(const Json& request, const char* name);
std::string optional_string(const Json& request, const char* name);

// A time: an RFC 3339 string (a fraction of a second is dropped) or whole UTC seconds within
// the range an RFC 3339 string can name.
Instant time_field(const Json& request, const char* name);

// A date "YYYY-MM-DD", or null for none; the field must be there.
std::optional<LocalDate> date_field(const Json& request, const char* name);

// request[name], an array of strings; `expected` says what it must be when it is not
// ("\"keys\" must be <expected>"), and a non-string element is named by its index.
std::vector<std::string> string_list(const Json& request, const char* name, const char* expected);

// The value of `r`, or its error thrown as a RequestError.
template <class T>
T checked(Result<T> r) {
  if (!r) throw RequestError{r.error().code, r.error().message};
  return std::move(*r);
}
inline void checked(const Result<void>& r) {
  if (!r) throw RequestError{r.error().code, r.error().message};
}

}  // namespace nudge::cli::serve
