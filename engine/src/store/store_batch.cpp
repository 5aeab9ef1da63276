// Store::apply_batch: many events in one transaction (group commit).
#include <string>
#include <utility>

#include "nudge/store.hpp"
#include "store/store_impl.hpp"

namespace nudge {

using namespace detail;  // NOLINT(google-build-using-namespace): private implementation file

namespace {

constexpr std::string_view kBatchPrefix = "batch:";

// The letter remembered for an event's result: 'a' applied, 'd' duplicate, 'A' + code refused.
char letter_of(const Result<ApplyOutcome>& r) {
  if (r) return *r == ApplyOutcome::kApplied ? 'a' : 'd';
  return static_cast<char>('A' + static_cast<int>(r.error().code));
}

// The results of a batch request carried out before, from its remembered letters.
Result<std::vector<Result<ApplyOutcome>>> replayed(std::string_view request,
                                                   std::string_view outcome, std::size_t count) {
  if (outcome.substr(0, kBatchPrefix.size()) != kBatchPrefix ||
      outcome.size() - kBatchPrefix.size() != count) {
    return make_error(ErrorCode::kDuplicate,
                      "request id " + std::string(request) +
                          " was already used for another request (outcome '" +
                          std::string(outcome) + "'); give each request an id of its own");
  }
  std::vector<Result<ApplyOutcome>> out;
  out.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    const char c = outcome[kBatchPrefix.size() + i];
    if (c == 'a' || c == 'd') {
      out.emplace_back(c == 'a' ? ApplyOutcome::kApplied : ApplyOutcome::kDuplicate);
    } else {
      out.emplace_back(make_error(static_cast<ErrorCode>(c - 'A'),
                                  "event " + std::to_string(i) + " of request " +
                                      std::string(request) +
                                      " was refused when the request was first carried out"));
    }
  }
  return out;
}

}  // namespace

Result<std::vector<Result<ApplyOutcome>>> Store::apply_batch(
    std::span<const ApplicationEvent> events, std::string_view request) {
  Impl& m = *impl_;
  auto known = find_request(request);
  if (!known) return std::move(known).error();
  if (*known) return replayed(request, (*known)->outcome, events.size());
  if (m.options.read_only) return m.read_only_error();
  Transaction tx(*m.db);
  if (auto s = tx.begin(); !s) return std::move(s).error();
  std::vector<Result<ApplyOutcome>> results;
  results.reserve(events.size());
  std::string letters(kBatchPrefix);
  for (const ApplicationEvent& e : events) {
    Result<ApplyOutcome> r = m.engine.apply(e.application, e.event);
    if (r && *r == ApplyOutcome::kApplied) {
      auto seq =
          m.append("apply", e.application, e.event.type, e.event.recipient, seconds(e.event.at));
      if (!seq) return m.recover(std::move(seq).error(), tx);
    }
    if (!request.empty()) letters += letter_of(r);
    results.push_back(std::move(r));
  }
  if (auto s = m.remember(request, letters); !s) return m.recover(std::move(s).error(), tx);
  if (auto s = m.maybe_checkpoint(); !s) return m.recover(std::move(s).error(), tx);
  if (auto s = tx.commit(); !s) return m.recover(std::move(s).error(), tx);
  return results;
}

}  // namespace nudge
