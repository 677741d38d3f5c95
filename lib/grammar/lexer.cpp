// grammar/lexer.cpp — the Python, C# and rule-text tokenizer behind the
// algorithm reader and the rule parser. Strings are decoded so that a ticker or a time zone can be
// read from them; anything inside comments and strings is never a call.
#include "grammar/lexer.h"

#include <algorithm>
#include <cctype>
#include <functional>
#include <set>

namespace trainsim::grammar {
namespace {

bool ident_start(unsigned char c) { return std::isalpha(c) || c == '_' || c >= 0x80; }
bool ident_char(unsigned char c) { return std::isalnum(c) || c == '_' || c >= 0x80; }

class Lexer {
 public:
  Lexer(std::string_view s, Language lang, std::vector<LexNote>* notes = nullptr)
      : s_(s), lang_(lang), limit_(s.size()), notes_(notes) {}

  Tokens run() {
    while (i_ < limit_) step();
    if (!conditions_.empty()) fail("`#if` without its `#endif`", conditions_.back().at);
    if (lang_ == Language::Python && !out_.empty() && out_.back().kind != Token::Kind::Newline)
      push(Token::Kind::Newline, "", i_, i_);
    push(Token::Kind::End, "", i_, i_);
    return std::move(out_);
  }

  // A hole's tokens: [begin, end) read as inside brackets (no Newline), with
  // positions counted on from `from` at line:column.
  Tokens run_hole(size_t begin, size_t end, size_t from, size_t line, size_t column) {
    i_ = begin;
    limit_ = end;
    depth_ = 1;
    line_start_ = false;
    pos_at_ = from;
    pos_line_ = line;
    pos_col_ = column;
    while (i_ < limit_) step();
    return std::move(out_);
  }

 private:
  [[noreturn]] void fail(const std::string& message, size_t at) const {
    size_t line = 1, col = 1;
    position(at, line, col);
    throw LexError{message, line, col};
  }
  void position(size_t at, size_t& line, size_t& col) const {
    // Incremental: tokens come in order, so walk forward from the last one.
    if (at < pos_at_) {
      pos_at_ = 0;
      pos_line_ = 1;
      pos_col_ = 1;
    }
    for (; pos_at_ < at && pos_at_ < s_.size(); ++pos_at_) {
      if (s_[pos_at_] == '\n') {
        ++pos_line_;
        pos_col_ = 1;
      } else if ((static_cast<unsigned char>(s_[pos_at_]) & 0xC0) != 0x80) {
        ++pos_col_;  // columns count characters, not UTF-8 continuation bytes
      }
    }
    line = pos_line_;
    col = pos_col_;
  }
  char at(size_t k) const { return k < s_.size() ? s_[k] : '\0'; }

  // `text` must view the source, or be kept by out_.
  void push(Token::Kind kind, std::string_view text, size_t begin, size_t end, bool interpolated = false) {
    Token t;
    t.kind = kind;
    t.text = text;
    t.interpolated = interpolated;
    t.begin = static_cast<std::uint32_t>(begin);
    t.end = static_cast<std::uint32_t>(end);
    size_t line = 0, column = 0;
    position(begin, line, column);
    t.line = static_cast<std::uint32_t>(line);
    t.column = static_cast<std::uint32_t>(column);
    if (kind != Token::Kind::Newline && kind != Token::Kind::End) {
      if (line_start_) {
        line_indent_ = t.column;
        line_start_ = false;
      }
      t.indent = static_cast<std::uint32_t>(line_indent_);
    }
    out_.push_back(t);
  }
  // A string's token: its value viewed in the source where the source spells
  // it unchanged (no escapes: most strings), else kept by out_.
  void push_string(std::string_view value, size_t begin, size_t end, bool interpolated = false) {
    std::string_view text;
    for (size_t k = begin; k < end && k <= begin + 6 && k + value.size() <= end; ++k)
      if (s_.compare(k, value.size(), value) == 0) {
        text = s_.substr(k, value.size());
        break;
      }
    if (text.data() == nullptr) text = out_.keep(value);
    push(Token::Kind::String, text, begin, end, interpolated);
    if (!holes_.empty()) out_.set_holes(out_.size() - 1, std::move(holes_));
    holes_.clear();
  }

