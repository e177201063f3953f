// backcare: a habit tracker for exercises against upper-back pain.
// This file wires the subcommands to CLI11 and maps errors to exit codes.
#include "cli/commands.hpp"
#include "cli/context.hpp"

#include <fmt/format.h>

#include <cerrno>
#include "core/suggest.hpp"

#include <algorithm>
#include <clocale>
#include <cstdio>
#include <cstring>
#include <csignal>
#include <exception>
#include <system_error>
#include <optional>
#include <string>
#include <vector>

using namespace backcare::cli;

CLI::Validator backcare::cli::one_of(std::vector<std::string> names) {
  std::string desc = "{";
  for (const auto& n : names) desc += (desc.size() > 1 ? "," : "") + n;
  desc += "}";
  return CLI::Validator(
      [names](std::string& value) -> std::string {
        for (const auto& n : names)
          if (value == n) return {};
        std::vector<std::string_view> views(names.begin(), names.end());
        std::string msg = fmt::format("'{}' is not one of {}", value, fmt::join(names, ", "));
        if (auto near = backcare::nearest_name(value, views)) msg += fmt::format("; did you mean '{}'?", *near);
        return msg;
      },
      desc);
}

namespace {

// "backcare log pain": the command line's subcommands, parsed so far, so
// that a usage error points at the help of the command it is about.
std::string command_path(CLI::App& app) {
  std::string path = "backcare";
  for (CLI::App* a = &app;;) {
    auto subs = a->get_subcommands();
    if (subs.empty() || subs.front()->get_name().rfind("__", 0) == 0) return path;
    a = subs.front();
    path += " " + a->get_name();
  }
}

// SPEC §4: a failed write to stdout is an I/O error (exit 74), checked
// once here for every command. Returns the exit code to use.
int check_stdout(int code, int e = 0) {
  errno = 0;
  bool flushed = std::fflush(stdout) == 0;
  if (!flushed && errno != 0) e = errno;
  if (flushed && !std::ferror(stdout)) return code;
  if (e != 0) warn(fmt::format("cannot write to standard output: {}", std::strerror(e)));
  else warn("cannot write to standard output");
  return kIoErr;
}

// A usage error found before CLI11 parses: its message, and the command
// whose --help to point at.
struct Usage {
  std::string message;
  std::string command;
};

std::string path_of(const std::vector<CLI::App*>& chain) {
  std::string path;
  for (CLI::App* a : chain) path += (path.empty() ? "" : " ") + a->get_name();
  return path;
}

std::vector<CLI::App*> visible_subcommands(CLI::App* app) {
  return app->get_subcommands([](CLI::App* s) { return s->get_name().rfind("__", 0) != 0; });
}

// "WHEN" of "WHEN:{auto,always,never}".
std::string type_name(const CLI::Option& o) {
  std::string t = o.get_type_name();
  return t.substr(0, t.find(':'));
}

CLI::Option* find_option(const std::vector<CLI::App*>& chain, const std::string& name) {
  for (auto it = chain.rbegin(); it != chain.rend(); ++it)
    if (CLI::Option* o = (*it)->get_option_no_throw(name)) return o;
  return nullptr;
}

std::string did_you_mean(std::string_view typed, const std::vector<std::string>& known) {
  std::vector<std::string_view> views(known.begin(), known.end());
  if (auto n = backcare::nearest_name(typed, views)) return fmt::format("; did you mean '{}'?", *n);
  return {};
}

// Walks the words as CLI11 will, knowing the commands and options there are:
// a mistyped command or option is named with the nearest valid one (SPEC
// §9), before CLI11 would report it in its own words and order.
std::optional<Usage> check_words(CLI::App& root, const std::vector<std::string>& words) {
  std::vector<CLI::App*> chain{&root};
  for (std::size_t i = 0; i < words.size(); ++i) {
    const std::string& w = words[i];
    if (w == "--") break;
    const bool is_long = w.size() > 2 && w.compare(0, 2, "--") == 0;
    const bool is_short = !is_long && w.size() >= 2 && w[0] == '-' && !(w[1] >= '0' && w[1] <= '9');
    if (is_long || is_short) {
      std::string name = is_long ? w.substr(0, w.find('=')) : w.substr(0, 2);
      CLI::Option* opt = find_option(chain, name);
      if (!opt) {
        // An option of the kinds below (backcare log --date): it goes after the kind.
        std::vector<std::string> owners;
        for (CLI::App* s : visible_subcommands(chain.back()))
          if (s->get_option_no_throw(name)) owners.push_back(s->get_name());
        if (!owners.empty())
          return Usage{fmt::format("{} goes after the {} it is for: {} {} ... {}", name,
                                   chain.size() == 1 ? "command" : "kind", path_of(chain), owners.front(), name),
                       path_of(chain)};
        std::vector<std::string> known;
        for (CLI::App* a : chain)
          for (const CLI::Option* o : a->get_options())
            for (const auto& l : o->get_lnames()) known.push_back("--" + l);
        return Usage{fmt::format("unknown option '{}' for '{}'{}", name, path_of(chain), did_you_mean(name, known)),
                     path_of(chain)};
      }
      bool inline_value = is_long ? w.find('=') != std::string::npos : w.size() > 2;
      if (opt->get_expected_min() > 0 && !inline_value) {
        if (i + 1 >= words.size())
          return Usage{fmt::format("{} needs a value ({})", name, type_name(*opt)), path_of(chain)};
        ++i;  // its value, whatever it looks like
      }
      continue;
    }
    CLI::App* cur = chain.back();
    auto subs = visible_subcommands(cur);
    if (subs.empty()) continue;  // a value for the command's own arguments
    CLI::App* found = nullptr;
    for (CLI::App* s : cur->get_subcommands({}))
      if (s->check_name(w)) found = s;
    if (found) {
      chain.push_back(found);
      continue;
    }
    if (!cur->get_options([](const CLI::Option* o) { return o->get_positional(); }).empty()) continue;
    std::vector<std::string> names;
    for (CLI::App* s : subs) names.push_back(s->get_name());
    std::string what = cur == &root ? std::string("command") : fmt::format("kind for '{}'", path_of(chain));
    std::string hint = did_you_mean(w, names);
    if (hint.empty()) hint = fmt::format(" (they are: {})", fmt::join(names, ", "));
    return Usage{fmt::format("unknown {} '{}'{}", what, w, hint), path_of(chain)};
  }
  return std::nullopt;
}

// 'backcare help [COMMAND...]' is 'backcare [COMMAND...] --help'.
void rewrite_help(CLI::App& root, std::vector<std::string>& words) {
  std::vector<CLI::App*> chain{&root};
  for (std::size_t i = 0; i < words.size(); ++i) {
    const std::string& w = words[i];
    if (w == "--") return;
    if (w.size() > 1 && w[0] == '-') {
      CLI::Option* opt = find_option(chain, w.substr(0, w.find('=')));
      if (opt && opt->get_expected_min() > 0 && w.find('=') == std::string::npos) ++i;
      continue;
    }
    if (w == "help") {
      words.erase(words.begin() + static_cast<std::ptrdiff_t>(i));
      words.push_back("--help");
    }
    return;  // only the first word that is not an option
  }
}

// CLI11's messages, in our words: "NAME: " of a positional argument is
// dropped (our checks name it), the extras are listed in the order typed.
std::string usage_message(const CLI::ParseError& e, CLI::App& root) {
  std::string what = e.what();
  CLI::App* app = &root;
  for (auto subs = app->get_subcommands(); !subs.empty(); subs = app->get_subcommands()) app = subs.front();
  if (dynamic_cast<const CLI::RequiredError*>(&e)) {
    std::string name = what.substr(0, what.find(' '));
    if (const CLI::Option* o = app->get_option_no_throw(name); o && o->get_positional())
      return fmt::format("'{}' needs its {} ({})", command_path(root), name, o->get_description());
  }
  if (dynamic_cast<const CLI::ConversionError*>(&e) && what.rfind("Could not convert: ", 0) == 0) {
    std::string rest = what.substr(19);  // "--json = x"
    auto eq = rest.find(" = ");
    if (eq != std::string::npos) {
      std::string name = rest.substr(0, eq), value = rest.substr(eq + 3);
      const CLI::Option* o = app->get_option_no_throw(name);
      if (o && o->get_expected_min() == 0) return fmt::format("{} takes no value (not '{}')", name, value);
      return fmt::format("{}: '{}' is not a value it takes", name, value);
    }
  }
  for (std::string_view prefix : {"The following arguments were not expected: ", "The following argument was not expected: "}) {
    if (what.rfind(prefix, 0) == 0) {
      std::vector<std::string> extras;
      std::string rest = what.substr(prefix.size());
      for (std::size_t p = 0; p <= rest.size();) {
        std::size_t q = rest.find(' ', p);
        if (q == std::string::npos) q = rest.size();
        extras.insert(extras.begin(), rest.substr(p, q - p));  // CLI11 lists them last first
        p = q + 1;
      }
      return fmt::format("unexpected {} '{}'", extras.size() == 1 ? "argument" : "arguments", fmt::join(extras, " "));
    }
  }
  if (auto colon = what.find(": "); colon != std::string::npos && colon > 0) {
    bool upper = true;
    for (std::size_t i = 0; i < colon; ++i) upper = upper && ((what[i] >= 'A' && what[i] <= 'Z') || what[i] == '_');
    if (upper) return what.substr(colon + 2);
  }
  if (what.size() > 12 && what.compare(what.size() - 12, 12, " is required") == 0)
    return fmt::format("{} is missing", what.substr(0, what.size() - 12));
  return what;
}

}  // namespace

