#pragma once
// The store's schema: the DDL of every version, the checks `Store::open` runs on a file, and
// the migrations v1 -> v2 -> v3 (docs/embedding.md, "Schema").

#include <cstdint>

#include "nudge/result.hpp"
#include "store/sqlite_db.hpp"

namespace nudge::detail {

/// `PRAGMA application_id` of a nudge store: "NUDG".
inline constexpr std::int32_t kStoreApplicationId = 0x4E554447;

/// The tables of schema v1 (journal, checkpoint, outbox, meta), as first released.
extern const char* const kStoreSchemaV1;

/// What a file holds, as far as the store is concerned.
struct StoreFileState {
  bool fresh = false;  ///< an empty database (a new or zero-length file): create the schema
  int version = 0;     ///< meta.schema_version of an existing store
};

/// Reads the application id and schema version; refuses a foreign or damaged file and a
/// newer schema, naming the file (and both versions).
Result<StoreFileState> inspect_store_file(SqliteDb& db);

/// Creates the newest schema in an empty database (inside the caller's transaction).
Status create_store_schema(SqliteDb& db, std::uint64_t policy_hash, std::int64_t start);

/// Upgrades from `from` to `from + 1` (inside the caller's transaction).
Status migrate_store_schema(SqliteDb& db, int from);

}  // namespace nudge::detail