  void step() {
    const char c = s_[i_];
    if (c == '\n') {
      if (lang_ != Language::Python) {
        line_start_ = true;
      } else if (depth_ == 0 && !line_start_) {
        push(Token::Kind::Newline, "", i_, i_ + 1);
        line_start_ = true;
      }
      ++i_;
      return;
    }
    if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
      ++i_;
      return;
    }
    if (lang_ == Language::Python) {
      if (c == '#') {
        while (i_ < s_.size() && s_[i_] != '\n') ++i_;
        return;
      }
      if (c == '\\' && (at(i_ + 1) == '\n' || (at(i_ + 1) == '\r' && at(i_ + 2) == '\n'))) {
        i_ += at(i_ + 1) == '\n' ? 2 : 3;  // explicit line continuation
        return;
      }
    } else if (lang_ == Language::CSharp) {
      if (c == '/' && at(i_ + 1) == '/') {
        while (i_ < s_.size() && s_[i_] != '\n') ++i_;
        return;
      }
      if (c == '/' && at(i_ + 1) == '*') {
        const auto close = s_.find("*/", i_ + 2);
        if (close == std::string_view::npos) fail("unterminated /* comment", i_);
        i_ = close + 2;
        return;
      }
      if (c == '#' && line_start_) {  // preprocessor directive: #region, #if ...
        directive();
        return;
      }
    }
    if (string_start()) return;
    if (ident_start(static_cast<unsigned char>(c))) {
      size_t j = i_;
      while (j < s_.size() && ident_char(static_cast<unsigned char>(s_[j]))) ++j;
      push(Token::Kind::Ident, s_.substr(i_, j - i_), i_, j);
      i_ = j;
      return;
    }
    if (std::isdigit(static_cast<unsigned char>(c)) || (c == '.' && std::isdigit(static_cast<unsigned char>(at(i_ + 1))))) {
      size_t j = i_;
      while (j < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[j])) || s_[j] == '_' || s_[j] == '.' ||
                               ((s_[j] == '+' || s_[j] == '-') && (s_[j - 1] == 'e' || s_[j - 1] == 'E'))))
        ++j;
      push(Token::Kind::Number, s_.substr(i_, j - i_), i_, j);
      i_ = j;
      return;
    }
    static constexpr std::string_view kTwo[] = {"=>", "==", "!=", "<=", ">=", "+=", "-=", "*=", "/=", "%=", "**",
                                                "->", "::", "?.", "??", "&&", "||", ":=", "<<", ">>", "|=", "&="};
    for (auto op : kTwo)
      if (s_.substr(i_, 2) == op) {
        push(Token::Kind::Punct, s_.substr(i_, 2), i_, i_ + 2);
        i_ += 2;
        return;
      }
    if (c == '(' || c == '[' || c == '{') ++depth_;
    if ((c == ')' || c == ']' || c == '}') && depth_ > 0) --depth_;
    push(Token::Kind::Punct, s_.substr(i_, 1), i_, i_ + 1);
    ++i_;
  }

  // A string literal starting at i_ (with its prefix), if there is one.
  bool string_start() {
    size_t j = i_;
    bool raw = false, interp = false, verbatim = false;
    if (lang_ == Language::Rule) {  // either quote, no prefixes, backslash escapes
      if (at(j) != '"' && at(j) != '\'') return false;
      python_string(j, false, false);
      return true;
    }
    if (lang_ == Language::Python) {
      // Prefixes: r, b, u, f and their pairs, any case.
      while (j < s_.size() && j - i_ < 2 && std::string_view("rRbBuUfF").find(s_[j]) != std::string_view::npos) {
        const char p = static_cast<char>(std::tolower(static_cast<unsigned char>(s_[j])));
        raw |= p == 'r';
        interp |= p == 'f';
        ++j;
      }
      if (at(j) != '"' && at(j) != '\'') return false;
      python_string(j, raw, interp);
      return true;
    }
    while (j < s_.size() && j - i_ < 2 && (s_[j] == '@' || s_[j] == '$')) {
      verbatim |= s_[j] == '@';
      interp |= s_[j] == '$';
      ++j;
    }
    if (at(j) == '\'' && j == i_) {
      char_literal();
      return true;
    }
    if (at(j) != '"') return false;
    csharp_string(j, verbatim, interp);
    return true;
  }

  // Skips an interpolation hole's expression from k (just after '{'); nested
  // brackets and strings are skipped whole. Returns the index after its '}'.
  size_t skip_hole(size_t k, size_t start) {
    int nest = 0;
    while (k < s_.size()) {
      const char c = s_[k];
      if (c == '"' || c == '\'') {
        std::string ignored;
        if (lang_ == Language::Python) k = scan_python(k, k, false, false, ignored);
        else if (c == '\'') k = scan_char(k, ignored);
        else k = scan_csharp(k, k, false, false, ignored);
        continue;
      }
      if (c == '{' || c == '(' || c == '[') ++nest;
      if (c == ')' || c == ']') --nest;
      if (c == '}') {
        if (nest == 0) return k + 1;
        --nest;
      }
      ++k;
    }
    fail("unterminated string", start);
  }

  // An interpolated string's '{' at k: "{{" is a brace, else a hole kept as
  // written. Returns the index after it.
  size_t hole(size_t k, size_t start, std::string& value) {
    if (at(k + 1) == '{') {
      value += '{';
      return k + 2;
    }
    const size_t end = skip_hole(k + 1, start);
    value.append(s_.substr(k, end - k));
    if (record_holes_) holes_.emplace_back(k + 1, hole_expression_end(k + 1, end - 1));
    return end;
  }

  // Where a hole's expression ends (before `}` at `close`): at the first
  // top-level `!r`/`:`/`=` (Python) or `,`/`:` (C#) that starts its format.
  size_t hole_expression_end(size_t k, size_t close) const {
    int nest = 0;
    for (; k < close; ++k) {
      const char c = s_[k];
      if (c == '"' || c == '\'') {  // a string inside the hole: skip it whole
        const char q = c;
        for (++k; k < close && s_[k] != q; ++k)
          if (s_[k] == '\\') ++k;
        continue;
      }
      if (c == '(' || c == '[' || c == '{') ++nest;
      else if (c == ')' || c == ']' || c == '}') --nest;
      else if (nest == 0) {
        if (lang_ == Language::Python) {
          if (c == '!' && at(k + 1) != '=') return k;
          if (c == ':' && at(k + 1) != '=') return k;
          if (c == '=' && at(k + 1) != '=' && k > 0 && std::string_view("=!<>:").find(s_[k - 1]) == std::string_view::npos)
            return k;  // f"{x=}" (self-documenting)
        } else if (c == ',' || c == ':') {
          return k;
        }
      }
    }
    return close;
  }

  void python_string(size_t q, bool raw, bool interp) {
    string_with_holes(interp, [&](std::string& value) { return scan_python(i_, q, raw, interp, value); });
  }
  void csharp_string(size_t q, bool verbatim, bool interp) {
    string_with_holes(interp, [&](std::string& value) { return scan_csharp(i_, q, verbatim, interp, value); });
  }
  // A string literal whose scan records its interpolation holes.
  template <class Scan>
  void string_with_holes(bool interp, Scan scan) {
    std::string value;
    record_holes_ = true;
    const size_t end = scan(value);
    record_holes_ = false;
    push_string(value, i_, end, interp);
    i_ = end;
  }
  void char_literal() {
    std::string value;
    const size_t end = scan_char(i_, value);
    push_string(value, i_, end);
    i_ = end;
  }

  // Each scan_* reads a literal whose prefix starts at `start` and whose
  // opening quote is at `q`; returns the index after it.
  size_t scan_python(size_t start, size_t q, bool raw, bool interp, std::string& value) {
    const char quote = s_[q];
    const bool triple = at(q + 1) == quote && at(q + 2) == quote;
    return scan_quoted(start, q + (triple ? 3 : 1), {quote, triple, raw, false, interp}, value);
  }

  size_t scan_csharp(size_t start, size_t q, bool verbatim, bool interp, std::string& value) {
    // C# 11 raw strings: """ ... """ (three or more quotes).
    size_t quotes = 0;
    while (at(q + quotes) == '"') ++quotes;
    if (quotes >= 3) {
      const std::string fence(quotes, '"');
      const auto close = s_.find(fence, q + quotes);
      if (close == std::string_view::npos) fail("unterminated raw string", start);
      value = std::string(s_.substr(q + quotes, close - q - quotes));
      return close + quotes;
    }
    return scan_quoted(start, q + 1, {'"', false, false, verbatim, interp}, value);
  }

  struct Quoting {
    char quote;
    bool triple;    // Python triple quotes: spans lines, ends at three quotes
    bool raw;       // Python r"...": a backslash is kept (and still shields a quote)
    bool verbatim;  // C# @"...": "" is a quote, no backslash escapes, spans lines
    bool interp;    // f"..." / $"...": {holes}
  };
  // The body of a quoted literal from k (just after the opening quote).
  size_t scan_quoted(size_t start, size_t k, const Quoting& o, std::string& value) {
    for (;;) {
      if (k >= s_.size()) fail(o.triple ? "unterminated triple-quoted string" : "unterminated string", start);
      const char c = s_[k];
      if (c == o.quote) {
        if (o.verbatim && at(k + 1) == o.quote) {
          value += c;
          k += 2;
          continue;
        }
        if (!o.triple) return k + 1;
        if (at(k + 1) == o.quote && at(k + 2) == o.quote) return k + 3;
      }
      if (c == '\n' && !o.triple && !o.verbatim) fail("unterminated string (end of line)", start);
      if (c == '\\' && !o.verbatim && k + 1 < s_.size()) {
        if (o.raw) {
          value += c;
          value += s_[k + 1];
        } else {
          value += unescape(s_[k + 1]);
        }
        k += 2;
        continue;
      }
      if (o.interp && c == '{') {
        k = hole(k, start, value);
        continue;
      }
      value += c;
      ++k;
    }
  }

  size_t scan_char(size_t start, std::string& value) {
    size_t k = start + 1;
    while (k < s_.size() && s_[k] != '\'' && s_[k] != '\n') {
      if (s_[k] == '\\' && k + 1 < s_.size()) {
        value += unescape(s_[k + 1]);
        k += 2;
      } else {
        value += s_[k++];
      }
    }
    if (at(k) != '\'') fail("unterminated character literal", start);
    return k + 1;
  }

  static char unescape(char c) {
    switch (c) {
      case 'n': return '\n';
      case 't': return '\t';
      case 'r': return '\r';
      case '0': return '\0';
      default: return c;
    }
  }

  // ---- C# preprocessor: #define, #if/#elif/#else/#endif; the rest (#region,
  // #pragma, #nullable) is skipped. Excluded lines are skipped as the
  // compiler skips them: only directives are looked at.
  struct Condition {
    bool outer_active;  // the enclosing region is read
    bool taken;         // a branch of this #if was read
    bool active;        // the current branch is read
    size_t at;          // the #if, for a missing #endif
  };
  bool active() const { return conditions_.empty() || conditions_.back().active; }

  void directive() {
    const size_t start = i_;
    size_t e = i_;
    while (e < limit_ && s_[e] != '\n') ++e;
    std::string_view line = s_.substr(i_ + 1, e - i_ - 1);
    if (const auto c = line.find("//"); c != std::string_view::npos) line = line.substr(0, c);
    size_t k = 0;
    while (k < line.size() && (line[k] == ' ' || line[k] == '\t')) ++k;
    size_t w = k;
    while (w < line.size() && std::isalpha(static_cast<unsigned char>(line[w]))) ++w;
    const std::string word(line.substr(k, w - k));
    const std::string_view rest = line.substr(w);
    i_ = e;
    if (word == "if") {
      const bool outer = active();
      const bool value = outer && evaluate(rest, start);
      conditions_.push_back({outer, value, value, start});
    } else if (word == "elif") {
      if (conditions_.empty()) fail("`#elif` without `#if`", start);
      auto& c = conditions_.back();
      const bool value = c.outer_active && !c.taken && evaluate(rest, start);
      c.active = value;
      c.taken |= value;
    } else if (word == "else") {
      if (conditions_.empty()) fail("`#else` without `#if`", start);
      auto& c = conditions_.back();
      c.active = c.outer_active && !c.taken;
      c.taken = true;
    } else if (word == "endif") {
      if (conditions_.empty()) fail("`#endif` without `#if`", start);
      conditions_.pop_back();
    } else if (word == "define" || word == "undef") {
      if (active()) {
        std::string name;
        for (char ch : rest)
          if (ident_char(static_cast<unsigned char>(ch))) name += ch;
        if (word == "define") defined_.insert(name);
        else defined_.erase(name);
      }
    }
    if (!active()) skip_inactive();
  }

  // Skips excluded lines up to the next directive (which may end the exclusion).
  void skip_inactive() {
    while (i_ < limit_) {
      if (s_[i_] == '\n') ++i_;
      size_t k = i_;
      while (k < limit_ && (s_[k] == ' ' || s_[k] == '\t' || s_[k] == '\r')) ++k;
      if (k < limit_ && s_[k] == '#') {
        i_ = k;
        line_start_ = true;
        directive();
        return;
      }
      while (i_ < limit_ && s_[i_] != '\n') ++i_;
    }
  }

  // A #if condition: symbols, true/false, !, &&, ||, ==, !=, parentheses.
  bool evaluate(std::string_view text, size_t at) {
    size_t k = 0;
    auto skip_ws = [&] {
      while (k < text.size() && std::isspace(static_cast<unsigned char>(text[k]))) ++k;
    };
    auto eat = [&](std::string_view op) {
      skip_ws();
      if (text.substr(k, op.size()) != op) return false;
      k += op.size();
      return true;
    };
    int depth = 0;
    std::function<bool()> or_expr;
    std::function<bool()> primary = [&]() -> bool {
      if (++depth > 50) fail("`#if` condition nested too deep", at);
      skip_ws();
      bool v = false;
      if (eat("!")) {
        v = !primary();
      } else if (eat("(")) {
        v = or_expr();
        if (!eat(")")) fail("`#if` condition: missing `)`", at);
      } else {
        size_t b = k;
        while (k < text.size() && ident_char(static_cast<unsigned char>(text[k]))) ++k;
        const std::string name(text.substr(b, k - b));
        if (name.empty()) fail("`#if` condition trainsim cannot read", at);
        if (name == "true" || name == "false") {
          v = name == "true";
        } else {
          v = defined_.count(name) > 0;
          if (!v && notes_) {
            size_t line = 1, col = 1;
            position(at, line, col);
            notes_->push_back({"#if " + name + ": trainsim reads `" + name +
                                   "` as not defined (as a build without that symbol); the code it excludes is not read",
                               line, col});
          }
        }
      }
      --depth;
      return v;
    };
    auto equality = [&]() {
      bool v = primary();
      for (;;) {
        if (eat("==")) v = v == primary();
        else if (eat("!=")) v = v != primary();
        else return v;
      }
    };
    auto and_expr = [&]() {
      bool v = equality();
      while (eat("&&")) v = equality() && v;
      return v;
    };
    or_expr = [&]() {
      bool v = and_expr();
      while (eat("||")) v = and_expr() || v;
      return v;
    };
    const bool v = or_expr();
    skip_ws();
    if (k != text.size()) fail("`#if` condition trainsim cannot read", at);
    return v;
  }

  std::string_view s_;
  Language lang_;
  size_t limit_;
  std::vector<LexNote>* notes_;
  std::vector<Condition> conditions_;
  std::set<std::string> defined_;
  bool record_holes_ = false;
  std::vector<std::pair<size_t, size_t>> holes_;
  size_t i_ = 0;
  int depth_ = 0;
  bool line_start_ = true;
  size_t line_indent_ = 1;
  Tokens out_;
  mutable size_t pos_at_ = 0, pos_line_ = 1, pos_col_ = 1;
};

}  // namespace