// The subcommands, in the order --help lists them. When the first word
// names one and no later word names another, only that one is built:
// building all eleven is most of the start of a prompt-path run (`stats
// --format`, `plan --due -q`), and no other can be asked for then.
std::vector<Command> add_commands(CLI::App& app, const std::vector<std::string>& words) {
  using Add = Command (*)(CLI::App&);
  static constexpr std::pair<std::string_view, Add> all[] = {
      {"init", add_init},   {"edit", add_edit},     {"start", add_start},   {"log", add_log},
      {"plan", add_plan},   {"stats", add_stats},   {"check", add_check},   {"report", add_report},
      {"history", add_history}, {"sync", add_sync}, {"__complete", add_complete}};
  auto named = [&](std::string_view w) {
    for (const auto& [name, add] : all)
      if (name == w) return add;
    return static_cast<Add>(nullptr);
  };
  // The global options before the command, with their values.
  std::size_t i = 0;
  while (i < words.size()) {
    const std::string& w = words[i];
    if (w == "--journal" || w == "--routine" || w == "--color") i += 2;
    else if (w == "--no-color" || w.rfind("--journal=", 0) == 0 || w.rfind("--routine=", 0) == 0 ||
             w.rfind("--color=", 0) == 0)
      i += 1;
    else break;
  }
  if (i < words.size())
    if (Add only = named(words[i]); only && std::none_of(words.begin() + static_cast<long>(i) + 1, words.end(),
                                                          [&](const std::string& w) { return named(w) || w == "help"; }))
      return {only(app)};
  std::vector<Command> commands;
  for (const auto& [name, add] : all) commands.push_back(add(app));
  return commands;
}

