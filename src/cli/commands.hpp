// One file a subcommand: each adds itself to the CLI11 app and returns
// what to run once the command line is parsed.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <string>
#include <vector>

namespace backcare::cli {

class Context;

struct Command {
  CLI::App* app;
  std::function<int(Context&)> run;
};

Command add_init(CLI::App& root);
Command add_edit(CLI::App& root);
Command add_start(CLI::App& root);
Command add_log(CLI::App& root);
Command add_plan(CLI::App& root);
Command add_stats(CLI::App& root);
Command add_check(CLI::App& root);
Command add_history(CLI::App& root);
Command add_sync(CLI::App& root);
Command add_report(CLI::App& root);
Command add_complete(CLI::App& root);  // hidden: values for shell completion
// Bare `backcare`: today's overview, open flags first (cmd_overview.cpp).
int run_overview(Context& ctx);

// Adds -q/--quiet to a subcommand.
inline CLI::Option* add_quiet(CLI::App* app, bool& flag, const std::string& what = "print nothing but errors") {
  return app->add_flag("-q,--quiet", flag, what);
}

// A check that the value is one of `names`; else our message, with the
// nearest name ("'journa' is not one of routine, journal; did you mean 'journal'?").
CLI::Validator one_of(std::vector<std::string> names);

// The "Examples:" footer every subcommand's --help ends with.
inline std::string examples(std::initializer_list<const char*> lines) {
  std::string s = "\nExamples:";
  for (const char* l : lines) s += std::string("\n  ") + l;
  return s;
}

}  // namespace backcare::cli
