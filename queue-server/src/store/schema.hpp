// Schema migrations indexed by PRAGMA user_version (Chromium's and iSH's way):
// an array of SQL steps, applied in one transaction; a database newer than
// this code is refused with a clear message.
#pragma once

#include "sqlite_db.hpp"

namespace anoman::server {

// The schema version this code writes.
int current_schema_version();
// The schema version of a database (PRAGMA user_version; 0: new and empty).
int user_version(Database& db);

// Brings db up to current_schema_version(). Throws StoreError if the
// database is newer than this code knows.
void migrate(Database& db);

}  // namespace anoman::server
