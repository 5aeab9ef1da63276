#pragma once
// The one place that turns toml++ nodes into nudge values. Every loader (stage graph, policy,
// application file) reads tables through `TableReader`, so every error has the same shape:
// "file:line:column: what is wrong; what to write instead", and unknown keys are refused.

#include <toml++/toml.h>

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "nudge/result.hpp"
#include "nudge/time.hpp"

namespace nudge::detail {

/// "file:line:column" of a node (just "file" when the node has no source position).
std::string where(std::string_view file, const toml::node& node);
std::string where(std::string_view file, const toml::source_region& region);

/// Parses TOML text; a syntax error becomes kParse with file:line:column.
Result<toml::table> parse_toml(std::string_view text, std::string_view file);
/// Reads a whole file (kNotFound / kIo when it cannot) and parses it.
Result<toml::table> parse_toml_file(const std::string& path);
/// Reads a whole file into a string.
Result<std::string> read_text_file(const std::string& path);

/// Reads the keys of one table, remembering which were read so that `finish` can refuse the
/// rest. `what` names the table in messages ("[[stage]]", "[calendar]", "the application").
class TableReader {
 public:
  TableReader(const toml::table& table, std::string_view file, std::string what);

  const toml::table& table() const { return table_; }
  std::string_view file() const { return file_; }
  bool has(std::string_view key) const { return table_.contains(key); }
  /// Location of `key`'s value, else of the table.
  std::string where_key(std::string_view key) const;
  /// An error at `key` (or at the table when absent): "file:l:c: <message>".
  Error error_at(std::string_view key, ErrorCode code, std::string_view message) const;

  Result<std::string> required_string(std::string_view key);
  Result<std::optional<std::string>> optional_string(std::string_view key);
  Result<bool> optional_bool(std::string_view key, bool fallback);
  Result<std::optional<std::int64_t>> optional_int(std::string_view key);
  Result<std::optional<double>> optional_number(std::string_view key);
  /// A string or an array of strings (a single string becomes a one-element list).
  Result<std::vector<std::string>> string_list(std::string_view key);
  Result<std::optional<Duration>> optional_duration(std::string_view key);
  /// A TOML local date (2026-12-01) or a "YYYY-MM-DD" string.
  Result<std::optional<LocalDate>> optional_date(std::string_view key);
  /// An array of dates.
  Result<std::vector<LocalDate>> date_list(std::string_view key);
  /// A TOML offset date-time (2026-11-23T11:30:00-05:00) or an RFC 3339 string.
  Result<std::optional<Instant>> optional_instant(std::string_view key);
  /// A sub-table (nullptr when absent; error when present but not a table).
  Result<const toml::table*> optional_table(std::string_view key);
  /// An array of tables (empty when absent).
  Result<std::vector<const toml::table*>> table_array(std::string_view key);
  /// Marks a key as known without reading it.
  void accept(std::string_view key);

  /// Refuses every key that was not read or accepted, naming the known ones.
  Status finish() const;

 private:
  Error type_error(std::string_view key, std::string_view expected) const;
  const toml::table& table_;
  std::string_view file_;
  std::string what_;
  std::vector<std::string> known_;
};

}  // namespace nudge::detail
