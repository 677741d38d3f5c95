// app/cli_model.cpp — the command line read back from its CLI11 definition.
#include "app/cli_model.h"

#include "config/lean_settings.h"
#include "config/simulation_config.h"
#include "input/nearest.h"

#include <algorithm>
#include <cctype>

namespace trainsim::cli {

void set_help_footer(CLI::App& cmd, const std::vector<std::string>& examples,
                     const std::vector<std::string>& exit_codes) {
  std::string text = "Examples:\n";
  for (const auto& e : examples) text += "  " + e + "\n";
  text += "\nExit status:\n";
  for (const auto& e : exit_codes) text += "  " + e + "\n";
  cmd.footer(text);
}

std::vector<const CLI::App*> commands(const CLI::App& app) {
  // An empty group is CLI11's way of hiding.
  return app.get_subcommands([](const CLI::App* c) { return !c->get_group().empty(); });
}

std::vector<std::string> command_names(const CLI::App& app) {
  std::vector<std::string> out;
  for (const CLI::App* c : commands(app)) out.push_back(c->get_name());
  return out;
}

std::vector<std::string> flag_names(const CLI::App& cmd) {
  std::vector<std::string> out;
  for (const CLI::Option* o : cmd.get_options()) {
    if (o->get_group().empty()) continue;  // hidden (--man)
    for (const auto& l : o->get_lnames()) out.push_back("--" + l);
    for (const auto& s : o->get_snames()) out.push_back("-" + s);
  }
  return out;
}

// Flags expect no values (CLI11 keeps their type size at 1).
bool takes_value(const CLI::Option& opt) { return opt.get_expected_max() != 0; }

std::vector<std::string> choices(const CLI::Option& opt) {
  // CLI::IsMember describes itself as "{a,b,c}" in the type name.
  const std::string t = opt.get_type_name();
  const auto open = t.find('{'), close = t.rfind('}');
  std::vector<std::string> out;
  if (open == std::string::npos || close == std::string::npos || close < open) return out;
  std::string item;
  for (char c : t.substr(open + 1, close - open - 1)) {
    if (c == ',') out.push_back(item), item.clear();
    else if (c != ' ') item += c;
  }
  if (!item.empty()) out.push_back(item);
  return out;
}

ValueKind value_kind(const CLI::Option& opt) {
  if (!takes_value(opt)) return ValueKind::None;
  if (!choices(opt).empty()) return ValueKind::Choice;
  const std::string t = opt.get_type_name();
  auto starts = [&](const char* p) { return t.rfind(p, 0) == 0; };
  if (starts("KEY=")) return ValueKind::KeyValue;
  if (starts("KEY")) return ValueKind::Key;
  if (starts("COMMAND")) return ValueKind::Command;
  if (starts("PROJECT")) return ValueKind::Project;
  // Paths and free text (an output file, a shard's CSV): complete file names.
  if (starts("FILE") || starts("TEXT") || starts("PATH") || starts("DIR")) return ValueKind::File;
  return ValueKind::Other;
}

std::vector<std::string> settable_keys() {
  std::vector<std::string> out;
  for (const auto& k : known_root_keys())
    if (k != "simulation" && k != "environments") out.push_back(k);
  for (const auto& k : known_simulation_keys()) {
    if (k == "training" || k == "scheduled-events") {
      for (const auto& e : known_event_keys()) out.push_back("simulation." + k + "[0]." + e);
    } else {
      out.push_back("simulation." + k);
    }
  }
  return out;
}

namespace {

const CLI::Option* find_flag(const CLI::App& cmd, const std::string& name) {
  for (const CLI::Option* o : cmd.get_options())
    if (o->check_name(name) && !o->get_positional()) return o;
  return nullptr;
}

std::string where(const CLI::App& cmd) {
  return cmd.get_parent() ? " for '" + cmd.get_name() + "'" : "";
}

// Checks the flags in argv[from, to) against `cmd`'s options.
void check_flags(const CLI::App& cmd, int from, int to, const char* const* argv) {
  for (int i = from; i < to; ++i) {
    const std::string tok = argv[i];
    if (tok == "--") return;  // the rest are positionals
    std::string name;
    bool inline_value = false;
    if (tok.rfind("--", 0) == 0 && tok.size() > 2) {
      const auto eq = tok.find('=');
      name = tok.substr(0, eq);
      inline_value = eq != std::string::npos;
    } else if (tok.size() >= 2 && tok[0] == '-' && std::isalpha(static_cast<unsigned char>(tok[1]))) {
      name = tok.substr(0, 2);  // -j4, -q
      inline_value = tok.size() > 2;
    } else {
      continue;  // a value, a positional, a negative number, "-" for stdout
    }
    const CLI::Option* o = find_flag(cmd, name);
    if (!o)
      throw UsageError("unknown option '" + name + "'" + where(cmd) + did_you_mean(name, flag_names(cmd)) +
                       " (see 'trainsim " + (cmd.get_parent() ? "help " + cmd.get_name() : "--help") + "')");
    if (takes_value(*o) && !inline_value) ++i;  // its value may start with '-'
  }
}

}  // namespace

void check_command_line(const CLI::App& app, int argc, const char* const* argv) {
  int sub = 1;
  while (sub < argc && argv[sub][0] == '-') ++sub;
  check_flags(app, 1, sub, argv);
  if (sub >= argc) return;  // CLI11 says a command is required, or --help/--version ran
  const std::string name = argv[sub];
  if (name == kCompleteMethods) return;  // takes a partial command line as it is
  const auto names = command_names(app);
  if (std::find(names.begin(), names.end(), name) == names.end()) {
    std::string all;
    for (const auto& n : names) all += (all.empty() ? "" : ", ") + n;
    throw UsageError("unknown command '" + name + "'" + did_you_mean(name, names) + " (commands: " + all + ")");
  }
  check_flags(*app.get_subcommand(name), sub + 1, argc, argv);
}

}  // namespace trainsim::cli
