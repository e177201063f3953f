// The front of a journal line alone (defined in journal.cpp, beside
// parse_record, whose checks it shares).
#pragma once

#include "core/journal.hpp"

namespace backcare {

// Only the front of a line, for readers that need no more (the prompt
// path: `stats --format '{streak}'`): its bytes, date,
// time and kind are checked as parse_record checks them, and a session's
// routine name is read; the keys are not looked at (a line whose keys
// parse_record refuses is read all the same).
ParseStatus parse_head(std::string_view line, Record& out, std::string& error);
// The same, given the line's masks (core/scan: scan_line, line_masks).
ParseStatus parse_head(std::string_view line, const LineMasks& masks, Record& out, std::string& error);

}  // namespace backcare
