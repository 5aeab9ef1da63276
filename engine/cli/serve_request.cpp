// Reading nudge serve's request lines and their fields (serve_request.hpp).
#include "serve_request.hpp"

#include <cmath>
#include <cstdint>
#include <string>

#include "nudge/limits.hpp"

namespace nudge::cli::serve {

// Reads one line into `line`, keeping at most kMaxServeLineBytes + 1 bytes of it (the rest
// of an overlong line is skipped), so a client cannot make the server hold an unbounded line.
bool read_line(std::istream& in, std::string& line) {
  line.clear();
  std::streambuf* buf = in.rdbuf();
  bool any = false;
  for (int c = buf->sbumpc(); c != std::char_traits<char>::eof(); c = buf->sbumpc()) {
    any = true;
    if (c == '\n') return true;
    if (line.size() <= limits::kMaxServeLineBytes) line.push_back(static_cast<char>(c));
  }
  in.setstate(std::ios::eofbit);
  return any;
}

// Why `line` is refused before JSON parsing, or "" if it is not: a NUL byte (nlohmann stops
// reading there, silently dropping the rest of the line) or nesting deeper than
// kMaxJsonDepth. Columns count bytes from 1.
std::string line_problem(const std::string& line) {
  std::size_t depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (c == '\0') {
      return "the line contains a NUL byte at column " + std::to_string(i + 1) +
             "; a request is one line of JSON text";
    }
    if (in_string) {
      if (c == '\\') {
        if (i + 1 < line.size() && line[i + 1] != '\0') ++i;  // an escaped character
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxJsonDepth) {
        return "the line nests arrays and objects deeper than " + std::to_string(kMaxJsonDepth) +
               " levels (at column " + std::to_string(i + 1) + "), the limit of nudge serve";
      }
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return {};
}

Json error_reply(const Json& id, ErrorCode code, const std::string& message) {
  Json reply;
  reply["id"] = id;
  reply["ok"] = false;
  reply["error"] = Json{{"code", error_code_name(code)}, {"message", message}};
  return reply;
}

const Json& field(const Json& request, const char* name) {
  auto it = request.find(name);
  if (it == request.end() || it->is_null()) {
    throw RequestError{ErrorCode::kInvalidArgument, std::string("missing \"") + name + "\""};
  }
  return *it;
}

std::string string_field(const Json& request, const char* name) {
  const Json& v = field(request, name);
  if (!v.is_string()) {
    throw RequestError{ErrorCode::kInvalidArgument,
                       std::string("\"") + name + "\" must be a string"};
  }
  return v.get<std::string>();
}

std::string optional_string(const Json& request, const char* name) {
  auto it = request.find(name);
  if (it == request.end() || it->is_null()) return {};
  if (!it->is_string()) {
    throw RequestError{ErrorCode::kInvalidArgument,
                       std::string("\"") + name + "\" must be a string"};
  }
  return it->get<std::string>();
}

// The UTC seconds an RFC 3339 string can name: 0000-01-01T00:00:00Z to 9999-12-31T23:59:59Z.
inline constexpr std::int64_t kMinUtcSeconds = -62167219200;
inline constexpr std::int64_t kMaxUtcSeconds = 253402300799;

// A time: an RFC 3339 string (a fraction of a second is dropped) or whole UTC seconds within
// the range an RFC 3339 string can name. nlohmann reads integers above INT64_MAX as unsigned
// and get<std::int64_t> would wrap them (18446744073709551615 became -1), so check first.
Instant time_field(const Json& request, const char* name) {
  const Json& v = field(request, name);
  const std::string quoted = std::string("\"") + name + "\"";
  const std::string range = " is out of range; UTC seconds go from " +
                            std::to_string(kMinUtcSeconds) + " (0000-01-01T00:00:00Z) to " +
                            std::to_string(kMaxUtcSeconds) + " (9999-12-31T23:59:59Z)";
  if (v.is_number_integer()) {
    const bool in_range =
        v.is_number_unsigned()
            ? v.get<std::uint64_t>() <= static_cast<std::uint64_t>(kMaxUtcSeconds)
            : v.get<std::int64_t>() >= kMinUtcSeconds && v.get<std::int64_t>() <= kMaxUtcSeconds;
    if (!in_range)
      throw RequestError{ErrorCode::kInvalidArgument, quoted + ": " + v.dump() + range};
    return Instant{std::chrono::seconds{v.get<std::int64_t>()}};
  }
  if (v.is_number_float() && std::isfinite(v.get<double>()) &&
      (v.get<double>() < static_cast<double>(kMinUtcSeconds) ||
       v.get<double>() > static_cast<double>(kMaxUtcSeconds))) {
    throw RequestError{ErrorCode::kInvalidArgument, quoted + ": " + v.dump() + range};
  }
  if (v.is_string()) {
    auto t = parse_rfc3339(v.get<std::string>());
    // The line parsed; a bad value in it is invalid_argument, not parse (docs/serve.md).
    if (!t) throw RequestError{ErrorCode::kInvalidArgument, quoted + ": " + t.error().message};
    return *t;
  }
  throw RequestError{ErrorCode::kInvalidArgument,
                     quoted +
                         " must be an RFC 3339 string or whole UTC seconds (an integer, "
                         "without a fraction or an exponent)"};
}

std::optional<LocalDate> date_field(const Json& request, const char* name) {
  const std::string quoted = std::string("\"") + name + "\"";
  auto it = request.find(name);
  if (it == request.end()) {
    throw RequestError{ErrorCode::kInvalidArgument,
                       "missing " + quoted + " (a date \"YYYY-MM-DD\", or null for none)"};
  }
  if (it->is_null()) return std::nullopt;
  if (!it->is_string()) {
    throw RequestError{ErrorCode::kInvalidArgument,
                       quoted + " must be a date \"YYYY-MM-DD\" or null"};
  }
  auto d = parse_date(it->get<std::string>());
  if (!d) throw RequestError{ErrorCode::kInvalidArgument, quoted + ": " + d.error().message};
  return *d;
}

std::vector<std::string> string_list(const Json& request, const char* name, const char* expected) {
  const std::string quoted = std::string("\"") + name + "\"";
  auto it = request.find(name);
  if (it == request.end() || !it->is_array()) {
    throw RequestError{ErrorCode::kInvalidArgument, quoted + " must be " + expected};
  }
  std::vector<std::string> texts;
  texts.reserve(it->size());
  for (std::size_t i = 0; i < it->size(); ++i) {
    const Json& element = (*it)[i];
    if (!element.is_string()) {
      throw RequestError{ErrorCode::kInvalidArgument,
                         std::string(name) + "[" + std::to_string(i) + "]: must be a string"};
    }
    texts.push_back(element.get<std::string>());
  }
  return texts;
}

}  // namespace nudge::cli::serve
