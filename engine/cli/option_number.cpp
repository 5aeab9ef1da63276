// The numbers nudge's options take, read strictly (see cli.hpp).
#include <charconv>

#include "cli.hpp"

namespace nudge::cli {

std::optional<std::uint64_t> parse_option_number(std::string_view text, std::uint64_t min,
                                                 std::uint64_t max) {
  // from_chars into an unsigned type takes no sign and no space; ptr == end takes no suffix.
  std::uint64_t value = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc() || ptr != end || value < min || value > max) {
    return std::nullopt;
  }
  return value;
}

}  // namespace nudge::cli
