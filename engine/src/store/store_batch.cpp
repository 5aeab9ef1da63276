// Store::apply_batch, Store::ack_batch and Store::erase_batch: many events, acks or erasures
// in one transaction (group commit).
#include <string>
#include <utility>

#include "nudge/store.hpp"
#include "store/store_impl.hpp"

namespace nudge {

using namespace detail;  // NOLINT(google-build-using-namespace): private implementation file

namespace {

constexpr std::string_view kBatchPrefix = "batch:";
constexpr std::string_view kAcksPrefix = "acks:";
constexpr std::string_view kErasePrefix = "erase:";

// The letter remembered for a failure: 'A' + its code.
char letter_of(const Error& e) { return static_cast<char>('A' + static_cast<int>(e.code)); }

// The letter remembered for an event's result: 'a' applied, 'd' duplicate, 'A' + code refused.
char letter_of(const Result<ApplyOutcome>& r) {
  if (r) return *r == ApplyOutcome::kApplied ? 'a' : 'd';
  return letter_of(r.error());
}

// The remembered letters of a batch request carried out before, if `outcome` is one of
// `prefix` for `count` items; else the error of an id used for another request.
Result<std::string_view> letters_of(std::string_view request, std::string_view outcome,
                                    std::string_view prefix, std::size_t count) {
  if (outcome.substr(0, prefix.size()) != prefix || outcome.size() - prefix.size() != count) {
    return make_error(ErrorCode::kDuplicate,
                      "request id " + std::string(request) +
                          " was already used for another request (outcome '" +
                          std::string(outcome) + "'); give each request an id of its own");
  }
  return outcome.substr(prefix.size());
}

// The error of item i of a request refused the first time, from its letter.
Error refused_before(char letter, const char* item, std::size_t i, std::string_view request) {
  return make_error(static_cast<ErrorCode>(letter - 'A'),
                    std::string(item) + " " + std::to_string(i) + " of request " +
                        std::string(request) +
                        " was refused when the request was first carried out");
}

Result<std::vector<Result<ApplyOutcome>>> replayed_events(std::string_view request,
                                                          std::string_view outcome,
                                                          std::size_t count) {
  auto letters = letters_of(request, outcome, kBatchPrefix, count);
  if (!letters) return std::move(letters).error();
  std::vector<Result<ApplyOutcome>> out;
  out.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    const char c = (*letters)[i];
    if (c == 'a' || c == 'd') {
      out.emplace_back(c == 'a' ? ApplyOutcome::kApplied : ApplyOutcome::kDuplicate);
    } else {
      out.emplace_back(refused_before(c, "event", i, request));
    }
  }
  return out;
}

// The results of an ack_batch ('a' per key acked) or erase_batch ('e' per application erased)
// carried out before.
Result<std::vector<Status>> replayed_statuses(std::string_view request, std::string_view outcome,
                                              std::size_t count, std::string_view prefix, char done,
                                              const char* item) {
  auto letters = letters_of(request, outcome, prefix, count);
  if (!letters) return std::move(letters).error();
  std::vector<Status> out(count);
  for (std::size_t i = 0; i < count; ++i) {
    const char c = (*letters)[i];
    if (c != done) out[i] = refused_before(c, item, i, request);
  }
  return out;
}

}  // namespace

Result<std::vector<Result<ApplyOutcome>>> Store::apply_batch(
    std::span<const ApplicationEvent> events, std::string_view request) {
  Impl& m = *impl_;
  RequestPrint print("apply_batch");
  if (!request.empty()) {
    print.add(static_cast<std::int64_t>(events.size()));
    for (const ApplicationEvent& e : events) {
      print.add(e.application).add(e.event.type).add(e.event.recipient).add(seconds(e.event.at));
    }
  }
  auto seen = m.answered_before(request, print);
  if (!seen) return std::move(seen).error();
  if (*seen) return replayed_events(request, **seen, events.size());
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
  if (auto s = m.remember(request, print.tag(letters)); !s) {
    return m.recover(std::move(s).error(), tx);
  }
  if (auto s = m.maybe_checkpoint(); !s) return m.recover(std::move(s).error(), tx);
  if (auto s = tx.commit(); !s) return m.recover(std::move(s).error(), tx);
  return results;
}

