// config/config_document.cpp — reading a config.json as LEAN does (comments,
// the environment overlay, --set overrides), with where each value came from.
#include "config/config_document.h"

#include "config/config_error.h"
#include "config/input_files.h"
#include "config/simulation_config.h"

#include <fstream>
#include <iterator>
#include <optional>
#include <set>
#include <sstream>
#include <vector>

namespace trainsim {
namespace {

void line_column(std::string_view text, size_t byte, size_t& line, size_t& column) {
  line = 1;
  column = 1;
  for (size_t i = 0; i < byte && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
}

// nlohmann's message minus its "[json.exception...] parse error at line x, column y: " prefix.
std::string short_parse_message(const std::string& what) {
  const auto colon = what.find(": ");
  return colon == std::string::npos ? what : what.substr(colon + 2);
}

// One step of a key path "a.b[2].c": a name, or an index with its text as
// written (for messages).
struct PathStep {
  std::string name;
  std::optional<size_t> index;
};

// The steps of `key`; a malformed path is a --set error.
std::vector<PathStep> path_steps(const std::string& key) {
  std::vector<PathStep> steps;
  size_t i = 0;
  while (i < key.size()) {
    if (key[i] == '[') {
      const auto close = key.find(']', i);
      if (close == std::string::npos) fail_config("--set", key, "unclosed '['");
      PathStep step{key.substr(i + 1, close - i - 1), std::nullopt};
      try {
        step.index = std::stoul(step.name);
      } catch (const std::exception&) {
        fail_config("--set", key, "array index must be a number");
      }
      steps.push_back(std::move(step));
      i = close + 1;
    } else {
      size_t end = key.find_first_of(".[", i);
      if (end == std::string::npos) end = key.size();
      std::string part = key.substr(i, end - i);
      if (part.empty()) fail_config("--set", key, "empty key segment");
      steps.push_back({std::move(part), std::nullopt});
      i = end;
    }
    if (i < key.size() && key[i] == '.') ++i;
  }
  return steps;
}

// Sets `value` at "a.b[2].c" inside `root`, creating objects on the way.
void set_path(nlohmann::json& root, const std::string& key, const nlohmann::json& value) {
  nlohmann::json* node = &root;
  std::string walked;
  for (const PathStep& step : path_steps(key)) {
    if (step.index) {
      if (!node->is_array() || *step.index >= node->size())
        fail_config("--set", key, "'" + walked + "' has no element [" + std::to_string(*step.index) + "]");
      node = &(*node)[*step.index];
      walked += "[" + step.name + "]";
      continue;
    }
    if (node->is_null()) *node = nlohmann::json::object();
    if (!node->is_object()) fail_config("--set", key, "'" + walked + "' is not an object");
    node = &(*node)[step.name];
    walked += (walked.empty() ? "" : ".") + step.name;
  }
  *node = value;
}

// effective = root, with `environment` overridden if --set names one, then
// LEAN's environment overlay (the deepest definition wins), then the other
// overrides in order.
void rebuild(ConfigDocument& doc) {
  const std::string name = doc.file_name();
  doc.effective = doc.root;
  doc.origin.clear();
  doc.environment.clear();
  doc.warnings.clear();
  for (const auto& [key, value] : doc.overrides)
    if (key == "environment") doc.effective["environment"] = value;
  const nlohmann::json& root = doc.effective;
  if (root.contains("environment")) {
    const auto& env_key = root["environment"];
    if (!env_key.is_string()) fail_config(name, "environment", "must be a string naming an entry of 'environments'");
    std::string env = env_key.get<std::string>();
    const nlohmann::json envs = root.contains("environments") ? root["environments"] : nlohmann::json();
    if (!envs.is_null() && !envs.is_object()) fail_config(name, "environments", "must be an object");
    std::set<std::string> seen;
    while (!env.empty() && !seen.count(env)) {
      seen.insert(env);
      if (envs.is_null() || !envs.contains(env)) {
        doc.warnings.push_back(config_message(
            name, "environment",
            "'" + env + "' is not defined under 'environments'; using the root keys, as LEAN does"));
        break;
      }
      const auto& overlay = envs[env];
      if (!overlay.is_object()) fail_config(name, "environments." + env, "must be an object");
      doc.environment = env;
      std::string next;
      for (const auto& [key, value] : overlay.items()) {
        if (key == "environment" && value.is_string()) {
          next = value.get<std::string>();
          continue;
        }
        doc.effective[key] = value;
        doc.origin[key] = "environment '" + env + "'";
      }
      env = next;
    }
  }
  for (const auto& [key, value] : doc.overrides) {
    if (key == "environment") continue;
    set_path(doc.effective, key, value);
    doc.origin[key.substr(0, key.find_first_of(".["))] = "--set";
  }
}

}  // namespace

std::filesystem::path ConfigDocument::folder() const {
  const auto parent = file.parent_path();
  return parent.empty() ? std::filesystem::path(".") : parent;
}

namespace {

// Walks the text for nlohmann's lexer and remembers how far it has read, so a
// nesting error can name its line and column.
struct CountingIterator {
  using iterator_category = std::forward_iterator_tag;
  using value_type = char;
  using difference_type = std::ptrdiff_t;
  using pointer = const char*;
  using reference = const char&;
  const char* p = nullptr;
  const char** furthest = nullptr;
  reference operator*() const {
    if (p >= *furthest) *furthest = p + 1;
    return *p;
  }
  CountingIterator& operator++() {
    ++p;
    return *this;
  }
  CountingIterator operator++(int) {
    CountingIterator old = *this;
    ++p;
    return old;
  }
  bool operator==(const CountingIterator& o) const { return p == o.p; }
  bool operator!=(const CountingIterator& o) const { return p != o.p; }
};

struct TooDeep {};

// Where the parser is, for messages: the key path of the value being read.
struct ParsePlace {
  struct Frame {
    bool array = false;
    size_t index = 0;
    std::string key;
  };
  std::vector<Frame> frames;
  const char* furthest = nullptr;

