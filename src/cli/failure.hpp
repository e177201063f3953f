// How a command ends badly: the exit codes of SPEC §4 and the one error
// type, printed once by main as "backcare: <what>".
#pragma once

#include <stdexcept>
#include <string>

namespace backcare::cli {

// Exit codes (SPEC §4).
enum Exit : int {
  kOk = 0,
  kNegative = 1,  // the "no" answer: nothing due, a flag found
  kUsage = 2,
  kDataErr = 65,    // bad data in the routine
  kNoInput = 66,    // an input file that does not exist
  kSoftware = 70,   // not built yet / internal error
  kCantCreate = 73,
  kIoErr = 74,
  kInterrupted = 130,
  kTerminated = 143,
};

// An error that ends the command: printed as "backcare: <what>".
struct Failure : std::runtime_error {
  Failure(int code_, const std::string& what) : std::runtime_error(what), code(code_) {}
  int code;
};

}  // namespace backcare::cli