Result<std::vector<Status>> Store::ack_batch(std::span<const std::string_view> keys,
                                             std::string_view request) {
  Impl& m = *impl_;
  RequestPrint print("ack_batch");
  if (!request.empty()) {
    print.add(static_cast<std::int64_t>(keys.size()));
    for (std::string_view key : keys) print.add(key);
  }
  auto seen = m.answered_before(request, print);
  if (!seen) return std::move(seen).error();
  if (*seen) return replayed_statuses(request, **seen, keys.size(), kAcksPrefix, 'a', "key");
  Transaction tx(*m.db);
  if (auto s = tx.begin(); !s) return std::move(s).error();
  std::vector<Status> results;
  results.reserve(keys.size());
  std::string letters(kAcksPrefix);
  for (std::string_view key : keys) {
    Status s = m.ack_one(key);
    if (!s && s.error().code != ErrorCode::kNotFound) return std::move(s).error();  // a write
    if (!request.empty()) letters += s ? 'a' : letter_of(s.error());
    results.push_back(std::move(s));
  }
  if (auto s = m.remember(request, print.tag(letters)); !s) return std::move(s).error();
  if (auto s = tx.commit(); !s) return std::move(s).error();
  return results;
}

Result<std::vector<Status>> Store::erase_batch(std::span<const std::string_view> applications,
                                               std::string_view request) {
  Impl& m = *impl_;
  RequestPrint print("erase_batch");
  print.add(static_cast<std::int64_t>(applications.size()));
  for (std::string_view id : applications) print.add(id);
  auto seen = m.answered_before(request, print);
  if (!seen) return std::move(seen).error();
  if (*seen) {
    return replayed_statuses(request, **seen, applications.size(), kErasePrefix, 'e',
                             "application");
  }
  // secure_delete is on (Store::open): what this deletes is overwritten.
  Transaction tx(*m.db);
  if (auto s = tx.begin(); !s) return std::move(s).error();
  std::vector<Status> results;
  results.reserve(applications.size());
  std::string letters(kErasePrefix);
  bool erased = false;
  for (std::string_view id : applications) {
    Status s = m.engine.erase(id);
    if (s) {
      erased = true;
      // Its released actions, delivered or not: their drafts and names go too.
      m.delete_outbox.bind(1, id);
      const int rc = m.delete_outbox.step();
      m.delete_outbox.reset();
      if (rc != SQLITE_DONE) return m.recover(m.db->error("erasing from the outbox", rc), tx);
      auto seq = m.append("erase", id, {}, {}, 0);
      if (!seq) return m.recover(std::move(seq).error(), tx);
    }
    letters += s ? 'e' : letter_of(s.error());
    results.push_back(std::move(s));
  }
  if (auto s = m.remember(request, print.tag(letters)); !s) {
    return m.recover(std::move(s).error(), tx);
  }
  // A checkpoint now: the snapshot without them replaces the one with them, and the journal
  // entries before it (their open, their events, the erase entries) are deleted.
  if (erased) {
    if (auto s = m.write_checkpoint_now(); !s) return m.recover(std::move(s).error(), tx);
  }
  if (auto s = tx.commit(); !s) return m.recover(std::move(s).error(), tx);
  // Copies of the deleted pages may remain in the write-ahead log until SQLite reuses it:
  // fold it into the database and truncate it. Best effort: a reader holding an old
  // snapshot of the database keeps the log, and the next erasure tries again.
  if (erased) (void)m.db->exec("PRAGMA wal_checkpoint(TRUNCATE)");
  return results;
}

Result<void> Store::erase(std::string_view application, std::string_view request) {
  const std::string_view one[] = {application};
  auto r = erase_batch(one, request);
  if (!r) return std::move(r).error();
  return std::move((*r)[0]);
}

}  // namespace nudge