  std::string path() const {
    std::string out;
    for (const auto& f : frames) {
      if (f.array) out += "[" + std::to_string(f.index) + "]";
      else if (!f.key.empty()) out += (out.empty() ? "" : ".") + f.key;
    }
    return out;
  }
};

// Parses with nlohmann's callback parser, which is iterative, refusing a
// container nested deeper than kMaxJsonNesting before it is built (the
// document's copy and destruction recurse and would overflow the stack), and
// tracking the key path for messages.
nlohmann::json parse_bounded(std::string_view text, bool comments, ParsePlace& place) {
  using Event = nlohmann::json::parse_event_t;
  place.furthest = text.data();
  const CountingIterator first{text.data(), &place.furthest}, last{text.data() + text.size(), &place.furthest};
  const nlohmann::json::parser_callback_t track = [&place](int, Event event, nlohmann::json& parsed) {
    auto& f = place.frames;
    auto element_done = [&f] {
      if (!f.empty() && f.back().array) ++f.back().index;
    };
    switch (event) {
      case Event::object_start:
      case Event::array_start:
        if (f.size() >= kMaxJsonNesting) throw TooDeep{};
        f.push_back({event == Event::array_start, 0, {}});
        break;
      case Event::key:
        if (!f.empty()) f.back().key = parsed.get<std::string>();
        break;
      case Event::object_end:
      case Event::array_end:
        if (!f.empty()) f.pop_back();
        element_done();
        break;
      case Event::value: element_done(); break;
    }
    return true;
  };
  return nlohmann::json::parse(first, last, track, /*allow_exceptions=*/true, comments);
}

}  // namespace

nlohmann::json parse_json_text(std::string_view text, const std::string& source) {
  ParsePlace place;
  try {
    return parse_bounded(text, /*comments=*/true, place);
  } catch (const TooDeep&) {
    const size_t read = static_cast<size_t>(place.furthest - text.data());
    size_t line = 0, column = 0;
    line_column(text, read == 0 ? 0 : read - 1, line, column);
    throw ConfigError(source + ":" + std::to_string(line) + ":" + std::to_string(column) +
                      ": invalid JSON: nested more than " + std::to_string(kMaxJsonNesting) + " levels deep");
  } catch (const nlohmann::json::parse_error& e) {
    size_t line = 0, column = 0;
    // e.byte is 1-based and points just past the offending character.
    line_column(text, e.byte == 0 ? 0 : e.byte - 1, line, column);
    throw ConfigError(source + ":" + std::to_string(line) + ":" + std::to_string(column) +
                      ": invalid JSON: " + short_parse_message(e.what()));
  } catch (const nlohmann::json::out_of_range& e) {
    // A number too large for a double: nlohmann names the token but not its
    // place, so find it (outside strings would be exact; first match is
    // good enough for a message).
    std::string what = e.what();
    const auto q1 = what.find('\''), q2 = what.rfind('\'');
    size_t line = 0, column = 0;
    if (q1 != std::string::npos && q2 > q1) {
      const auto at = text.find(what.substr(q1 + 1, q2 - q1 - 1));
      if (at != std::string::npos) line_column(text, at, line, column);
    }
    const std::string key = place.path();
    throw ConfigError(source + (line ? ":" + std::to_string(line) + ":" + std::to_string(column) : "") +
                      (key.empty() ? "" : ": " + key) + ": invalid JSON: " + short_parse_message(what) +
                      " (out of range)");
  }
}

ConfigDocument load_config_document(const std::filesystem::path& path) {
  const std::string name = path.string();
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) fail_config(name, "", "no such file");
  if (std::filesystem::is_directory(path, ec)) fail_config(name, "", "is a directory, not a config file");
  return config_document_from_text(read_input_file(path), path);
}

ConfigDocument config_document_from_text(std::string_view text, const std::filesystem::path& path) {
  ConfigDocument doc;
  doc.file = path;
  const std::string name = path.string();
  doc.root = parse_json_text(text, name);
  if (!doc.root.is_object()) fail_config(name, "", "the top level must be a JSON object");
  rebuild(doc);
  return doc;
}

ConfigDocument config_document_from(const std::filesystem::path& path, nlohmann::json root) {
  ConfigDocument doc;
  doc.file = path;
  doc.root = std::move(root);
  if (!doc.root.is_object()) fail_config(path.string(), "", "the top level must be a JSON object");
  rebuild(doc);
  return doc;
}

void apply_override(ConfigDocument& doc, const std::string& assignment) {
  const auto eq = assignment.find('=');
  if (eq == std::string::npos || eq == 0) fail_config("--set", assignment, "expected key=value");
  const std::string key = assignment.substr(0, eq);
  const std::string text = assignment.substr(eq + 1);
  // A simulation.* path trainsim does not read would silently do nothing.
  if (const std::string why = unknown_simulation_path(key); !why.empty()) fail_config("--set", key, why);
  nlohmann::json value;
  ParsePlace place;
  try {
    value = parse_bounded(text, /*comments=*/false, place);
  } catch (const TooDeep&) {
    fail_config("--set", key, "the value is nested more than " + std::to_string(kMaxJsonNesting) + " levels deep");
  } catch (const nlohmann::json::exception&) {
    value = text;  // not JSON: a plain string ("30m", "America/Chicago")
  }
  doc.overrides.emplace_back(key, value);
  rebuild(doc);
}

const nlohmann::json* find_path(const nlohmann::json& root, const std::string& key) {
  const nlohmann::json* node = &root;
  for (const PathStep& step : path_steps(key)) {
    if (step.index) {
      if (!node->is_array() || *step.index >= node->size()) return nullptr;
      node = &(*node)[*step.index];
    } else {
      if (!node->is_object()) return nullptr;
      const auto it = node->find(step.name);
      if (it == node->end()) return nullptr;
      node = &*it;
    }
  }
  return node;
}

}  // namespace trainsim
