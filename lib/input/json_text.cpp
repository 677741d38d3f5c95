// input/json_text.cpp — JSON text parsed with comments, its nesting bounded
// before anything is built, errors at file:line:column with the key path.
#include "input/json_text.h"

#include "input/input_error.h"

#include <iterator>
#include <optional>
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

// True when the text has no '/' outside strings (no comment) and nests at
// most kMaxJsonNesting deep, read as JSON. Then nlohmann's plain parser, a
// few times faster than the tracking one above (no callback per value, no
// key path), cannot build a document too deep to destroy; whatever it
// refuses is parsed again with tracking, which gives the message.
bool plainly_shallow(std::string_view text) {
  size_t depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
      continue;
    }
    switch (c) {
      case '"': in_string = true; break;
      case '[':
      case '{':
        if (++depth > kMaxJsonNesting) return false;
        break;
      case ']':
      case '}':
        if (depth > 0) --depth;
        break;
      case '/': return false;
      default: break;
    }
  }
  return true;
}

// The plain parse when plainly_shallow allows it; nullopt otherwise or when it fails.
std::optional<nlohmann::json> parse_plainly(std::string_view text, bool comments) {
  if (!plainly_shallow(text)) return std::nullopt;
  try {
    return nlohmann::json::parse(text.data(), text.data() + text.size(), nullptr, /*allow_exceptions=*/true, comments);
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;
  }
}

}  // namespace

nlohmann::json parse_json_text(std::string_view text, const std::string& source) {
  if (auto parsed = parse_plainly(text, /*comments=*/true)) return std::move(*parsed);
  ParsePlace place;
  try {
    return parse_bounded(text, /*comments=*/true, place);
  } catch (const TooDeep&) {
    const size_t read = static_cast<size_t>(place.furthest - text.data());
    size_t line = 0, column = 0;
    line_column(text, read == 0 ? 0 : read - 1, line, column);
    throw InputError(source + ":" + std::to_string(line) + ":" + std::to_string(column) +
                     ": invalid JSON: nested more than " + std::to_string(kMaxJsonNesting) + " levels deep");
  } catch (const nlohmann::json::parse_error& e) {
    size_t line = 0, column = 0;
    // e.byte is 1-based and points just past the offending character.
    line_column(text, e.byte == 0 ? 0 : e.byte - 1, line, column);
    throw InputError(source + ":" + std::to_string(line) + ":" + std::to_string(column) +
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
    throw InputError(source + (line ? ":" + std::to_string(line) + ":" + std::to_string(column) : "") +
                     (key.empty() ? "" : ": " + key) + ": invalid JSON: " + short_parse_message(what) +
                     " (out of range)");
  }
}

JsonValueRead parse_json_value(std::string_view text, nlohmann::json& out) {
  if (auto parsed = parse_plainly(text, /*comments=*/false)) {
    out = std::move(*parsed);
    return JsonValueRead::Read;
  }
  ParsePlace place;
  try {
    out = parse_bounded(text, /*comments=*/false, place);
    return JsonValueRead::Read;
  } catch (const TooDeep&) {
    return JsonValueRead::TooDeep;
  } catch (const nlohmann::json::exception&) {
    return JsonValueRead::NotJson;
  }
}

}  // namespace trainsim