const Tokens::Holes& Tokens::holes(size_t k) const {
  static const Holes none;
  const auto it = holes_.find(k);
  return it == holes_.end() ? none : it->second;
}

void Tokens::set_holes(size_t k, Holes holes) { holes_[k] = std::move(holes); }

std::string_view Tokens::keep(std::string_view value) {
  if (value.empty()) return std::string_view("", 0);
  if (value.size() > block_size_ - block_free_) {
    // Blocks grow from 256 bytes to 64 KB; a longer value gets its own.
    block_size_ = std::max(value.size(), std::min<size_t>(64 * 1024, std::max<size_t>(256, 2 * block_size_)));
    blocks_.push_back(std::make_unique<char[]>(block_size_));
    block_free_ = 0;
  }
  char* at = blocks_.back().get() + block_free_;
  std::copy(value.begin(), value.end(), at);
  block_free_ += value.size();
  return {at, value.size()};
}

void Tokens::append(Tokens&& more) {
  const size_t offset = tokens_.size();
  for (const auto& t : more.tokens_) tokens_.push_back(t);
  for (auto& [k, holes] : more.holes_) holes_[offset + k] = std::move(holes);
  // The kept values stay where they are: only the blocks' owner changes. The
  // current block stays `more`'s last, so new values go to a fresh one here.
  for (auto& b : more.blocks_) blocks_.insert(blocks_.end() - (blocks_.empty() ? 0 : 1), std::move(b));
  more = Tokens();
}

// Positions are kept in 32 bits.
constexpr size_t kMaxLexedBytes = 0xFFFF'FFF0;

Tokens lex(std::string_view source, Language lang, std::vector<LexNote>* notes) {
  if (source.size() > kMaxLexedBytes) throw LexError{"the file is 4 GB or larger: trainsim does not read it", 1, 1};
  return Lexer(source, lang, notes).run();
}

Tokens lex_hole(std::string_view source, Language lang, size_t begin, size_t end, size_t from,
                            size_t line, size_t column) {
  return Lexer(source, lang).run_hole(begin, end, from, line, column);
}

std::string normalize_line_ends(std::string_view source) {
  std::string out;
  out.reserve(source.size());
  for (size_t k = 0; k < source.size(); ++k) {
    if (source[k] == '\r') {
      out += '\n';
      if (k + 1 < source.size() && source[k + 1] == '\n') ++k;
    } else {
      out += source[k];
    }
  }
  return out;
}

}  // namespace trainsim::grammar
