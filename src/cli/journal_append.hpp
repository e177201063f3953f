// Appending to the journal on disk, whole entries or nothing (SPEC §3).
#pragma once

#include <string>
#include <vector>

namespace backcare::cli {

// Appends whole lines (each without its newline) with one write, under an
// exclusive lock, then fsyncs (SPEC §3). A new journal gets the header line,
// mode 0600, and its missing folders with mode 0700. On failure nothing of
// this call is left in the file. Throws Failure (73 cannot create, 74 I/O).
void append_lines(const std::string& path, const std::vector<std::string>& lines);

}  // namespace backcare::cli
