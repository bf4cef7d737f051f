// si-anoman-backup: thin main over backup_tool.cpp.
#include "backup_tool.hpp"

int main(int argc, char** argv) { return anoman::server::run_backup_tool(argc, argv); }