int main(int argc, char** argv) {
  std::signal(SIGPIPE, SIG_DFL);  // a closed pipe ends us quietly, as with cat
  CLI::App app{"backcare: a habit tracker for exercises against upper-back pain", "backcare"};
  app.set_version_flag("--version", std::string("backcare ") + BACKCARE_VERSION);
  app.fallthrough();  // global options work after the subcommand too
  app.require_subcommand(0, 1);
  GlobalOptions g;
  app.add_option("--routine", g.routine, "routine file (default: ~/.config/backcare/routine.toml, else built in)")
      ->type_name("FILE");
  auto* journal_opt = app.add_option("--journal", g.journal, "journal file (default: ~/.local/share/backcare/journal.txt)")
      ->type_name("FILE");
  app.add_flag("--no-color", g.no_color, "no colour, as --color never");
  app.add_option("--color", g.color, "colour: auto (on a terminal), always or never")
      ->check(one_of({"auto", "always", "never"}))
      ->type_name("WHEN");
  app.footer(
      "\nEnvironment: BACKCARE_ROUTINE, BACKCARE_JOURNAL, BACKCARE_NOW, XDG_CONFIG_HOME, XDG_DATA_HOME,\n"
      "NO_COLOR, FORCE_COLOR, CLICOLOR_FORCE, TERM, TZ, VISUAL, EDITOR.\n"
      "See backcare(1). Run 'backcare help COMMAND' (or 'backcare COMMAND --help') for a command's options.\n"
      "\nExamples:\n"
      "  backcare start morning\n"
      "  backcare log pain 3 --where neck\n"
      "  backcare plan --due -q && notify-send backcare 'time for your exercises'");

  std::vector<std::string> words(argv + 1, argv + argc);
  std::vector<Command> commands = add_commands(app, words);
  rewrite_help(app, words);
  if (auto u = check_words(app, words)) {
    fmt::print(stderr, "backcare: {}\nRun '{} --help' for usage.\n", cut_long_words(u->message, 100), u->command);
    return kUsage;
  }
  try {
    std::reverse(words.begin(), words.end());  // CLI11 takes them last first
    app.parse(words);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);  // --help, --version
    fmt::print(stderr, "backcare: {}\nRun '{} --help' for usage.\n", cut_long_words(usage_message(e, app), 100), command_path(app));
    // CLI11's own codes (100-127) are a usage error; a missing file is 66 (SPEC §4).
    std::string_view what = e.what();
    return what.find("does not exist") != std::string_view::npos ? kNoInput : kUsage;
  }
  g.journal_given = journal_opt->count() > 0;
  try {
    Context ctx(g);
    for (auto& c : commands)
      if (c.app->parsed()) return check_stdout(c.run(ctx));
    return check_stdout(run_overview(ctx));  // bare `backcare` (SPEC §9)
  } catch (const Failure& f) {
    warn(f.what());
    return f.code;
  } catch (const std::system_error& e) {
    if (std::ferror(stdout)) return check_stdout(kIoErr, e.code().value());  // fmt::print's own report of a failed write
    warn(fmt::format("internal error: {}", e.what()));
    return kSoftware;
  } catch (const std::bad_alloc&) {
    warn("out of memory");
    return kSoftware;
  } catch (const std::exception& e) {
    warn(fmt::format("internal error: {}", e.what()));
    return kSoftware;
  }
}
