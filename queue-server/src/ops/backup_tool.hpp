// si-anoman-backup: the command line around backup.hpp, for the daily timer
// and for IT staff restoring a copy. Works on the database file directly (no
// network, no token): the server may be running for `backup`, `list` and
// `verify`, and must be stopped for `restore`.
#pragma once

namespace anoman::server {

int run_backup_tool(int argc, char** argv);

}  // namespace anoman::server
