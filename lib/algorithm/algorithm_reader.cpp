// algorithm/algorithm_reader.cpp — a focused reader of the calls in an
// algorithm's Initialize that decide its calendar and its scheduled work.
// It parses expressions just far enough to see call chains, arguments and
// literals; rules and dates are handed to the one rule parser (lib/rules).
#include "algorithm/algorithm_reader.h"

#include "algorithm/base_class_files.h"
#include "algorithm/lean_api.h"
#include "algorithm/statements.h"
#include "algorithm/syntax_check.h"
#include "calendar/security_key.h"
#include "civil/civil_time.h"
#include "config/simulation_config.h"
#include "grammar/expression.h"
#include "input/input_error.h"
#include "input/input_files.h"
#include "rules/rule_parser.h"
#include "rules/schedule_rules.h"
#include "text/ascii_case.h"

#include <algorithm>
#include <cstdlib>
#include <deque>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <sstream>
#include <tuple>

namespace trainsim::algorithm {
namespace {

using grammar::Arg;
using grammar::DepthGuard;
using grammar::Expr;
using grammar::ExprParser;
using grammar::is_punct;
using grammar::kMaxNesting;
using grammar::NestingError;
using grammar::Segment;
using TK = Token::Kind;

bool is_self(std::string_view name) { return name == "self" || name == "this"; }

// Methods of the algorithm followed from Initialize, one inside the other.
constexpr size_t kMaxCallDepth = 16;

// ---------------------------------------------------------------------------

std::string norm(std::string_view s) { return rules::normalize(s); }

struct Rendered {
  std::string text;
  std::vector<std::pair<size_t, size_t>> map;  // (offset in text, token index)
  bool unresolved = false;
};

// A class of the file and the methods it defines (the last definition of a
// name wins, as in Python; C# overloads are told apart by argument count).
struct MethodDef {
  std::string name;
  size_t name_tok = 0;
  size_t def_tok = 0;  // Python: `def`; C#: the `{` opening the body
  std::vector<std::string> params;
  size_t cls = 0;  // index into the class list
};
struct ClassDef {
  std::string name;
  size_t tok = 0;
  size_t end = 0;  // the token after its body
  std::vector<std::string> bases;  // each base's last name (`QCAlgorithm`, `Base`)
  std::multimap<std::string, size_t> methods;  // name -> index into the method list, in definition order
};

// The values a loop binds: one row per iteration, one column per loop
// variable (`for i, t in enumerate([...])`: two).
struct Rows {
  std::vector<std::vector<std::string>> rows;
  std::vector<bool> numeric;  // per column: numbers, bound unquoted
  bool dict = false;          // a dictionary's (key, value) pairs: iterating it gives the keys
};

// The method (or lambda token range) an event calls.
struct Callback {
  std::string method;
  size_t lambda_first = 0, lambda_last = 0;  // a lambda when last > first
};
// Code being read that runs while the algorithm runs (not in Initialize).
struct Runtime {
  enum class Kind { After, OnData, Elsewhere };
  Kind kind;
  std::string after;  // After: the calling events' name
  std::string where;  // for messages: "`check` (called by event `check`)"
};

class Reader {
 public:
  Reader(const std::string& file, std::string_view text, Language lang, std::optional<Parameters> parameters,
         BaseClassLoader load_base)
      : lang_(lang), parameters_(std::move(parameters)), load_base_(std::move(load_base)) {
    out_.file = file;
    out_.language = lang;
    add_file(file, text);
    tokenize();
  }

  AlgorithmRead run() {
    try {
      return read();
    } catch (const NestingError& e) {
      error(e.tok, "nested more than " + std::to_string(kMaxNesting) +
                       " levels deep (brackets, operators or blocks); trainsim reads no deeper");
    } catch (const LexError& e) {
      const std::string& file = e.tok < t_.size() ? file_name(e.tok) : files_[0];
      throw InputError(file + ":" + std::to_string(e.line) + ":" + std::to_string(e.column) + ": " + e.message);
    }
  }

 private:
  // Loop variables bound for one iteration; what they were is restored after.
  class Scope {
   public:
    explicit Scope(Reader& r) : r_(r) {}
    Scope(const Scope&) = delete;
    Scope& operator=(const Scope&) = delete;
    void bind(const std::string& name, const std::string& value, bool numeric) {
      if (!saved_.count(name)) {
        const auto it = r_.bindings_.find(name);
        saved_.emplace(name, std::make_pair(it == r_.bindings_.end() ? std::nullopt : std::optional<std::string>(it->second),
                                            r_.numeric_.count(name) > 0));
      }
      r_.bindings_[name] = value;
      if (numeric) r_.numeric_.insert(name);
      else r_.numeric_.erase(name);
    }
    ~Scope() {
      for (const auto& [name, was] : saved_) {
        if (was.first) r_.bindings_[name] = *was.first;
        else r_.bindings_.erase(name);
        if (was.second) r_.numeric_.insert(name);
        else r_.numeric_.erase(name);
      }
    }

   private:
    Reader& r_;
    std::map<std::string, std::pair<std::optional<std::string>, bool>> saved_;
  };

  AlgorithmRead read() {
    index_classes();
    read_base_files();
    const MethodDef& init = find_initialize();
    follow(init, nullptr, init.name_tok);
    read_runtime();
    finish();
    return std::move(out_);
  }

  // ---- the file's classes and methods
  // Interpolation holes are code: their tokens go after End, each string's
  // hole ranges in holes_of_ (nested f-strings too).
  void lex_holes() {
    for (size_t k = 0; k < t_.size(); ++k) {
      if (t_.holes(k).empty()) continue;
      const auto holes = t_.holes(k);
      const Token at = t_[k];
      for (const auto& [b, e] : holes) {
        try {
          const size_t first = t_.size();
          const size_t file = file_index(k);
          t_.append(lex_hole(texts_[file], lang_, b, e, at.begin, at.line, at.column));
          file_starts_.emplace_back(first, file);
          holes_of_[k].emplace_back(first, t_.size());
        } catch (const LexError&) {
          // A hole the lexer cannot read is not code trainsim can read either.
        }
      }
    }
  }

  // The index of the bracket closing the one at k (the file passed check_syntax).
  size_t closing(size_t k) const {
    int nest = 0;
    for (size_t j = k; j < end_tok_; ++j) {
      if (t_[j].kind != TK::Punct) continue;
      const std::string_view p = t_[j].text;
      if (p == "(" || p == "[" || p == "{") ++nest;
      else if ((p == ")" || p == "]" || p == "}") && --nest == 0) return j;
    }
    return end_tok_;
  }

  // Names of the comma-separated parts of a bracket group (b = the opener):
  // for parameters, each part's name; for bases, each part's last name.
  std::vector<std::string> group_names(size_t b, bool parameters) const {
    std::vector<std::string> out;
    const size_t c = closing(b);
    int nest = 0;
    std::string name;
    bool named = false;  // Python parameters: the name comes first
    for (size_t k = b + 1; k <= c; ++k) {
      const Token& x = t_[k];
      if (k == c || (nest == 0 && is_punct(x, ","))) {
        out.push_back(name);
        name.clear();
        named = false;
        continue;
      }
      if (x.kind == TK::Punct && (x.text == "(" || x.text == "[" || x.text == "{" || x.text == "<")) ++nest;
      else if (x.kind == TK::Punct && (x.text == ")" || x.text == "]" || x.text == "}" || x.text == ">")) --nest;
      else if (x.kind == TK::Punct && x.text == ">>") nest -= 2;
      if (nest != 0 || x.kind != TK::Ident) {
        if (is_punct(x, "=") || is_punct(x, ":")) named = true;  // a default or an annotation follows
        continue;
      }
      if (named) continue;
      if (parameters && lang_ == Language::Python) {
        name = x.text;
        named = true;
      } else if (!(lang_ == Language::CSharp && (x.text == "this" || x.text == "params" || x.text == "ref" ||
                                                   x.text == "out" || x.text == "in"))) {
        name = x.text;
      }
    }
    if (out.size() == 1 && out[0].empty()) out.clear();
    return out;
  }

  void add_method(ClassDef& c, size_t cls, size_t name_tok, size_t def_tok, size_t params_open) {
    MethodDef m;
    m.name = t_[name_tok].text;
    m.name_tok = name_tok;
    m.def_tok = def_tok;
    m.params = group_names(params_open, true);
    if (lang_ == Language::Python && !m.params.empty() && (m.params[0] == "self" || m.params[0] == "cls"))
      m.params.erase(m.params.begin());
    m.cls = cls;
    c.methods.emplace(m.name, methods_.size());
    methods_.push_back(std::move(m));
  }

  void index_classes() {
    if (lang_ == Language::Python) index_python();
    else index_csharp();
  }

  void index_python() {
    for (size_t k = 0; k + 1 < end_tok_; ++k) {
      if (!(t_[k].kind == TK::Ident && t_[k].text == "class" && (k == 0 || t_[k - 1].kind == TK::Newline) &&
            t_[k + 1].kind == TK::Ident))
        continue;
      ClassDef c;
      c.name = t_[k + 1].text;
      c.tok = k;
      if (is_punct(t_[k + 2], "(")) c.bases = group_names(k + 2, false);
      const size_t cls = classes_.size();
      size_t j = k;
      while (j < end_tok_ && t_[j].kind != TK::Newline) ++j;
      size_t member_indent = 0;
      for (++j; j < end_tok_; ++j) {
        if (t_[j].kind == TK::Newline) continue;
        if (t_[j - 1].kind != TK::Newline) continue;  // not a line start
        if (t_[j].indent <= t_[k].indent) break;
        if (member_indent == 0) member_indent = t_[j].indent;
        if (t_[j].indent != member_indent) continue;
        size_t d = j;
        if (t_[d].kind == TK::Ident && t_[d].text == "async") ++d;
        if (t_[d].kind == TK::Ident && t_[d].text == "def" && t_[d + 1].kind == TK::Ident && is_punct(t_[d + 2], "("))
          add_method(c, cls, d + 1, d, d + 2);
      }
      c.end = j;
      classes_.push_back(std::move(c));
    }
  }

  void index_csharp() {
    static const std::set<std::string, std::less<>> kNotMethods = {"if", "for", "foreach", "while", "switch", "catch",
                                                      "using", "lock", "return", "new", "nameof", "typeof",
                                                      "sizeof", "default", "base", "this", "when", "fixed"};
    for (size_t k = 0; k + 1 < end_tok_; ++k) {
      if (!(t_[k].kind == TK::Ident && (t_[k].text == "class" || t_[k].text == "record") &&
            t_[k + 1].kind == TK::Ident))
        continue;
      ClassDef c;
      c.name = t_[k + 1].text;
      c.tok = k;
      size_t open = k + 2;
      while (open < end_tok_ && !is_punct(t_[open], "{") && !is_punct(t_[open], ";")) ++open;
      if (open >= end_tok_ || !is_punct(t_[open], "{")) continue;
      // Bases: `: A, B<T>` up to `{` or `where`.
      int angle = 0;
      std::string last;
      bool in_bases = false;
      for (size_t j = k + 2; j < open; ++j) {
        const Token& x = t_[j];
        if (!in_bases) {
          in_bases = is_punct(x, ":") && angle == 0;
          if (is_punct(x, "<")) ++angle;
          if (is_punct(x, ">")) --angle;
          continue;
        }
        if (x.kind == TK::Ident && x.text == "where" && angle == 0) break;
        if (is_punct(x, "<")) ++angle;
        else if (is_punct(x, ">")) --angle;
        else if (is_punct(x, ">>")) angle -= 2;
        else if (angle == 0 && is_punct(x, ",")) {
          c.bases.push_back(last);
          last.clear();
        } else if (angle == 0 && x.kind == TK::Ident) {
          last = x.text;
        }
      }
      if (!last.empty()) c.bases.push_back(last);
      const size_t cls = classes_.size();
      const size_t close = closing(open);
      c.end = close + 1;
      for (size_t j = open + 1; j < close; ++j) {
        if (is_punct(t_[j], "(") || is_punct(t_[j], "[")) {  // members' own groups
          if (t_[j].kind == TK::Punct && is_punct(t_[j], "(") && j > 0 && t_[j - 1].kind == TK::Ident &&
              !kNotMethods.count(t_[j - 1].text) && j >= 2 &&
              (t_[j - 2].kind == TK::Ident || is_punct(t_[j - 2], ">") || is_punct(t_[j - 2], "]") ||
               is_punct(t_[j - 2], "?"))) {
            const size_t params_close = closing(j);
            size_t body = params_close + 1;
            // `: base(...)` on a constructor, `where T : ...` constraints.
            while (body < close && !is_punct(t_[body], "{") && !is_punct(t_[body], ";") && !is_punct(t_[body], "=>")) {
              if (is_punct(t_[body], "(")) body = closing(body);
              ++body;
            }
            if (body < close && is_punct(t_[body], "{")) {
              add_method(c, cls, j - 1, body, j);
              j = closing(body);
              continue;
            }
          }
          j = closing(j);
          continue;
        }
        if (is_punct(t_[j], "{")) j = closing(j);  // properties, nested classes
      }
      classes_.push_back(std::move(c));
    }
  }

  const ClassDef* class_named(const std::string& name) const {
    for (auto it = classes_.rbegin(); it != classes_.rend(); ++it)
      if (it->name == name) return &*it;
    return nullptr;
  }
  size_t class_index(const ClassDef* c) const { return static_cast<size_t>(c - classes_.data()); }

  // What a base-class walk does after a class or a base (walk_bases).
  enum class BaseStep { Next, SkipClass, Stop };

  // Walks `cls` and the classes of the file it derives from, depth-first in
  // the order bases are written, each class once and at most 32 deep (once
  // per path was exponential: a 4 KB file fuzzing found took minutes).
  // `enter(k)` on each class reached, then `step(name, base)` on each of its
  // bases (`base`: its class in the file, or null) before that base is
  // walked; SkipClass leaves the class's remaining bases, Stop ends the walk.
  // Returns whether it was stopped.
  template <class Enter, class Step>
  bool walk_bases(size_t cls, Enter&& enter, Step&& step) const {
    std::vector<bool> seen(classes_.size(), false);
    return walk_bases(cls, enter, step, seen, 0);
  }
  template <class Enter, class Step>
  bool walk_bases(size_t cls, Enter& enter, Step& step, std::vector<bool>& seen, int depth) const {
    if (cls >= classes_.size() || depth > 32 || seen[cls]) return false;
    seen[cls] = true;
    if (enter(cls) == BaseStep::Stop) return true;
    for (const auto& b : classes_[cls].bases) {
      const ClassDef* base = class_named(b);
      const BaseStep next = step(b, base);
      if (next == BaseStep::Stop) return true;
      if (next == BaseStep::SkipClass) break;
      if (base && walk_bases(class_index(base), enter, step, seen, depth + 1)) return true;
    }
    return false;
  }
  static BaseStep next_class(size_t) { return BaseStep::Next; }
  static BaseStep next_base(const std::string&, const ClassDef*) { return BaseStep::Next; }

  // The class derives from QCAlgorithm, directly or through classes of the file.
  bool is_algorithm(const ClassDef& c) const {
    return walk_bases(class_index(&c), next_class, [](const std::string& b, const ClassDef*) {
      return norm(b) == "qcalgorithm" ? BaseStep::Stop : BaseStep::Next;
    });
  }

  // `name` in class `cls` or, not there, in its bases in the file; with
  // `args` arguments when C# overloads differ. `normalized`: any spelling.
  const MethodDef* find_method(size_t cls, const std::string& name, size_t args, bool normalized = false) const {
    const MethodDef* found = nullptr;
    auto in_class = [&](size_t k) {
      for (const auto& [n, m] : classes_[k].methods)
        if (normalized ? norm(n) == norm(name) : n == name) {
          if (!found || methods_[m].params.size() == args || lang_ == Language::Python) found = &methods_[m];
        }
      return found ? BaseStep::Stop : BaseStep::Next;
    };
    walk_bases(cls, in_class, next_base);
    return found;
  }

  // The algorithm class (the QCAlgorithm subclass no other class of the
  // file derives from: the last such) and its Initialize, its own or inherited.
  const MethodDef& find_initialize() {
    const ClassDef* algorithm = nullptr;
    std::vector<std::string> leaves;
    std::vector<bool> derives_from_qc(classes_.size());
    for (size_t k = 0; k < classes_.size(); ++k) derives_from_qc[k] = is_algorithm(classes_[k]);
    for (const auto& c : classes_) {
      // The algorithm is a class of its own file; a base class's file may hold others.
      if (!derives_from_qc[class_index(&c)] || file_index(c.tok) != 0) continue;
      bool base_of_another = false;
      for (const auto& d : classes_)
        for (const auto& b : d.bases)
          base_of_another |= b == c.name && &d != &c && derives_from_qc[class_index(&d)];
      if (base_of_another) continue;
      algorithm = &c;
      leaves.push_back(c.name);
    }
    if (leaves.size() > 1)
      warn(algorithm->tok, "several algorithm classes (" + join(leaves) + "): trainsim reads `" + algorithm->name +
                               "`, the last one; keep one QCAlgorithm subclass per file");
    const std::string hint = lang_ == Language::Python ? "`def initialize(self)`" : "`public override void Initialize()`";
    if (algorithm) {
      algorithm_class_ = class_index(algorithm);
      if (const MethodDef* m = find_method(class_index(algorithm), "Initialize", 0, lang_ == Language::Python)) return *m;
      throw InputError(at(algorithm->tok) + ": no " + hint + " found in `" + algorithm->name +
                       "` or its base classes in this file: trainsim reads the algorithm's Initialize");
    }
    // No QCAlgorithm subclass in the file (its base is elsewhere): the first Initialize of any class.
    for (const auto& m : methods_)
      if (file_index(m.def_tok) == 0 &&
          (lang_ == Language::Python ? norm(m.name) == "initialize" : m.name == "Initialize")) {
        warn(classes_[m.cls].tok, "no class in this file derives from QCAlgorithm; trainsim reads `" +
                                      classes_[m.cls].name + "`'s Initialize");
        algorithm_class_ = m.cls;
        return m;
      }
    throw InputError(files_[0] + ":1:1: no " + hint + " found: trainsim reads the algorithm's Initialize");
  }

  static std::string join(const std::vector<std::string>& v) {
    std::string s;
    for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
    return s;
  }

  // A method's statements, read once.
  const std::vector<Stmt>& body_of(const MethodDef& m) {
    if (auto it = bodies_.find(m.def_tok); it != bodies_.end()) return it->second;
    std::vector<Stmt> body;
    if (lang_ == Language::Python) {
      size_t i = m.def_tok;
      while (i < end_tok_ && t_[i].kind != TK::Newline) ++i;
      const size_t colon = find_top(t_, m.def_tok, i, ":");
      if (colon + 1 < i) {  // `def initialize(self): self.x()` on one line
        simple_statements(t_, colon + 1, i, body);
      } else {
        body = python_block(t_, i, end_tok_, t_[m.def_tok].indent);
      }
    } else {
      body = csharp_statements(t_, m.def_tok + 1, closing(m.def_tok));
    }
    return bodies_.emplace(m.def_tok, std::move(body)).first->second;
  }

  // Reads a method's statements with its parameters bound to the call's
  // literal arguments (`call` null: Initialize itself).
  void follow(const MethodDef& m, const Segment* call, size_t tok) {
    if (call_stack_.size() >= kMaxCallDepth) {
      warn(tok, "`" + m.name + "(...)` is not followed: calls nested more than " + std::to_string(kMaxCallDepth) +
                    " deep (recursion?); add what it schedules to the config's `simulation` block");
      return;
    }
    std::vector<std::tuple<std::string, std::optional<std::string>, std::optional<std::vector<std::string>>>> saved;
    for (size_t k = 0; k < m.params.size(); ++k) {
      const std::string& p = m.params[k];
      if (p.empty()) continue;
      saved.emplace_back(p, bindings_.count(p) ? std::optional<std::string>(bindings_[p]) : std::nullopt,
                         list_bindings_.count(p) ? std::optional<std::vector<std::string>>(list_bindings_[p])
                                                 : std::nullopt);
      bindings_.erase(p);
      list_bindings_.erase(p);
      numeric_.erase(p);
      numeric_lists_.erase(p);
      const Expr* a = call ? arg(*call, k, p.c_str()) : nullptr;
      if (!a) continue;
      if (a->kind == Expr::Kind::Number) {
        bindings_[p] = a->text;
        numeric_.insert(p);
      } else if (auto t = ticker_of(*a)) {
        bindings_[p] = *t;
      } else if (auto l = list_of(*a)) {
        list_bindings_[p] = *l;
        if (numeric_values(*a)) numeric_lists_.insert(p);
      }
    }
    call_stack_.push_back(&m);
    const bool returned = returned_, maybe_returned = maybe_returned_;
    returned_ = false;
    statements(body_of(m));
    returned_ = returned;
    maybe_returned_ = maybe_returned;
    call_stack_.pop_back();
    for (auto& [p, v, l] : saved) {
      bindings_.erase(p);
      list_bindings_.erase(p);
      numeric_.erase(p);
      numeric_lists_.erase(p);
      if (v) bindings_[p] = *v;
      if (l) list_bindings_[p] = *l;
    }
  }

  const MethodDef* find_in_bases(const std::string& name, size_t args) const {
    const size_t c = current_class();
    if (c >= classes_.size()) return nullptr;
    for (const auto& b : classes_[c].bases)
      if (const ClassDef* base = class_named(b); base && base != &classes_[c])
        if (auto m = find_method(class_index(base), name, args, lang_ == Language::Python && norm(name) == "initialize"))
          return m;
    return nullptr;
  }

  size_t current_class() const { return call_stack_.empty() ? classes_.size() : call_stack_.back()->cls; }

  // ---- positions and messages
  std::string at(size_t tok) const {
    const Token& t = t_[std::min(tok, t_.size() - 1)];
    return file_name(tok) + ":" + std::to_string(t.line) + ":" + std::to_string(t.column);
  }
  std::string line_of(size_t tok) const {
    return file_name(tok) + ":" + std::to_string(t_[std::min(tok, t_.size() - 1)].line);
  }
  [[noreturn]] void error(size_t tok, const std::string& message) const { throw InputError(at(tok) + ": " + message); }
  // Once per place and message: an unrolled loop reads its body once per
  // item, and would repeat the body's warnings as often.
  void warn(size_t tok, const std::string& message) {
    std::string w = at(tok) + ": " + message;
    if (warned_.insert(w).second) out_.warnings.push_back(std::move(w));
  }
  std::string source_text(const Expr& e) const {
    if (e.last <= e.first) return "";
    return std::string(source_of(e.first).substr(t_[e.first].begin, t_[e.last - 1].end - t_[e.first].begin));
  }

  // ---- the project's files: the algorithm's, then those read for its base classes
  void add_file(const std::string& name, std::string_view text) {
    files_.push_back(name);
    texts_.push_back(grammar::normalize_line_ends(text));
  }

  // Every file's tokens, one after the other, then the main file's End, then
  // the interpolation holes' tokens. file_starts_ says which file each is from.
  void tokenize() {
    Tokens all;
    file_starts_.clear();
    std::optional<Token> end;
    for (size_t i = 0; i < texts_.size(); ++i) {
      std::vector<LexNote> notes;
      Tokens tokens;
      try {
        tokens = lex(texts_[i], lang_, &notes);
        check_syntax(tokens, lang_);
      } catch (const LexError& e) {
        throw InputError(files_[i] + ":" + std::to_string(e.line) + ":" + std::to_string(e.column) + ": " + e.message);
      }
      if (i >= noted_files_) {  // a file's notes once, though a new base file tokenizes all again
        for (const auto& n : notes)
          out_.warnings.push_back(files_[i] + ":" + std::to_string(n.line) + ":" + std::to_string(n.column) + ": " +
                                  n.message);
        noted_files_ = i + 1;
      }
      file_starts_.emplace_back(all.size(), i);
      if (texts_.size() == 1) {  // the usual case: no second copy of the tokens, even for a moment
        all = std::move(tokens);
        break;
      }
      if (i == 0) end = tokens.back();
      tokens.pop_back();
      all.append(std::move(tokens));
    }
    if (end) {
      file_starts_.emplace_back(all.size(), 0);  // End is the main file's
      all.push_back(*end);
    }
    t_ = std::move(all);
    end_tok_ = t_.size() - 1;
    holes_of_.clear();
    lex_holes();
  }

  size_t file_index(size_t tok) const {
    const auto it = std::upper_bound(file_starts_.begin(), file_starts_.end(), tok,
                                     [](size_t k, const std::pair<size_t, size_t>& s) { return k < s.first; });
    return it == file_starts_.begin() ? 0 : std::prev(it)->second;
  }
  const std::string& file_name(size_t tok) const { return files_[file_index(tok)]; }
  std::string_view source_of(size_t tok) const { return texts_[file_index(tok)]; }

  // The algorithm's class derives from classes the file does not define:
  // read the project files that define them (a base of a base too), once each.
  void read_base_files() {
    if (!load_base_) return;
    std::set<std::string, std::less<>> asked;
    for (;;) {
      std::string missing;
      for (const auto& c : classes_)
        if (file_index(c.tok) == 0 && missing.empty()) missing = missing_base(c, asked);
      if (missing.empty()) return;
      asked.insert(missing);
      std::optional<SourceFile> f = load_base_(missing);
      if (!f || std::find(files_.begin(), files_.end(), f->name) != files_.end()) continue;
      out_.base_files.emplace_back(f->name, missing);
      add_file(f->name, f->text);
      tokenize();
      classes_.clear();
      methods_.clear();
      index_classes();
    }
  }
  // The first base in `c`'s chain that no file read defines and that was not asked for yet.
  std::string missing_base(const ClassDef& c, const std::set<std::string, std::less<>>& asked) const {
    std::string missing;
    walk_bases(class_index(&c), next_class, [&](const std::string& b, const ClassDef* base) {
      if (norm(b) == "qcalgorithm") return BaseStep::SkipClass;
      if (base || b.empty() || asked.count(b)) return BaseStep::Next;
      missing = b;
      return BaseStep::Stop;
    });
    return missing;
  }

  // ---- statements
  void statements(const std::vector<Stmt>& list) {
    const Branch outer = branch_;
    for (const auto& s : list) {
      if (returned_) {  // LEAN never runs what follows a `return`
        not_taken_.emplace_back(s.first, stmt_end(list.back()));
        break;
      }
      // An if/elif/else chain's state lives until a statement that is not its `elif`/`else`.
      if (s.keyword != "elif" && s.keyword != "else") branch_ = Branch::None;
      statement(s);
    }
    branch_ = outer;
  }

  // `self.live_mode` / `LiveMode` / `this.LiveMode` (`by_mode` set) and
  // `self.is_warming_up` / `IsWarmingUp`, negated by `not`/`!`, in
  // parentheses or not: a backtest's value. Anything else: nothing.
  std::optional<bool> decide(size_t b, size_t e, bool* by_mode = nullptr, std::string* missing = nullptr) const {
    bool negated = false;
    for (;;) {
      while (b < e && ((lang_ == Language::Python && t_[b].kind == TK::Ident && t_[b].text == "not") || is_punct(t_[b], "!"))) {
        negated = !negated;
        ++b;
      }
      if (b + 1 < e && is_punct(t_[b], "(") && is_punct(t_[e - 1], ")") && closing(b) == e - 1) {
        ++b;
        --e;
        continue;
      }
      break;
    }
    if (parameters_ && b < e) {
      ExprParser p(t_, lang_, b, e);
      const Expr x = p.expr();
      if (p.done())
        if (auto v = parameter_condition(x, missing)) return *v != negated;
    }
    if (b < e && t_[b].kind == TK::Ident && is_self(t_[b].text) && b + 2 < e + 1 && is_punct(t_[b + 1], ".")) b += 2;
    if (b + 1 != e || t_[b].kind != TK::Ident) return std::nullopt;
    const std::string name = norm(t_[b].text);
    if (name == "livemode") {
      if (by_mode) *by_mode = true;
      return negated;  // LiveMode is false in a backtest
    }
    if (name == "iswarmingup") {
      // False in Initialize (the warm-up starts after it); at run time false
      // without a warm-up, and true for part of the run with one.
      if (runtime_ && sim_.contains("warm-up") && !no_warm_up(sim_["warm-up"])) return std::nullopt;
      return negated;
    }
    return std::nullopt;
  }

  // A condition on a parameter's value: `self.get_parameter("x")` (Python
  // truthiness), or it `==` / `!=` a literal (string, number, bool, None).
  // `missing` names a parameter given nowhere, without a default.
  std::optional<bool> parameter_condition(const Expr& x, std::string* missing) const {
    if (auto p = parameter_value(x)) {
      if (lang_ != Language::Python) return std::nullopt;
      if (p->missing && missing) *missing = p->name;
      return p->value && !p->value->empty();
    }
    if (x.kind != Expr::Kind::Opaque || x.items.size() != 2 || x.items[0].last >= t_.size()) return std::nullopt;
    const Token& op = t_[x.items[0].last];
    if (!is_punct(op, "==") && !is_punct(op, "!=")) return std::nullopt;
    for (int side = 0; side < 2; ++side) {
      const auto p = parameter_value(x.items[side]);
      if (!p) continue;
      const Expr& other = x.items[1 - side];
      std::optional<std::string> literal;
      if (auto s = literal_string(other)) literal = *s;
      else if (other.kind == Expr::Kind::Number) literal = other.text;
      else if (other.kind == Expr::Kind::Bool) literal = other.boolean ? (lang_ == Language::Python ? "True" : "true") : (lang_ == Language::Python ? "False" : "false");
      else if (other.kind != Expr::Kind::None) return std::nullopt;
      if (p->missing && missing) *missing = p->name;
      const bool equal = p->value == literal;  // both none: a missing parameter compared with None/null
      return is_punct(op, "==") ? equal : !equal;
    }
    return std::nullopt;
  }

  static bool no_warm_up(const nlohmann::ordered_json& w) {
    return (w.is_number() && w.get<double>() == 0) || (w.is_string() && (w == "0d" || w == "0"));
  }

  // An if/elif/else on the run's mode: only the branch a backtest takes is
  // read, without a warning. Returns false when `s` is not decided.
  bool decided_branch(const Stmt& s) {
    const bool python = lang_ == Language::Python;
    if (s.keyword == "else" && python) {
      if (branch_ == Branch::Taken) return not_taken(s.body);
      if (branch_ != Branch::NotTaken) return false;
      statements(s.body);
      return true;
    }
    if (s.keyword == "elif" && branch_ == Branch::Taken) return not_taken(s.body);
    if (s.keyword == "elif" && branch_ != Branch::NotTaken) return false;
    if (s.keyword != "if" && s.keyword != "elif") return false;
    bool by_mode = false;
    std::string missing;
    const auto d = python ? decide(s.first + 1, s.last, &by_mode, &missing)
                          : decide(s.first + 2, s.last - 1, &by_mode, &missing);
    if (!d) return false;
    if (by_mode) out_.decided_by_mode.push_back(line_of(s.first));
    if (!missing.empty())
      warn(s.first, "parameter `" + missing + "` is set nowhere (the project's config.json `parameters`, "
                    "--parameter " + missing + " VALUE) and has no default: GetParameter returns " +
                    (python ? "None" : "null") + ", so this branch is read as LEAN then takes it; set it if the "
                    "run you simulate gives it");
    branch_ = *d ? Branch::Taken : Branch::NotTaken;
    if (python) {
      if (*d) statements(s.body);
      else not_taken(s.body);
      return true;
    }
    // C#: body[0] is the statement, body[1] the `else` (its own body).
    if (*d && !s.body.empty()) statement(s.body[0]);
    if (*d && s.body.size() > 1) not_taken(s.body[1].body);
    if (!*d && !s.body.empty()) not_taken({s.body[0]});
    if (!*d && s.body.size() > 1) statements(s.body[1].body);
    branch_ = Branch::None;
    return true;
  }

  // A branch LEAN does not take: its Train calls are not calls the run makes.
  bool not_taken(const std::vector<Stmt>& body) {
    if (!body.empty()) not_taken_.emplace_back(body.front().first, stmt_end(body.back()));
    return true;
  }
  static size_t stmt_end(const Stmt& s) {
    return s.body.empty() ? s.last : std::max(s.last, stmt_end(s.body.back()));
  }
  bool in_not_taken(size_t tok) const {
    for (const auto& [b, e] : not_taken_)
      if (tok >= b && tok < e) return true;
    return false;
  }

  // A `return` read inside a block that may not run (a condition trainsim
  // does not decide, a loop): what follows is read, and the user told.
  void undecided_return(const std::string& keyword) {
    if (!returned_) return;
    returned_ = false;
    if (runtime_) {  // what follows runs only sometimes: its Train calls say so
      maybe_returned_ = true;
      return;
    }
    warn(return_tok_, "a `return` inside `" + keyword + "`: trainsim reads the statements after this block as if "
                      "it does not return; if it does, override them in the config's `simulation` block");
  }

  // Loops over literal lists are unrolled, so nested ones multiply: three
  // tickers nested twelve deep are half a million statements, each parsed
  // again (fuzzing found such files taking minutes). Reading is bounded by
  // kMaxStatementsRead statements and kMaxCharactersRead characters: the
  // statements' own and those of each bound value a use copies in (one
  // 200 KB string used in a nested loop took a minute).
  void charge(size_t characters, size_t tok) const {
    characters_read_ += characters;
    if (statements_read_ > kMaxStatementsRead || characters_read_ > kMaxCharactersRead)
      error(tok, "Initialize unrolls to more than " +
                     (statements_read_ > kMaxStatementsRead ? std::to_string(kMaxStatementsRead) + " statements"
                                                            : std::to_string(kMaxCharactersRead) + " characters") +
                     " (loops over literal lists, nested); simplify the loops, or list the "
                     "subscriptions and events in the config's `simulation` block");
  }

  size_t items_read() const { return events_.size() + securities_.size() + settings_read_; }

  size_t span_characters(size_t first, size_t last) const {
    if (last <= first || last > t_.size()) return 0;
    return t_[last - 1].end - t_[first].begin;
  }

  // How much reading has produced: a body read only to see whether it
  // matters is rewound to it. Entries are only ever appended, so a rewind
  // truncates (copying them instead was quadratic inside unrolled loops).
  struct ReadMark {
    size_t events, securities, warnings, methods, calls;
  };
  ReadMark read_mark() const {
    return {events_.size(), securities_.size(), out_.warnings.size(), out_.methods.size(), calls_seen_.size()};
  }
  void rewind(const ReadMark& m) {
    for (size_t k = m.securities; k < securities_.size(); ++k)
      security_index_.erase(securities_[k]["security"].get<std::string>());
    for (size_t k = m.warnings; k < out_.warnings.size(); ++k) warned_.erase(out_.warnings[k]);
    for (size_t k = m.methods; k < out_.methods.size(); ++k) methods_named_.erase(out_.methods[k]);
    securities_.erase(securities_.begin() + static_cast<std::ptrdiff_t>(m.securities), securities_.end());
    events_.erase(events_.begin() + static_cast<std::ptrdiff_t>(m.events), events_.end());
    callbacks_.resize(m.events);
    out_.warnings.resize(m.warnings);
    while (!out_.assumed.empty() && !warned_.count(out_.assumed.back().warning)) out_.assumed.pop_back();
    calls_seen_.resize(m.calls);
    out_.methods.resize(m.methods);
  }

  void statement(const Stmt& s) {
    ++statements_read_;
    charge(1 + span_characters(s.first, s.last), s.first);
    switch (s.kind) {
      case Stmt::Kind::Skip: return;
      case Stmt::Kind::Plain: {
        if (lang_ == Language::Python && s.keyword == "else" && branch_ == Branch::Taken) {
          not_taken(s.body);
          return;
        }
        // The `else` of an undecided `if` runs only sometimes too.
        const bool undecided = lang_ == Language::Python && s.keyword == "else" && branch_ == Branch::Undecided;
        conditions_ += undecided;
        statements(s.body);
        conditions_ -= undecided;
        return;
      }
      case Stmt::Kind::Conditional: {
        if (decided_branch(s)) return;
        if (s.keyword == "if" || s.keyword == "elif") branch_ = Branch::Undecided;
        const size_t before = items_read();
        if (lang_ == Language::CSharp || s.keyword != "else") {
          // Calls in the condition itself run too (rare, but read them).
          if (s.last > s.first + 1) {
            ExprParser p(t_, lang_, s.first + 1, s.last);
            while (!p.done()) {
              const size_t b = p.pos();
              visit(p.expr());
              if (p.pos() == b) break;
            }
          }
        }
        ++conditions_;
        statements(s.body);
        --conditions_;
        undecided_return(s.keyword);
        // At run time each Train call says how it was modelled (runtime_train).
        if (items_read() != before && !runtime_)
          warn(s.first, "inside `" + s.keyword + "`: trainsim reads the calls in this block as if it always runs; "
                        "if it does not, override them in the config's `simulation` block");
        return;
      }
      case Stmt::Kind::For: for_loop(s); return;
      case Stmt::Kind::CountedFor: counted_for(s); return;
      case Stmt::Kind::Simple: simple(s.first, s.last); return;
    }
  }

  // C#'s `for (var i = A; i < B; i++)` (or <=, >, >=, --, += N, -= N) with
  // literal bounds: the values of i; nothing when it is another shape.
  std::optional<std::vector<std::string>> counted_values(const Stmt& s, std::string& var) const {
    const size_t b = s.iter_first, e = s.iter_last;
    const size_t semi1 = find_top(t_, b, e, ";");
    if (semi1 >= e) return std::nullopt;
    const size_t semi2 = find_top(t_, semi1 + 1, e, ";");
    if (semi2 >= e) return std::nullopt;
    auto integer = [&](size_t k, long long& v) {
      bool negative = false;
      if (k < e && is_punct(t_[k], "-")) {
        negative = true;
        ++k;
      }
      if (k >= e || t_[k].kind != TK::Number || t_[k].text.size() > 9 ||
          t_[k].text.find_first_not_of("0123456789") != std::string_view::npos)
        return false;
      v = std::stoll(std::string(t_[k].text)) * (negative ? -1 : 1);
      return true;
    };
    // init: [type] NAME = N
    const size_t eq = find_top(t_, b, semi1, "=");
    if (eq >= semi1 || eq == b || t_[eq - 1].kind != TK::Ident) return std::nullopt;
    var = t_[eq - 1].text;
    long long from = 0, bound = 0, step = 0;
    if (!integer(eq + 1, from) || eq + (is_punct(t_[eq + 1], "-") ? 3 : 2) != semi1) return std::nullopt;
    // condition: NAME op N
    const size_t c = semi1 + 1;
    if (!(c + 2 <= semi2 && t_[c].kind == TK::Ident && t_[c].text == var && t_[c + 1].kind == TK::Punct)) return std::nullopt;
    const std::string op(t_[c + 1].text);
    if (!integer(c + 2, bound) || c + (is_punct(t_[c + 2], "-") ? 4 : 3) != semi2) return std::nullopt;
    // step: NAME++ / ++NAME / NAME-- / --NAME / NAME += N / NAME -= N
    const size_t st = semi2 + 1;
    auto is = [&](size_t k, const char* p) { return k < e && is_punct(t_[k], p); };
    auto name_at = [&](size_t k) { return k < e && t_[k].kind == TK::Ident && t_[k].text == var; };
    if (e == st + 3 && name_at(st) && is(st + 1, "+") && is(st + 2, "+")) step = 1;
    else if (e == st + 3 && name_at(st + 2) && is(st, "+") && is(st + 1, "+")) step = 1;
    else if (e == st + 3 && name_at(st) && is(st + 1, "-") && is(st + 2, "-")) step = -1;
    else if (e == st + 3 && name_at(st + 2) && is(st, "-") && is(st + 1, "-")) step = -1;
    else if (e == st + 3 && name_at(st) && (is(st + 1, "+=") || is(st + 1, "-=")) && integer(st + 2, step))
      step = is(st + 1, "+=") ? step : -step;
    else return std::nullopt;
    auto holds = [&](long long v) {
      if (op == "<") return v < bound;
      if (op == "<=") return v <= bound;
      if (op == ">") return v > bound;
      if (op == ">=") return v >= bound;
      if (op == "!=") return v != bound;
      return false;
    };
    if (op != "<" && op != "<=" && op != ">" && op != ">=" && op != "!=") return std::nullopt;
    std::vector<std::string> values;
    for (long long v = from; holds(v); v += step) {
      if (step == 0 || values.size() >= kMaxStatementsRead) return std::nullopt;  // endless or beyond any bound
      values.push_back(std::to_string(v));
    }
    return values;
  }

  void counted_for(const Stmt& s) {
    std::string var;
    auto values = counted_values(s, var);
    if (!values) {
      unknowable_loop(s, s.iter_first, "a `for` loop whose count trainsim cannot know (it reads literal bounds: "
                                       "`for (var i = 0; i < 3; i++)`)");
      return;
    }
    Rows rows;
    rows.numeric = {true};
    for (auto& v : *values) rows.rows.push_back({std::move(v)});
    unroll(s, {var}, rows);
  }

  // Reads a loop body once per row, its names bound to the row's values.
  void unroll(const Stmt& s, const std::vector<std::string>& vars, const Rows& rows) {
    for (const auto& row : rows.rows) {
      Scope scope(*this);
      bind(scope, vars, rows, row);
      statements(s.body);
      undecided_return(s.keyword.empty() ? "for" : s.keyword);
    }
  }

  // A loop that cannot be unrolled: its body is read once to see whether it
  // matters, then dropped, and the events in it are named as not simulated.
  void unknowable_loop(const Stmt& s, size_t tok, const std::string& what) {
    unknowable([&] { statements(s.body); }, tok, what);
  }
  void unknowable(const std::function<void()>& read_body, size_t tok, const std::string& what,
                  const std::string& advice = "list them in the config (simulation.securities, simulation.events)") {
    const size_t before = items_read();
    const ReadMark mark = read_mark();
    read_body();
    returned_ = false;
    const bool matters = items_read() != before || out_.warnings.size() != mark.warnings;
    const std::string lost = calls_named(mark.calls);
    rewind(mark);
    if (matters)
      warn(tok, what + ": its subscriptions and events are not read" +
                    (lost.empty() ? std::string() : " (not simulated: " + lost + ")") +
                    "; " + advice);
  }

  void for_loop(const Stmt& s) {
    ExprParser p(t_, lang_, s.iter_first, s.iter_last);
    const Expr iterable = p.expr();
    consuming_ = is_map(iterable);  // `for h in map(...)` runs the lambda
    visit(iterable);
    consuming_ = false;
    const auto rows = rows_of(iterable);
    const auto vars = loop_targets(s.target_first, s.target_last);
    if (!rows || vars.empty() || !binds(vars, *rows)) {
      unknowable_loop(s, s.iter_first, "a loop over `" + source_text(iterable) + "`, which is not a literal list");
      return;
    }
    unroll(s, vars, *rows);
  }

  // The parameters of a lambda: `lambda h:`, `lambda a, b:`, `t =>`, `(t) =>`, `(string t, int i) =>`.
  std::vector<std::string> lambda_params(const Expr& l) const {
    size_t b = l.first, e = l.first;
    while (e < l.last && !is_punct(t_[e], "=>") && !is_punct(t_[e], ":")) ++e;
    if (lang_ == Language::Python) ++b;  // `lambda`
    else if (b < e && is_punct(t_[b], "(") && is_punct(t_[e - 1], ")")) return loop_targets(b, e);
    if (lang_ == Language::Python) {
      std::vector<std::string> names;
      for (size_t k = b; k < e; ++k) {
        if (t_[k].kind == TK::Ident && (k == b || is_punct(t_[k - 1], ","))) names.emplace_back(t_[k].text);
        else if (t_[k].kind != TK::Ident && !is_punct(t_[k], ",")) return {};  // defaults, *args
      }
      return names;
    }
    return loop_targets(b, e);
  }

  // A lambda applied to each value of a literal list, as a loop's body:
  // C#'s `list.ForEach(t => ...)` (after `.ToList()` or on a bound list) and
  // `Array.ForEach(list, t => ...)`; Python's `map(lambda h: ..., list[, list2])`,
  // which is lazy: its lambda runs only where something consumes the map
  // (`list(map(...))`, a `for` over it). Returns false when `e` is neither.
  bool lambda_loop(const Expr& e) {
    const auto& c = e.chain;
    const Expr* lambda = nullptr;
    std::optional<Rows> rows;
    size_t at = 0;
    std::string what;
    if (lang_ == Language::CSharp) {
      const size_t k = c.size() >= 2 ? c.size() - 2 : c.size();
      if (k >= c.size() || c[k].type != Segment::Type::Name || c[k].name != "ForEach" ||
          c[k + 1].type != Segment::Type::Call)
        return false;
      const auto& args = c[k + 1].args;
      if (k == 1 && e.items.empty() && c[0].type == Segment::Type::Name && c[0].name == "Array" && args.size() == 2 &&
          args[1].value.kind == Expr::Kind::Lambda) {
        lambda = &args[1].value;
        rows = rows_of(args[0].value);
      } else if (args.size() == 1 && args[0].value.kind == Expr::Kind::Lambda && (k > 0 || e.items.size() == 1)) {
        lambda = &args[0].value;
        Expr receiver = e;
        receiver.chain.resize(k);
        if (receiver.chain.empty()) receiver = e.items[0];
        rows = rows_of(receiver);
      } else {
        return false;
      }
      at = c[k].tok;
      what = "ForEach";
    } else {
      const Expr* m = &e;
      bool consumed = false;
      // list(map(...)), tuple(map(...)), set(map(...)): consumed.
      if (c.size() == 2 && e.items.empty() && c[0].type == Segment::Type::Name &&
          (c[0].name == "list" || c[0].name == "tuple" || c[0].name == "set") && c[1].type == Segment::Type::Call &&
          c[1].args.size() == 1) {
        m = &c[1].args[0].value;
        consumed = true;
      }
      if (!is_map(*m)) return false;
      const auto& args = m->chain[1].args;
      lambda = &args[0].value;
      at = m->chain[0].tok;
      what = "map";
      consumed |= consuming_;
      consuming_ = false;  // a map inside the lambda is its own
      if (!consumed) {
        unknowable([&] { read_lambda(lambda->first, lambda->last); }, at,
                   "`map(...)` is lazy and nothing consumes it here, so its lambda never runs, in LEAN either",
                   "wrap it in list(...) if they should run");
        return true;
      }
      std::vector<const Expr*> iterables;
      for (size_t k = 1; k < args.size(); ++k) iterables.push_back(&args[k].value);
      rows = zipped(iterables);
    }
    const auto params = lambda_params(*lambda);
    if (!rows || params.empty() || !binds(params, *rows)) {
      unknowable([&] { read_lambda(lambda->first, lambda->last); }, at,
                 "`" + what + "` over values trainsim cannot know (it reads literal lists)");
      return true;
    }
    for (const auto& row : rows->rows) {
      Scope scope(*this);
      bind(scope, params, *rows, row);
      ++statements_read_;
      charge(1 + span_characters(lambda->first, lambda->last), lambda->first);
      read_lambda(lambda->first, lambda->last);
    }
    return true;
  }

  bool is_map(const Expr& m) const {
    return lang_ == Language::Python && m.kind == Expr::Kind::Chain && m.items.empty() && m.chain.size() == 2 &&
           m.chain[0].type == Segment::Type::Name && m.chain[0].name == "map" &&
           m.chain[1].type == Segment::Type::Call && m.chain[1].args.size() >= 2 &&
           m.chain[1].args[0].value.kind == Expr::Kind::Lambda;
  }

  // The names a loop binds: `t`, `i, t`, `(k, v)`; C#'s `var t`, `var (k, v)`,
  // `(string k, int v)`. Empty when it is another shape.
  std::vector<std::string> loop_targets(size_t b, size_t e) const {
    std::vector<std::string> names;
    if (b >= e) return names;
    size_t open = b;
    while (open < e && !is_punct(t_[open], "(")) ++open;
    const bool tuple = lang_ == Language::CSharp && open < e;
    if (lang_ == Language::CSharp && !tuple) {  // `Type name`, the type maybe generic
      if (t_[e - 1].kind == TK::Ident) names.emplace_back(t_[e - 1].text);
      return names;
    }
    size_t k = tuple ? open + 1 : b;
    const size_t end = tuple ? closing(open) : e;
    std::string last;
    for (; k <= end && k <= e; ++k) {
      if (k == end || is_punct(t_[k], ",")) {
        if (last.empty()) return {};
        names.push_back(last);
        last.clear();
        continue;
      }
      if (t_[k].kind == TK::Ident) {
        if (lang_ == Language::Python && !last.empty()) return {};
        last = t_[k].text;  // C#: the type comes first, the name last
      } else if (!is_punct(t_[k], "(") && !is_punct(t_[k], ")")) {
        return {};
      }
    }
    return names;
  }

  // The rows fit the names: one column per name, or C#'s `foreach (var kv in
  // dictionary)` reading kv.Key and kv.Value.
  static bool binds(const std::vector<std::string>& vars, const Rows& rows) {
    return rows.numeric.size() == vars.size() || (vars.size() == 1 && rows.numeric.size() == 2);
  }
  void bind(Scope& scope, const std::vector<std::string>& vars, const Rows& rows, const std::vector<std::string>& row) {
    if (vars.size() == rows.numeric.size()) {
      for (size_t k = 0; k < vars.size(); ++k) scope.bind(vars[k], row[k], rows.numeric[k]);
      return;
    }
    scope.bind(vars[0] + ".Key", row[0], rows.numeric[0]);
    scope.bind(vars[0] + ".Value", row[1], rows.numeric[1]);
  }

  // The events read from index `from` on, as "name (main.py:12), ...", for a
  // warning that they are not simulated.
  std::string calls_named(size_t from) const {
    std::string s;
    for (size_t k = from; k < calls_seen_.size(); ++k) s += (s.empty() ? "" : ", ") + calls_seen_[k];
    return s;
  }

  // "training fit at main.py:12": a Train or Schedule.On call met while reading.
  void seen(bool training, const Segment& call, size_t tok) {
    if (training) train_lines_seen_.insert(line_of(tok));
    std::string method;
    if (!call.args.empty())
      if (auto m = method_name(call.args.back().value); m && !m->empty()) method = *m;
    calls_seen_.push_back(std::string(training ? "training " : "event ") + (method.empty() ? "(a lambda)" : method) +
                          " at " + line_of(tok));
  }

  void simple(size_t b, size_t e) {
    if (b >= e) return;
    const Token& first = t_[b];
    if (first.kind == TK::Ident) {
      if (first.text == "return") {
        if (b + 1 < e) {  // `return self.setup()`: the call runs first
          ExprParser p(t_, lang_, b + 1, e);
          visit(p.expr());
        }
        returned_ = true;
        return_tok_ = b;
        return;
      }
      static const std::set<std::string, std::less<>> kSkip = {"pass", "break", "continue", "raise", "throw",
                                                  "import", "from", "global", "nonlocal", "del", "assert",
                                                  "yield", "goto"};
      if (kSkip.count(first.text)) return;
    }
    size_t eq = find_top(t_, b, e, "=");
    if (eq < e) {
      ExprParser p(t_, lang_, eq + 1, e);
      const Expr value = p.expr();
      const auto ticker = visit(value);
      assign(b, eq, value, ticker);
      return;
    }
    ExprParser p(t_, lang_, b, e);
    while (!p.done()) {
      const size_t before = p.pos();
      const Expr x = p.expr();
      visit(x, /*statement=*/true);
      if (p.pos() == before) break;
    }
  }

  // The binding key of an assignment target: `spy`, `self._spy` -> "_spy",
  // C#'s `Symbol _spy` / `var spy` -> the declared name.
  std::string target_key(size_t b, size_t eq) const {
    size_t e = find_top(t_, b, eq, ":");  // Python annotation `x: Symbol = ...`
    if (e == b) return "";
    std::vector<std::string> names;
    bool dotted = true;
    for (size_t k = b; k < e; ++k) {
      if (t_[k].kind == TK::Ident) names.emplace_back(t_[k].text);
      else if (lang_ == Language::CSharp && t_[k].kind == TK::Punct &&
               std::string("[]<>,?").find(t_[k].text) != std::string::npos && t_[k].text.size() == 1)
        continue;  // type syntax in a declaration: string[] a, List<Symbol> b
      else if (!is_punct(t_[k], ".")) dotted = false;
    }
    if (!dotted || names.empty()) return "";
    // Python: a dotted path; C#: `Type name` (or `private readonly Type name`) -> the last name.
    bool has_dot = false;
    for (size_t k = b; k < e; ++k) has_dot |= is_punct(t_[k], ".");
    if (!has_dot || lang_ == Language::CSharp) {
      if (has_dot && names.size() == 2 && is_self(names[0])) return names[1];  // this._spy
      if (has_dot) {  // Settings.DailyPreciseEndTime
        std::string key;
        for (const auto& n : names) key += (key.empty() ? "" : ".") + n;
        return key;
      }
      return names.back();
    }
    std::string key;
    for (size_t k = 0; k < names.size(); ++k) {
      if (k == 0 && is_self(names[k])) continue;
      key += (key.empty() ? "" : ".") + names[k];
    }
    return key;
  }

  void assign(size_t b, size_t eq, const Expr& value, const std::optional<std::string>& ticker) {
    const std::string key = target_key(b, eq);
    if (key.empty()) return;
    const std::string nk = norm(key);
    // self.settings.daily_precise_end_time = False; Settings.DailyPreciseEndTime = false;
    if (nk == "settings.dailypreciseendtime") {
      if (value.kind == Expr::Kind::Bool) {
        sim_["daily-precise-end-time"] = value.boolean;
        source("daily-precise-end-time", b);
        ++settings_read_;
      } else {
        warn(value.first, "Settings.DailyPreciseEndTime from an expression trainsim cannot read; set simulation.daily-precise-end-time");
      }
      return;
    }
    if (nk == "universesettings.resolution") {
      if (auto r = resolution_of(value)) default_resolution_ = *r;
      else warn(value.first, "UniverseSettings.Resolution from an expression trainsim cannot read; the subscriptions after it use minute");
      return;
    }
    if (nk == "universesettings.extendedmarkethours") {
      if (value.kind == Expr::Kind::Bool) default_extended_ = value.boolean;
      return;
    }
    numeric_.erase(key);
    table_bindings_.erase(key);
    if (auto t = table_of(value)) {  // a dict or a list of tuples, for loops over it
      table_bindings_[key] = *t;
      bindings_.erase(key);
      list_bindings_.erase(key);
      return;
    }
    if (auto n = integer_of(value); n && !ticker) {
      bindings_[key] = std::to_string(*n);
      numeric_.insert(key);
      list_bindings_.erase(key);
    } else if (ticker) {
      bindings_[key] = *ticker;
      list_bindings_.erase(key);
    } else if (auto s = literal_string(value)) {
      bindings_[key] = *s;
      list_bindings_.erase(key);
    } else if (auto l = list_of(value)) {
      const bool numeric = numeric_values(value);
      list_bindings_[key] = *l;
      bindings_.erase(key);
      if (numeric) numeric_lists_.insert(key);
      else numeric_lists_.erase(key);
    } else {
      bindings_.erase(key);
      list_bindings_.erase(key);
    }
  }

  // ---- values
  std::optional<std::string> literal_string(const Expr& e) const {
    if (e.kind == Expr::Kind::String && !e.interpolated) return e.text;
    return std::nullopt;
  }

  // The chain's name path without self/this and without a trailing .Symbol / .Value.
  static std::optional<std::string> chain_key(const Expr& e, bool strip_symbol) {
    if (e.kind != Expr::Kind::Chain || !e.items.empty() || e.is_new) return std::nullopt;
    std::vector<std::string> names;
    for (const auto& s : e.chain) {
      if (s.type != Segment::Type::Name) return std::nullopt;
      names.push_back(s.name);
    }
    if (!names.empty() && is_self(names[0])) names.erase(names.begin());
    if (strip_symbol && names.size() > 1 && norm(names.back()) == "symbol") names.pop_back();
    if (names.empty()) return std::nullopt;
    std::string key;
    for (const auto& n : names) key += (key.empty() ? "" : ".") + n;
    return key;
  }

  std::optional<std::string> bound_ticker(const Expr& e) const {
    for (bool strip : {false, true})
      if (auto k = chain_key(e, strip))
        if (auto it = bindings_.find(*k); it != bindings_.end()) {
          charge(it->second.size(), e.first);
          return it->second;
        }
    return std::nullopt;
  }

  // `self.get_parameter("x"[, default])` / `GetParameter("x"[, default])`
  // when the parameters are known: its value, or the default, or none (None /
  // null, `missing` set) for a parameter not given.
  struct Parameter {
    std::string name;
    std::optional<std::string> value;
    bool missing = false;
  };
  std::optional<Parameter> parameter_value(const Expr& e) const {
    if (!parameters_ || e.kind != Expr::Kind::Chain || !e.items.empty() || e.is_new) return std::nullopt;
    const auto& c = e.chain;
    const size_t k = !c.empty() && c[0].type == Segment::Type::Name && is_self(c[0].name) ? 1 : 0;
    if (c.size() != k + 2 || c[k].type != Segment::Type::Name || norm(c[k].name) != "getparameter" ||
        c[k + 1].type != Segment::Type::Call || (lang_ == Language::Python && k == 0))
      return std::nullopt;
    const auto& args = c[k + 1].args;
    if (args.empty() || args.size() > 2) return std::nullopt;
    const auto name = literal_string(args[0].value);
    if (!name) return std::nullopt;
    Parameter p{*name, std::nullopt, false};
    if (auto it = parameters_->find(*name); it != parameters_->end()) {
      p.value = it->second;
    } else if (args.size() == 2) {
      const Expr& d = args[1].value;
      if (auto s = literal_string(d)) p.value = *s;
      else if (d.kind == Expr::Kind::Number) p.value = d.text;
      else if (d.kind == Expr::Kind::Bool) p.value = d.boolean ? (lang_ == Language::Python ? "True" : "true") : (lang_ == Language::Python ? "False" : "false");
      else if (d.kind != Expr::Kind::None) return std::nullopt;
    } else {
      p.missing = true;
    }
    return p;
  }

  std::optional<std::string> ticker_of(const Expr& e) const {
    if (auto s = literal_string(e)) return s;
    if (auto p = parameter_value(e); p && p->value) return p->value;
    if (auto k = chain_key(e, false); k && numeric_.count(*k)) return std::nullopt;
    if (auto b = bound_ticker(e)) return b;
    if (auto it = subscription_tickers_.find(e.first); it != subscription_tickers_.end()) return it->second;
    return std::nullopt;
  }

  // An integer literal, or a name bound to one.
  std::optional<long long> integer_of(const Expr& e) const {
    std::string text;
    if (e.kind == Expr::Kind::Number) {
      text = e.text;
    } else if (auto k = chain_key(e, false); k && numeric_.count(*k)) {
      text = bindings_.at(*k);
    } else if (e.kind == Expr::Kind::Opaque && e.last > e.first) {  // -3, 10 + i
      return arithmetic(e.first, e.last);
    } else if (auto p = parameter_value(e); p && p->value && lang_ == Language::CSharp) {
      text = *p->value;  // GetParameter("h", 8): the int overload
    } else if (lang_ == Language::Python && e.kind == Expr::Kind::Chain && e.items.empty() && e.chain.size() == 2 &&
               e.chain[0].type == Segment::Type::Name && e.chain[0].name == "int" &&
               e.chain[1].type == Segment::Type::Call && e.chain[1].args.size() == 1) {
      const Expr& x = e.chain[1].args[0].value;  // int(self.get_parameter("h"))
      if (auto p = parameter_value(x); p && p->value) text = *p->value;
      else return integer_of(x);
    }
    if (text.empty() || text.size() > 9 || text.find_first_not_of("0123456789") != std::string::npos)
      return std::nullopt;
    return std::stoll(text);
  }

  // Python's range(stop) / range(start, stop[, step]) with integer literals.
  std::optional<std::vector<std::string>> range_of(const Expr& e) const {
    if (lang_ != Language::Python || e.kind != Expr::Kind::Chain || !e.items.empty() || e.chain.size() != 2 ||
        e.chain[0].type != Segment::Type::Name || e.chain[0].name != "range" || e.chain[1].type != Segment::Type::Call)
      return std::nullopt;
    const auto& a = e.chain[1].args;
    if (a.empty() || a.size() > 3) return std::nullopt;
    std::vector<long long> v;
    for (const auto& x : a) {
      auto n = x.name.empty() ? integer_of(x.value) : std::nullopt;
      if (!n) return std::nullopt;
      v.push_back(*n);
    }
    const long long start = v.size() == 1 ? 0 : v[0], stop = v.size() == 1 ? v[0] : v[1], step = v.size() == 3 ? v[2] : 1;
    if (step == 0) return std::nullopt;
    std::vector<std::string> out;
    for (long long k = start; step > 0 ? k < stop : k > stop; k += step) {
      if (out.size() >= kMaxStatementsRead) return std::nullopt;
      out.push_back(std::to_string(k));
      charge(1 + out.back().size(), e.first);
    }
    return out;
  }

  // The values are numbers (range(...), [8, 20]): bound unquoted.
  bool numeric_values(const Expr& e) const {
    if (range_of(e)) return true;
    if (auto k = chain_key(e, false); k && numeric_lists_.count(*k) && list_bindings_.count(*k)) return true;
    if (e.kind != Expr::Kind::List || e.items.empty()) return false;
    for (const auto& item : e.items)
      if (!integer_of(item)) return false;
    return true;
  }

  std::optional<std::vector<std::string>> list_of(const Expr& e) const {
    if (e.kind == Expr::Kind::List) {
      std::vector<std::string> v;
      for (const auto& item : e.items) {
        auto t = ticker_of(item);
        if (!t)
          if (auto n = integer_of(item)) t = std::to_string(*n);
        if (!t) return std::nullopt;
        v.push_back(*t);
      }
      return v;
    }
    if (auto r = range_of(e)) return r;
    if (auto k = chain_key(e, false))
      if (auto it = list_bindings_.find(*k); it != list_bindings_.end()) {
        for (const auto& v : it->second) charge(1 + v.size(), e.first);
        return it->second;
      }
    return std::nullopt;
  }

  // An item of a literal list: a ticker or string, or an integer (numeric).
  std::optional<std::string> scalar(const Expr& e, bool& numeric) const {
    if (auto t = ticker_of(e)) {
      numeric = false;
      return t;
    }
    if (auto n = integer_of(e)) {
      numeric = true;
      return std::to_string(*n);
    }
    return std::nullopt;
  }

  // A literal of several columns: a Python dict `{"SPY": 10}`, a list of
  // tuples `[("SPY", 10)]`, C#'s `new Dictionary<string, int> { {"SPY", 10} }`
  // or `new[] { ("SPY", 10) }`, or a name bound to one.
  std::optional<Rows> table_of(const Expr& e) const {
    if (auto k = chain_key(e, false))
      if (auto it = table_bindings_.find(*k); it != table_bindings_.end()) {
        for (const auto& row : it->second.rows)
          for (const auto& v : row) charge(1 + v.size(), e.first);
        return it->second;
      }
    const bool dict = lang_ == Language::Python && e.kind == Expr::Kind::Opaque && e.first < t_.size() &&
                      is_punct(t_[e.first], "{");
    if (!dict && e.kind != Expr::Kind::List) return std::nullopt;
    if (e.items.empty()) return std::nullopt;
    Rows r;
    r.dict = dict || (lang_ == Language::CSharp && e.first + 1 < t_.size() && t_[e.first].text == "new" &&
                      t_[e.first + 1].kind == TK::Ident && norm(t_[e.first + 1].text) == "dictionary");
    for (const auto& item : e.items) {
      const bool pair = item.kind == Expr::Kind::Opaque && item.items.size() == 2 && item.items[0].last < t_.size() &&
                        is_punct(t_[item.items[0].last], ":");
      if (dict != pair || (!dict && item.kind != Expr::Kind::List)) return std::nullopt;
      if (item.items.size() < 2 || (!r.numeric.empty() && item.items.size() != r.numeric.size())) return std::nullopt;
      if (r.numeric.empty()) r.numeric.assign(item.items.size(), true);
      std::vector<std::string> row;
      for (size_t c = 0; c < item.items.size(); ++c) {
        bool numeric = false;
        auto v = scalar(item.items[c], numeric);
        if (!v) return std::nullopt;
        r.numeric[c] = r.numeric[c] && numeric;
        row.push_back(std::move(*v));
      }
      r.rows.push_back(std::move(row));
    }
    return r;
  }

  static Rows column(const Rows& t, size_t c) {
    Rows r;
    r.numeric = {t.numeric[c]};
    for (const auto& row : t.rows) r.rows.push_back({row[c]});
    return r;
  }

  // The iterables side by side, as zip() pairs them (each of one column).
  std::optional<Rows> zipped(const std::vector<const Expr*>& iterables) const {
    Rows r;
    for (const Expr* x : iterables) {
      const auto c = rows_of(*x);
      if (!c || c->numeric.size() != 1) return std::nullopt;
      if (r.numeric.empty()) r.rows.resize(c->rows.size());
      r.rows.resize(std::min(r.rows.size(), c->rows.size()));
      for (size_t k = 0; k < r.rows.size(); ++k) r.rows[k].push_back(c->rows[k][0]);
      r.numeric.push_back(c->numeric[0]);
    }
    if (r.numeric.empty()) return std::nullopt;
    return r;
  }

  // What a loop over `e` binds, when trainsim can know it: a literal list (or
  // range, or a name bound to one), a dict (its keys; `.items()`, `.keys()`,
  // `.values()`), a list of tuples, `enumerate(...)`, `zip(...)`, `list(...)`,
  // C#'s `.ToList()` / `.ToArray()` on one.
  std::optional<Rows> rows_of(const Expr& e) const {
    if (auto l = list_of(e)) {
      Rows r;
      r.numeric = {numeric_values(e)};
      for (auto& v : *l) r.rows.push_back({std::move(v)});
      return r;
    }
    if (auto t = table_of(e)) return t->dict && lang_ == Language::Python ? column(*t, 0) : t;  // C#: key-value pairs
    if (e.kind != Expr::Kind::Chain || e.chain.size() < 2 || e.chain.back().type != Segment::Type::Call ||
        e.chain[e.chain.size() - 2].type != Segment::Type::Name)
      return std::nullopt;
    const std::string f = e.chain[e.chain.size() - 2].name;
    const auto& args = e.chain.back().args;
    if (args.empty() && (f == "items" || f == "keys" || f == "values" || f == "ToList" || f == "ToArray" ||
                         f == "AsEnumerable")) {
      Expr receiver = e;
      receiver.chain.resize(e.chain.size() - 2);
      if (receiver.chain.empty()) {
        if (e.items.size() != 1) return std::nullopt;
        receiver = e.items[0];
      }
      if (f == "ToList" || f == "ToArray" || f == "AsEnumerable") return rows_of(receiver);
      if (lang_ != Language::Python) return std::nullopt;
      const auto t = table_of(receiver);
      if (!t || !t->dict) return std::nullopt;
      if (f == "items") {
        Rows r = *t;
        r.dict = false;
        return r;
      }
      return column(*t, f == "keys" ? 0 : 1);
    }
    if (lang_ != Language::Python || e.chain.size() != 2 || !e.items.empty()) return std::nullopt;
    for (const auto& a : args)
      if (!a.name.empty() && !(f == "enumerate" && a.name == "start")) return std::nullopt;
    if ((f == "list" || f == "tuple") && args.size() == 1) return rows_of(args[0].value);
    if (f == "enumerate" && (args.size() == 1 || args.size() == 2)) {
      const auto inner = rows_of(args[0].value);
      const auto start = args.size() == 2 ? integer_of(args[1].value) : std::optional<long long>(0);
      if (!inner || inner->numeric.size() != 1 || !start || std::llabs(*start) > 1'000'000'000) return std::nullopt;
      Rows r;
      r.numeric = {true, inner->numeric[0]};
      for (size_t k = 0; k < inner->rows.size(); ++k)
        r.rows.push_back({std::to_string(*start + static_cast<long long>(k)), inner->rows[k][0]});
      return r;
    }
    if (f == "zip" && !args.empty()) {
      std::vector<const Expr*> iterables;
      for (const auto& a : args) iterables.push_back(&a.value);
      return zipped(iterables);
    }
    return std::nullopt;
  }

  std::optional<std::string> resolution_of(const Expr& e) {
    if (e.kind != Expr::Kind::Chain || e.chain.size() < 2) return std::nullopt;
    const auto& c = e.chain;
    if (c[c.size() - 2].type != Segment::Type::Name || c.back().type != Segment::Type::Name ||
        norm(c[c.size() - 2].name) != "resolution")
      return std::nullopt;
    const std::string r = norm(c.back().name);
    if (r == "second" || r == "minute" || r == "hour" || r == "daily") return r;
    if (r == "tick") {
      warn(c.back().tok, "tick resolution is not simulated (one timeslice per trade is unknowable in advance); "
                         "trainsim uses second bars for it; set the resolution in simulation.securities to choose");
      return std::string("second");
    }
    error(c.back().tok, "unknown Resolution." + c.back().name + " (Tick, Second, Minute, Hour, Daily)");
  }

  // ---- rendering a rule or date argument as text for lib/rules
  // Integer arithmetic on literals and numeric bindings (`10 + i`, `h * 2`),
  // as a rule argument needs it; nothing for anything else.
  std::optional<long long> arithmetic(size_t b, size_t e) const {
    size_t k = b;
    std::function<std::optional<long long>(int)> sum;
    std::function<std::optional<long long>()> atom = [&]() -> std::optional<long long> {
      if (k >= e) return std::nullopt;
      const Token& x = t_[k];
      if (is_punct(x, "-")) {
        ++k;
        auto v = atom();
        return v ? std::optional<long long>(-*v) : std::nullopt;
      }
      if (is_punct(x, "(")) {
        ++k;
        auto v = sum(0);
        if (!v || k >= e || !is_punct(t_[k], ")")) return std::nullopt;
        ++k;
        return v;
      }
      std::string text;
      if (x.kind == TK::Number) text = x.text;
      else if (x.kind == TK::Ident && numeric_.count(x.text)) text = bindings_.find(x.text)->second;
      if (text.empty() || text.size() > 9 || text.find_first_not_of("-0123456789") != std::string::npos) return std::nullopt;
      ++k;
      return std::stoll(text);
    };
    sum = [&](int depth) -> std::optional<long long> {
      if (depth > 50) return std::nullopt;
      auto product = [&]() -> std::optional<long long> {
        auto v = atom();
        while (v && k < e && is_punct(t_[k], "*")) {
          ++k;
          auto r = atom();
          if (!r || std::llabs(*v) > 1'000'000'000 || std::llabs(*r) > 1'000'000'000) return std::nullopt;
          v = *v * *r;
        }
        return v;
      };
      auto v = product();
      while (v && k < e && (is_punct(t_[k], "+") || is_punct(t_[k], "-"))) {
        const bool plus = is_punct(t_[k], "+");
        ++k;
        auto r = product();
        if (!r) return std::nullopt;
        v = plus ? *v + *r : *v - *r;
      }
      return v;
    };
    auto v = sum(0);
    if (k != e) return std::nullopt;
    return v;
  }

  void render_into(const Expr& e, std::map<size_t, std::pair<size_t, std::string>>& subs, bool& unresolved,
                   bool tickers) {
    if (e.kind == Expr::Kind::Opaque && e.last > e.first + 1) {
      if (auto v = arithmetic(e.first, e.last)) {
        subs[e.first] = {e.last, std::to_string(*v)};
        return;
      }
    }
    if (e.kind == Expr::Kind::Chain && e.last > e.first) {  // a parameter's value: int(...) a number, else a string
      if (auto p = parameter_value(e); p && p->value) {
        const auto n = integer_of(e);
        subs[e.first] = {e.last, n ? std::to_string(*n) : "\"" + *p->value + "\""};
        return;
      }
      if (auto n = integer_of(e)) {
        subs[e.first] = {e.last, std::to_string(*n)};
        return;
      }
      for (const auto& seg : e.chain)
        if (seg.type == Segment::Type::Name && norm(seg.name) == "getparameter") {
          unresolved = true;
          warn(e.first, "`" + source_text(e) + "`: a parameter value trainsim does not have (it reads the project's "
                        "config.json `parameters` and --parameter NAME VALUE)");
          return;
        }
    }
    if (e.kind == Expr::Kind::Chain && e.items.empty() && !e.is_new) {
      bool calls = false;
      for (const auto& s : e.chain) calls |= s.type != Segment::Type::Name;
      if (!calls) {
        const auto key = chain_key(e, false);
        const std::string head = key ? norm(key->substr(0, key->find('.'))) : "";
        if (is_lean_namespace(head)) return;
        if (auto t = bound_ticker(e)) {
          const auto k = chain_key(e, false);
          subs[e.first] = {e.last, k && numeric_.count(*k) ? *t : "\"" + *t + "\""};
          return;
        }
        unresolved = true;
        if (tickers)
          warn(e.first, "`" + source_text(e) + "` is not bound to a ticker trainsim can read "
                      "(it reads `x = AddEquity(\"SPY\").Symbol` and string assignments)");
        return;
      }
    }
    for (const auto& s : e.chain)
      for (const auto& a : s.args) render_into(a.value, subs, unresolved, tickers);
    for (const auto& i : e.items) render_into(i, subs, unresolved, tickers);
  }

  // `tickers`: names stand for symbols (rules); else for values (dates, zones).
  Rendered render(const Expr& e, bool tickers = true) {
    Rendered r;
    std::map<size_t, std::pair<size_t, std::string>> subs;
    render_into(e, subs, r.unresolved, tickers);
    for (size_t k = e.first; k < e.last;) {
      if (k > e.first && t_[k].begin > t_[k - 1].end) r.text += ' ';
      r.map.emplace_back(r.text.size(), k);
      if (auto it = subs.find(k); it != subs.end()) {
        r.text += it->second.second;
        k = it->second.first;
        continue;
      }
      r.text.append(source_of(k).substr(t_[k].begin, t_[k].end - t_[k].begin));
      ++k;
    }
    return r;
  }

  // The token a rule parser column points into.
  size_t token_at(const Rendered& r, size_t column) const {
    size_t tok = r.map.empty() ? 0 : r.map.front().second;
    for (const auto& [offset, k] : r.map)
      if (offset + 1 <= column) tok = k;
    return tok;
  }

  // ---- calls
  // Visits every call in `e`; returns the ticker when `e` is (a chain on) a subscription.
  std::optional<std::string> visit(const Expr& e, bool statement = false) {
    switch (e.kind) {
      case Expr::Kind::Chain: return chain(e, statement);
      case Expr::Kind::Comprehension: {
        if (e.items.size() < 2) return std::nullopt;
        visit(e.items[1]);
        const auto values = list_of(e.items[1]);
        const size_t before = items_read();
        if (!values || e.loop_var.empty()) {
          const ReadMark mark = read_mark();
          visit(e.items[0]);
          const bool matters = items_read() != before || out_.warnings.size() != mark.warnings;
          rewind(mark);
          if (matters)
            warn(e.items[1].first, "a comprehension over `" + source_text(e.items[1]) +
                                       "`, which is not a literal list of tickers: its subscriptions are not read; "
                                       "list them in simulation.securities");
          return std::nullopt;
        }
        const bool numeric = numeric_values(e.items[1]);
        for (const auto& v : *values) {
          bindings_[e.loop_var] = v;
          if (numeric) numeric_.insert(e.loop_var);
          charge(1 + span_characters(e.items[0].first, e.items[0].last), e.items[0].first);
          visit(e.items[0]);
        }
        bindings_.erase(e.loop_var);
        numeric_.erase(e.loop_var);
        return std::nullopt;
      }
      case Expr::Kind::Lambda: return std::nullopt;  // runs later, not in Initialize
      case Expr::Kind::String:  // f"{self.train(...)}": the holes run
        for (size_t k = e.first; k < e.last && e.interpolated; ++k)
          if (auto it = holes_of_.find(k); it != holes_of_.end())
            for (const auto& [b, end] : it->second) {
              ExprParser p(t_, lang_, b, end);
              while (!p.done()) {
                const size_t before = p.pos();
                visit(p.expr(), true);
                if (p.pos() == before) break;
              }
            }
        return std::nullopt;
      default:
        for (const auto& i : e.items) visit(i);
        return std::nullopt;
    }
  }

  std::optional<std::string> chain(const Expr& e, bool statement) {
    if (lambda_loop(e)) return std::nullopt;
    for (const auto& i : e.items) visit(i);
    // The first call in the chain decides; later segments (.Symbol) follow it.
    size_t call = 0;
    while (call < e.chain.size() && e.chain[call].type != Segment::Type::Call) ++call;
    if (call == e.chain.size() || call == 0 || e.is_new || !e.items.empty()) {
      for (const auto& s : e.chain)
        for (const auto& a : s.args) visit(a.value);
      return std::nullopt;
    }
    std::vector<std::string> receiver;
    for (size_t k = 0; k + 1 < call; ++k) {
      if (e.chain[k].type != Segment::Type::Name) {
        receiver.push_back("?");
        continue;
      }
      if (k == 0 && is_self(e.chain[k].name)) continue;
      receiver.push_back(norm(e.chain[k].name));
    }
    const Segment& name = e.chain[call - 1];
    const Segment& args = e.chain[call];
    const std::string m = norm(name.name);
    std::optional<std::string> result;
    bool handled = true;
    const bool own = receiver.empty();
    const bool method_call = lang_ == Language::CSharp || is_self(e.chain[0].name);
    // The algorithm's own methods (and its base classes' in the file) are
    // read with their parameters bound; `super().initialize()` and
    // `base.Initialize()` read the base class's.
    const MethodDef* target = nullptr;
    const Segment* target_args = &args;
    size_t target_tok = name.tok;
    if (own && method_call) {
      target = find_method(algorithm_class_, name.name, args.args.size());  // virtual: from the algorithm's class
    } else if (lang_ == Language::Python && own && name.name == "super" && e.chain.size() >= 4 &&
               e.chain[2].type == Segment::Type::Name && e.chain[3].type == Segment::Type::Call) {
      target = find_in_bases(e.chain[2].name, e.chain[3].args.size());
      target_args = &e.chain[3];
      target_tok = e.chain[2].tok;
    } else if (lang_ == Language::CSharp && receiver.size() == 1 && receiver[0] == "base") {
      target = find_in_bases(name.name, args.args.size());
    }
    if (target) {
      for (const auto& s : e.chain)
        for (const auto& a : s.args) visit(a.value);
      follow(*target, target_args, target_tok);
      return std::nullopt;
    }
    // LEAN's call, when it is one: the algorithm's own (`self.x`), or the scheduling manager's `Schedule.On`.
    const ApiCall* api = nullptr;
    if (own) api = lean_call(m);
    else if (receiver.size() == 1 && receiver[0] == "schedule" && m == "on") api = lean_call("Schedule.On");
    const ApiRole role = api ? api->role : ApiRole::Quiet;
    if (runtime_) {  // code that runs while the algorithm runs: only Train is simulated from it
      if (role == ApiRole::Train) {
        runtime_train(name, args, e);
        return std::nullopt;
      }
      for (const auto& s : e.chain)
        for (const auto& a : s.args) visit(a.value);
      if (role == ApiRole::ScheduleOn) {
        seen(false, args, e.first);
        warn(name.tok, "Schedule.On in " + runtime_->where + " creates an event while the algorithm runs: not "
                       "simulated; add the event to simulation.events if it matters");
      } else if (role == ApiRole::AddSecurity || role == ApiRole::Subscribe) {
        warn(name.tok, name.name + " in " + runtime_->where + " subscribes while the algorithm runs: not simulated "
                       "(the calendar comes from Initialize's subscriptions); add it to simulation.securities if "
                       "its bars change the calendar");
      }
      return std::nullopt;
    }
    switch (role) {
      case ApiRole::StartDate: date("start", name, args, e); break;
      case ApiRole::EndDate: date("end", name, args, e); break;
      case ApiRole::TimeZone: time_zone(name, args); break;
      case ApiRole::Benchmark: benchmark(name, args); break;
      case ApiRole::WarmUp: warm_up(name, args); break;
      case ApiRole::Brokerage: brokerage(name, args); break;
      case ApiRole::Train: train(name, args, e); break;
      case ApiRole::ScheduleOn: schedule_on(name, args, e); break;
      case ApiRole::AddSecurity: result = add_security(name, args, e); break;
      case ApiRole::Subscribe: result = add(*api, name, args, 0, e); break;
      case ApiRole::UnreadSubscription:
        warn(name.tok, name.name + ": a subscription trainsim does not read; if its bars change the calendar, "
                       "add the security to simulation.securities");
        break;
      case ApiRole::Quiet: handled = false; break;  // its arguments are still searched below
    }
    if (!handled) {
      for (const auto& s : e.chain)
        for (const auto& a : s.args) visit(a.value);
      // A statement that calls a method the file does not define may
      // subscribe or schedule; a Python free function (print, super) does not.
      if (statement && own && method_call && !api)
          warn(name.tok, "`" + name.name + "(...)` is not read (no such method in this file's algorithm class or "
                         "its bases); if it adds securities or schedules events, add them to the config's "
                         "`simulation` block");
    }
    if (result) subscription_tickers_[e.first] = *result;
    return result;
  }


  // Positional argument i or the keyword `name` (C# camelCase or Python snake_case).
  static const Expr* arg(const Segment& call, size_t i, const char* name) {
    for (const auto& a : call.args)
      if (!a.name.empty() && norm(a.name) == norm(name)) return &a.value;
    size_t pos = 0;
    for (const auto& a : call.args) {
      if (!a.name.empty()) break;
      if (pos++ == i) return &a.value;
    }
    return nullptr;
  }
  static size_t positional(const Segment& call) {
    size_t n = 0;
    for (const auto& a : call.args) n += a.name.empty() ? 1 : 0;
    return n;
  }

  void source(const std::string& key, size_t tok) {
    for (auto& [k, v] : out_.sources)
      if (k == key) {
        v = line_of(tok);
        return;
      }
    out_.sources.emplace_back(key, line_of(tok));
  }

  void date(const std::string& key, const Segment& name, const Segment& call, const Expr& whole) {
    const std::string setter = name.name;
    const std::string hint = "set simulation." + key + " (yyyy-mm-dd) in the config";
    dates_called_.insert(key);
    std::optional<Day> day;
    if (call.args.size() == 3) {
      int v[3] = {0, 0, 0};
      bool ok = true;
      for (int k = 0; k < 3; ++k) {
        const Expr& a = call.args[static_cast<size_t>(k)].value;
        ok &= a.kind == Expr::Kind::Number && !a.text.empty() &&
              std::all_of(a.text.begin(), a.text.end(), [](char c) { return c >= '0' && c <= '9'; }) && a.text.size() < 6;
        if (ok) v[k] = std::stoi(a.text);
      }
      if (!ok) {
        warn(call.tok, setter + " with values trainsim cannot evaluate: " + hint);
        return;
      }
      if (!is_valid_ymd(v[0], static_cast<unsigned>(v[1]), static_cast<unsigned>(v[2])))
        error(call.args[0].value.first, setter + "(" + std::to_string(v[0]) + ", " + std::to_string(v[1]) + ", " +
                                            std::to_string(v[2]) + ") is not a valid date");
      day = day_from_ymd(v[0], static_cast<unsigned>(v[1]), static_cast<unsigned>(v[2]));
    } else if (call.args.size() == 1) {
      const Expr& a = call.args[0].value;
      if (auto s = literal_string(a)) {
        day = parse_date(*s);
        if (!day) error(a.first, setter + "(\"" + *s + "\"): not a date trainsim can read (yyyy-mm-dd)");
      } else {
        const Rendered r = render(a, false);
        try {
          if (!r.unresolved) day = rules::as_date(rules::parse_expression(r.text));
        } catch (const RuleError&) {
        }
        if (!day) {
          warn(a.first, setter + "(" + source_text(a) + "): a date trainsim cannot evaluate statically; " + hint);
          return;
        }
      }
    } else {
      warn(call.tok, setter + " with " + std::to_string(call.args.size()) + " arguments trainsim cannot read; " + hint);
      return;
    }
    sim_[key] = format_date(*day);
    source(key, whole.first);
    ++settings_read_;
  }

  void time_zone(const Segment& name, const Segment& call) {
    if (call.args.size() != 1) {
      warn(call.tok, name.name + " with arguments trainsim cannot read; set simulation.time-zone");
      return;
    }
    const Expr& a = call.args[0].value;
    std::optional<TimeZone> tz;
    if (auto s = literal_string(a)) {
      tz = TimeZone::find(*s);
      if (!tz) error(a.first, "unknown time zone \"" + *s + "\" (an IANA id such as America/New_York)");
    } else {
      const Rendered r = render(a, false);
      if (!r.unresolved && a.kind == Expr::Kind::Chain && !a.chain.empty() && norm(a.chain[0].name) == "timezones") {
        try {
          tz = rules::as_time_zone(rules::parse_expression(r.text));
        } catch (const RuleError& e) {
          error(token_at(r, e.column), e.what());
        }
      }
      if (!tz) {
        warn(a.first, name.name + "(" + source_text(a) + "): a time zone trainsim cannot evaluate; set simulation.time-zone");
        return;
      }
    }
    sim_["time-zone"] = tz->name();
    source("time-zone", name.tok);
    ++settings_read_;
  }

  // A number literal's value (digits, one '.', optional `_`s and a C# m/d/f suffix).
  static std::optional<double> number_value(const Expr& e) {
    if (e.kind != Expr::Kind::Number) return std::nullopt;
    std::string t;
    for (char c : e.text)
      if (c != '_') t += c;
    while (!t.empty() && std::string("mMdDfFlLuU").find(t.back()) != std::string::npos) t.pop_back();
    if (t.empty() || t.size() > 15 || t.find_first_not_of("0123456789.") != std::string::npos ||
        std::count(t.begin(), t.end(), '.') > 1 || t == ".")
      return std::nullopt;
    return std::stod(t);
  }

  // timedelta(...) / TimeSpan.FromX(n) / new TimeSpan(...): whole seconds.
  std::optional<long long> period_seconds(const Expr& e) const {
    if (e.kind != Expr::Kind::Chain || !e.items.empty() || e.chain.size() < 2) return std::nullopt;
    const Segment& call = e.chain.back();
    if (call.type != Segment::Type::Call) return std::nullopt;
    const std::string f = norm(e.chain[e.chain.size() - 2].name);
    double seconds = 0;
    auto value = [&](const Expr& x) -> std::optional<double> {
      if (auto n = number_value(x)) return n;
      if (auto i = integer_of(x)) return static_cast<double>(*i);
      return std::nullopt;
    };
    if (f == "timedelta" && e.chain.size() == 2) {
      // timedelta(days, seconds, microseconds, milliseconds, minutes, hours, weeks)
      static const std::pair<const char*, double> kUnits[] = {{"days", 86400}, {"seconds", 1}, {"microseconds", 1e-6},
                                                              {"milliseconds", 1e-3}, {"minutes", 60}, {"hours", 3600},
                                                              {"weeks", 604800}};
      size_t pos = 0;
      for (const auto& a : call.args) {
        double unit = 0;
        if (a.name.empty()) {
          if (pos >= std::size(kUnits)) return std::nullopt;
          unit = kUnits[pos++].second;
        } else {
          for (const auto& [n, u] : kUnits)
            if (a.name == n) unit = u;
          if (unit == 0) return std::nullopt;
        }
        auto v = value(a.value);
        if (!v) return std::nullopt;
        seconds += *v * unit;
      }
    } else if (e.chain.size() == 3 && norm(e.chain[0].name) == "timespan") {
      static const std::pair<const char*, double> kFrom[] = {{"fromdays", 86400}, {"fromhours", 3600},
                                                             {"fromminutes", 60}, {"fromseconds", 1},
                                                             {"frommilliseconds", 1e-3}};
      double unit = 0;
      for (const auto& [n, u] : kFrom)
        if (f == n) unit = u;
      if (unit == 0 || call.args.size() != 1) return std::nullopt;
      auto v = value(call.args[0].value);
      if (!v) return std::nullopt;
      seconds = *v * unit;
    } else if (e.is_new && f == "timespan") {
      // new TimeSpan(hours, minutes, seconds) / (days, hours, minutes, seconds)
      const auto& a = call.args;
      if (a.size() != 3 && a.size() != 4) return std::nullopt;
      const double units3[] = {3600, 60, 1}, units4[] = {86400, 3600, 60, 1};
      for (size_t k = 0; k < a.size(); ++k) {
        auto v = value(a[k].value);
        if (!v) return std::nullopt;
        seconds += *v * (a.size() == 3 ? units3[k] : units4[k]);
      }
    } else {
      return std::nullopt;
    }
    if (seconds < 0 || seconds > 1e11 || seconds != static_cast<double>(static_cast<long long>(seconds)))
      return std::nullopt;
    return static_cast<long long>(seconds);
  }

  static std::string duration_text(long long seconds) {
    if (seconds == 0) return "0d";
    std::string out;
    for (const auto& [unit, size] : {std::pair<const char*, long long>{"d", 86400}, {"h", 3600}, {"m", 60}, {"s", 1}}) {
      if (seconds >= size) out += std::to_string(seconds / size) + unit;
      seconds %= size;
    }
    return out;
  }

  // SetWarmUp(period | bars[, resolution]) -> simulation.warm-up.
  void warm_up(const Segment& name, const Segment& call) {
    const std::string hint = "set simulation.warm-up (\"30d\", a bar count, or {\"bars\": 200, \"resolution\": \"daily\"})";
    const Expr* what = arg(call, 0, "period");
    if (!what) what = arg(call, 0, "barCount");
    if (!what || positional(call) + (call.args.size() - positional(call)) > 2) {
      warn(call.tok, name.name + " with arguments trainsim cannot read; " + hint);
      return;
    }
    nlohmann::ordered_json value;
    bool bars = false;
    if (auto n = integer_of(*what)) {
      if (*n < 0) error(what->first, name.name + ": a negative bar count");
      value = *n;
      bars = true;
    } else if (auto p = period_seconds(*what)) {
      value = duration_text(*p);
    } else {
      warn(what->first, name.name + "(" + source_text(*what) + "): a period trainsim cannot evaluate; " + hint);
      return;
    }
    if (const Expr* r = arg(call, 1, "resolution"); r && r->kind != Expr::Kind::None) {
      auto res = resolution_of(*r);
      if (!res) {
        warn(r->first, name.name + ": resolution `" + source_text(*r) + "` trainsim cannot read; " + hint);
        return;
      }
      nlohmann::ordered_json o;
      o[bars ? "bars" : "period"] = value;
      o["resolution"] = *res;
      value = o;
    }
    sim_["warm-up"] = value;
    source("warm-up", name.tok);
    ++settings_read_;
  }

  // SetBrokerageModel(BrokerageName.X[, AccountType]) or (new XBrokerageModel(...)) -> simulation.brokerage.
  void brokerage(const Segment& name, const Segment& call) {
    const Expr* a = arg(call, 0, "brokerage");
    if (!a) a = arg(call, 0, "model");
    std::string member;
    if (a && a->kind == Expr::Kind::Chain && a->items.empty() && a->chain.size() >= 2 &&
        a->chain.back().type == Segment::Type::Name && norm(a->chain[a->chain.size() - 2].name) == "brokeragename") {
      member = a->chain.back().name;
    } else if (a && a->kind == Expr::Kind::Chain && a->items.empty() && a->chain.size() >= 2 &&
               a->chain.back().type == Segment::Type::Call && a->chain[a->chain.size() - 2].type == Segment::Type::Name) {
      const std::string& cls = a->chain[a->chain.size() - 2].name;  // new XBrokerageModel() / XBrokerageModel()
      const std::string n = norm(cls);
      const std::string suffix = "brokeragemodel";
      if (n == "defaultbrokeragemodel") member = "Default";
      else if (n.size() > suffix.size() && n.compare(n.size() - suffix.size(), suffix.size(), suffix) == 0)
        member = cls.substr(0, cls.size() - 5);  // XBrokerageModel -> XBrokerage (the member's spelling)
    }
    if (member.empty()) {
      warn(a ? a->first : call.tok, name.name + "(" + (a ? source_text(*a) : "") +
                                        "): a brokerage model trainsim cannot name; set simulation.brokerage "
                                        "(a BrokerageName member, e.g. \"interactive-brokers\")");
      return;
    }
    sim_["brokerage"] = member;
    source("brokerage", name.tok);
    ++settings_read_;
  }

  void benchmark(const Segment& name, const Segment& call) {
    const Expr* a = call.args.empty() ? nullptr : &call.args[0].value;
    std::optional<std::string> t = a ? ticker_of(*a) : std::nullopt;
    if (t && ascii_upper(*t) == "SPY") return;  // LEAN's default benchmark: nothing changes
    sim_["benchmark"] = false;
    source("benchmark", name.tok);
    ++settings_read_;
    if (a && a->kind == Expr::Kind::Lambda) return;  // SetBenchmark(func): LEAN removes the feed
    warn(name.tok, name.name + "(" + (a ? source_text(*a) : "") +
                       "): trainsim drops the default SPY benchmark's hourly loops; LEAN would add this benchmark's "
                       "own hourly feed, which is not simulated (list it in simulation.securities if it matters)");
  }

  std::optional<std::string> add_security(const Segment& name, const Segment& call, const Expr& whole) {
    const Expr* type = arg(call, 0, "securityType");
    if (!type || type->kind != Expr::Kind::Chain || type->chain.size() < 2 ||
        norm(type->chain[type->chain.size() - 2].name) != "securitytype") {
      warn(name.tok, "AddSecurity(" + std::string(type ? source_text(*type) : "") +
                         ", ...): a security trainsim cannot read statically; add it to simulation.securities");
      return std::nullopt;
    }
    if (const ApiCall* sub = subscription_for_type(type->chain.back().name)) return add(*sub, name, call, 1, whole);
    warn(type->chain.back().tok, "AddSecurity(SecurityType." + type->chain.back().name +
                                     "): a security type trainsim does not read; add it to simulation.securities");
    return std::nullopt;
  }

  // AddEquity and friends; `shift` is 1 for AddSecurity's leading SecurityType.
  std::optional<std::string> add(const ApiCall& sub, const Segment& name, const Segment& call, size_t shift,
                                 const Expr& whole) {
    const Expr* ticker_arg = arg(call, shift, "ticker");
    if (!ticker_arg) ticker_arg = arg(call, shift, "symbol");
    if (!ticker_arg) {
      warn(name.tok, name.name + " without a ticker; add the security to simulation.securities");
      return std::nullopt;
    }
    std::optional<std::string> ticker = ticker_of(*ticker_arg);
    std::string market = sub.market;
    const bool future = std::string(sub.type) == "Future";
    if (!ticker && future && ticker_arg->kind == Expr::Kind::Chain && !ticker_arg->chain.empty() &&
        norm(ticker_arg->chain[0].name) == "futures") {
      if (const FutureRoot* f = future_constant(ticker_arg->chain.back().name)) ticker = f->ticker;
      if (!ticker) {
        warn(ticker_arg->first, "`" + source_text(*ticker_arg) +
                                    "`: a futures constant trainsim does not know; add the future to simulation.securities");
        return std::nullopt;
      }
    }
    if (!ticker) {
      warn(ticker_arg->first, name.name + "(" + source_text(*ticker_arg) +
                                  "): a ticker trainsim cannot read statically (a parameter or a computed value); "
                                  "add the security to simulation.securities");
      return std::nullopt;
    }
    if (future) {
      const FutureRoot* root = future_root(ascii_upper(*ticker));
      if (root) market = root->market;
      if (!root && !arg(call, shift + 2, "market"))
        warn(ticker_arg->first, "future " + *ticker + ": trainsim does not know its exchange and uses cme; "
                                    "pass Market.X or set simulation.securities");
    }
    std::string resolution = default_resolution_;
    if (const Expr* r = arg(call, shift + 1, "resolution"); r && r->kind != Expr::Kind::None) {
      if (auto v = resolution_of(*r)) resolution = *v;
      else
        warn(r->first, "resolution `" + source_text(*r) + "` is not a Resolution.X trainsim can read; it uses " +
                           resolution + "; set it in simulation.securities");
    }
    if (const Expr* mk = arg(call, shift + 2, "market"); mk && mk->kind != Expr::Kind::None) {
      if (auto s = literal_string(*mk)) market = rules::normalize(*s);
      else if (mk->kind == Expr::Kind::Chain && mk->chain.size() >= 2 && norm(mk->chain[mk->chain.size() - 2].name) == "market")
        market = rules::normalize(mk->chain.back().name);
      else
        warn(mk->first, "market `" + source_text(*mk) + "` is not one trainsim can read; it uses " + market);
    }
    if (const Expr* ff = arg(call, shift + 3, "fillForward"); ff && ff->kind == Expr::Kind::Bool && !ff->boolean)
      warn(ff->first, "fill-forward off: trainsim still assumes a bar at every step of the open market "
                      "(missing bars are not modelled)");
    bool extended = default_extended_;
    const Expr* ext = sub.extended_hours_index >= 0 ? arg(call, shift + static_cast<size_t>(sub.extended_hours_index), "extendedMarketHours")
                                         : arg(call, 99, "extendedMarketHours");
    if (ext) {
      if (ext->kind == Expr::Kind::Bool) extended = ext->boolean;
      else warn(ext->first, "extended market hours from an expression trainsim cannot read; set simulation.securities");
    }
    const std::string key = security_key(sub.type, market, ascii_upper(*ticker));
    if (const auto found = security_index_.find(key); found != security_index_.end()) {
      const auto& s = securities_[found->second];  // LEAN returns the existing security
      if (s["resolution"] != resolution || s["extended-market-hours"] != extended)
        warn(name.tok, key + " is already subscribed (" + s["source"].get<std::string>() +
                           "); trainsim keeps that subscription's resolution and hours");
      return *ticker;
    }
    nlohmann::ordered_json s;
    s["security"] = key;
    s["resolution"] = resolution;
    s["extended-market-hours"] = extended;
    s["source"] = line_of(whole.first);
    security_index_.emplace(key, securities_.size());
    securities_.push_back(std::move(s));
    return *ticker;
  }

  // The method an event calls: its name, or empty for a lambda (LEAN's name then).
  std::optional<std::string> method_name(const Expr& m) {
    if (m.kind == Expr::Kind::Lambda) return std::string();
    // Python's old Action(self.method) wrapper.
    if (m.kind == Expr::Kind::Chain && m.chain.size() == 2 && m.chain[1].type == Segment::Type::Call &&
        m.chain[1].args.size() == 1 && (norm(m.chain[0].name) == "action" || norm(m.chain[0].name) == "func"))
      return method_name(m.chain[1].args[0].value);
    if (m.kind == Expr::Kind::Chain && m.items.empty()) {
      bool names = true;
      for (const auto& s : m.chain) names &= s.type == Segment::Type::Name;
      if (names) return m.chain.back().name;
    }
    return std::nullopt;
  }

  struct ParsedRules {
    std::string date_text, time_text, lean_name;
  };
  std::optional<ParsedRules> rules_of(const Expr& d, const Expr& t, const std::string& what) {
    const Rendered dr = render(d), tr = render(t);
    ParsedRules out{dr.text, tr.text, ""};
    // The rule parser would read an unbound `self.x` as ticker "X": a guess, so not taken.
    if (dr.unresolved || tr.unresolved) {
      warn(dr.unresolved ? d.first : t.first,
           what + " not read: its rule names a value trainsim cannot resolve; add the event to simulation.events");
      return std::nullopt;
    }
    std::string names[2];
    for (int k = 0; k < 2; ++k) {
      const Rendered& r = k == 0 ? dr : tr;
      try {
        names[k] = k == 0 ? parse_date_rule(r.text).name() : parse_time_rule(r.text).name();
      } catch (const RuleError& e) {
        error(e.column ? token_at(r, e.column) : (k == 0 ? d.first : t.first),
              std::string(k == 0 ? "date rule: " : "time rule: ") + e.what());
      }
    }
    out.lean_name = names[0] + ": " + names[1];
    return out;
  }

  // `method` empty: a lambda, whose duration goes on the entry itself.
  void add_event(bool training, const std::string& name, const std::string& method,
                 const std::optional<ParsedRules>& rules, size_t tok, const Expr& callback) {
    Callback cb{method, 0, 0};
    if (callback.kind == Expr::Kind::Lambda) {
      cb.lambda_first = callback.first;
      cb.lambda_last = callback.last;
    }
    callbacks_.push_back(std::move(cb));
    nlohmann::ordered_json ev;
    ev["training"] = training;
    if (!name.empty()) ev["name"] = name;
    if (method != name) ev["method"] = method;
    if (rules) {
      ev["date-rule"] = rules->date_text;
      ev["time-rule"] = rules->time_text;
    } else {
      ev["when"] = "now";
    }
    ev["source"] = line_of(tok);
    events_.push_back(std::move(ev));
    if (!method.empty() && methods_named_.insert(method).second) out_.methods.push_back(method);
  }

  // Train takes a method, or a date rule, a time rule and a method.
  size_t train_arguments(const Segment& name, const Segment& call) const {
    const size_t n = call.args.size();
    if (n != 1 && n != 3)
      error(call.tok, name.name + " takes a method (Train(method)) or a date rule, a time rule and a method; got " +
                          std::to_string(n) + " argument" + (n == 1 ? "" : "s"));
    return n;
  }

  void train(const Segment& name, const Segment& call, const Expr& whole) {
    seen(true, call, whole.first);
    const size_t n = train_arguments(name, call);
    const Expr& m = call.args[n - 1].value;
    auto method = method_name(m);
    if (!method) {
      warn(m.first, name.name + "(... " + source_text(m) + "): a method trainsim cannot name; the event is named "
                                                           "after its rules as LEAN names it");
      method = std::string();
    }
    if (n == 1) {
      // LEAN's name for an unnamed Train(now) is "Training: Now: <UTC time>"; the config reader gives it.
      add_event(true, *method, *method, std::nullopt, whole.first, m);
      return;
    }
    auto r = rules_of(call.args[0].value, call.args[1].value, name.name);
    if (!r) return;
    add_event(true, method->empty() ? r->lean_name : *method, *method, r, whole.first, m);
  }

  void schedule_on(const Segment& name, const Segment& call, const Expr& whole) {
    seen(false, call, whole.first);
    const size_t n = call.args.size();
    if (n != 3 && n != 4)
      error(call.tok, "Schedule." + name.name + " takes a date rule, a time rule and a method (optionally a name "
                                                "first); got " + std::to_string(n) + " arguments");
    const size_t base = n - 3;
    const Expr& m = call.args[n - 1].value;
    auto method = method_name(m);
    std::string explicit_name;
    if (n == 4) {
      if (auto s = literal_string(call.args[0].value)) explicit_name = *s;
    }
    auto r = rules_of(call.args[base].value, call.args[base + 1].value, "Schedule." + name.name);
    if (!r) return;
    std::string event_name = method && !method->empty() ? *method : (explicit_name.empty() ? r->lean_name : explicit_name);
    if (!method) warn(m.first, "Schedule.On(..., " + source_text(m) + "): a callback trainsim cannot name; the event is named `" + event_name + "`");
    add_event(false, event_name, method ? *method : std::string(), r, whole.first, m);
  }

  // ---- code that runs while the algorithm runs
  // Train(method) called from a scheduled event's callback, from OnData, or
  // from a method either reaches, becomes a training entry with a `when`
  // object (docs/semantics.md#training-started-at-run-time); the callbacks of
  // those trainings are read in turn. OnEndOfDay is not simulated: its Train
  // calls are warned as not simulated.
  void read_runtime() {
    const size_t declared = events_.size();
    std::set<std::string, std::less<>> callers, read_methods;
    auto read_caller = [&](size_t k) {
      if (!events_[k].contains("name") || !events_[k]["name"].is_string()) return;
      const std::string name = events_[k]["name"].get<std::string>();
      if (!callers.insert(name).second) return;
      const Callback cb = callbacks_[k];  // events_ and callbacks_ grow while it is read
      const bool lambda = cb.lambda_last > cb.lambda_first;
      const MethodDef* m = lambda || cb.method.empty() ? nullptr : own_method(cb.method, 0);
      if (!lambda && !m) return;
      // A run-time training whose method was read already (as any event's callback) starts a chain.
      if (m && !read_methods.insert(cb.method).second && k >= declared) {
        warn(m->name_tok, "`" + cb.method + "` trains again when it runs (a chain of Train calls at run time): "
                          "trainsim reads the chain once; add further links to simulation.events if they matter");
        return;
      }
      begin_runtime({Runtime::Kind::After, name,
                     lambda ? "the callback of event `" + name + "`"
                            : "`" + cb.method + "` (called by event `" + name + "`)"});
      if (lambda) read_lambda(cb);
      else follow(*m, nullptr, m->name_tok);
      runtime_.reset();
    };
    for (size_t k = 0; k < declared; ++k) read_caller(k);
    if (const MethodDef* m = own_method("OnData", 1)) {
      begin_runtime({Runtime::Kind::OnData, "", "`" + m->name + "`"});
      follow(*m, nullptr, m->name_tok);
      runtime_.reset();
    }
    if (const MethodDef* m = own_method("OnEndOfDay", 1)) {
      begin_runtime({Runtime::Kind::Elsewhere, "", "`" + m->name + "`"});
      follow(*m, nullptr, m->name_tok);
      runtime_.reset();
    }
    for (size_t k = declared; k < events_.size(); ++k) read_caller(k);
  }

  // The algorithm's method `name` in any spelling (on_data, OnData), or null.
  const MethodDef* own_method(const std::string& name, size_t args) const {
    return find_method(algorithm_class_, name, args, /*normalized=*/true);
  }

  void begin_runtime(Runtime r) {
    runtime_ = std::move(r);
    conditions_ = 0;
    maybe_returned_ = false;
  }

  // A lambda callback: `lambda: self.check()`, `() => Check()`, `() => { ... }`.
  void read_lambda(const Callback& cb) { read_lambda(cb.lambda_first, cb.lambda_last); }
  void read_lambda(size_t first, size_t last) {
    size_t arrow = first;
    while (arrow < last && !is_punct(t_[arrow], "=>") && !is_punct(t_[arrow], ":")) ++arrow;
    const size_t b = arrow + 1;
    if (b >= last) return;
    if (lang_ == Language::CSharp && is_punct(t_[b], "{")) {
      statements(csharp_statements(t_, b + 1, closing(b)));
      return;
    }
    ExprParser p(t_, lang_, b, last);
    while (!p.done()) {
      const size_t before = p.pos();
      visit(p.expr(), true);
      if (p.pos() == before) break;
    }
  }

  bool event_named(const std::string& name) const {
    for (const auto& e : events_)
      if (e.contains("name") && e["name"] == name) return true;
    return false;
  }

  void runtime_train(const Segment& name, const Segment& call, const Expr& whole) {
    seen(true, call, whole.first);
    const size_t n = train_arguments(name, call);
    const std::string& where = runtime_->where;
    if (n == 3) {
      warn(whole.first, name.name + "(date rule, time rule, method) in " + where + " schedules a training while the "
                        "algorithm runs: not simulated; add it to simulation.events with its rules");
      return;
    }
    const auto method = method_name(call.args[0].value);
    if (!method || method->empty()) {
      warn(whole.first, name.name + "(" + source_text(call.args[0].value) + ") in " + where + ": a method trainsim "
                        "cannot name: not simulated; add a training entry with a `when` object to simulation.events");
      return;
    }
    const std::string call_text = name.name + "(" + *method + ")";
    if (runtime_->kind == Runtime::Kind::Elsewhere) {
      warn(whole.first, call_text + " in " + where + ": trainsim does not simulate when " + where + " runs, so this "
                        "training is not simulated; add a training entry to simulation.events (date and time rules, "
                        "or a `when` object: {\"after\": EVENT}, {\"dates\": [...]}, {\"on-data\": {}})");
      return;
    }
    const bool on_data = runtime_->kind == Runtime::Kind::OnData;
    std::string entry = *method;
    if (event_named(entry)) entry = *method + (on_data ? " from OnData" : " after " + runtime_->after);
    for (int k = 2; event_named(entry); ++k) entry = *method + " (" + std::to_string(k) + ")";
    nlohmann::ordered_json ev;
    ev["training"] = true;
    ev["name"] = entry;
    if (entry != *method) ev["method"] = *method;
    nlohmann::ordered_json when;
    if (on_data) when["on-data"] = nlohmann::ordered_json::object();
    else when["after"] = runtime_->after;
    ev["when"] = std::move(when);
    ev["source"] = line_of(whole.first);
    const std::string path = "simulation.events[" + std::to_string(events_.size()) + "].when.";
    events_.push_back(std::move(ev));
    callbacks_.push_back({*method, 0, 0});
    if (methods_named_.insert(*method).second) out_.methods.push_back(*method);
    const bool conditional = conditions_ > 0 || maybe_returned_;
    const size_t warnings = out_.warnings.size();
    if (on_data)
      warn(whole.first, call_text + " in " + where + ": modelled as one call a day at most, after the date's first "
                        "OnData, with per-day-probability 1 (the default)" +
                        (conditional ? std::string("; it runs under a condition trainsim cannot decide")
                                     : std::string("; LEAN calls it at every OnData that reaches it")) +
                        ": set " + path + "on-data.per-day-probability to the share of days that train");
    else if (conditional)
      warn(whole.first, call_text + " in " + where + " runs under a condition trainsim cannot decide: modelled as "
                        "called after every completed occurrence of `" + runtime_->after + "` (probability 1, the "
                        "default); set " + path + "probability to the share of occurrences that train");
    if (out_.warnings.size() > warnings)
      out_.assumed.push_back({path + (on_data ? "on-data.per-day-probability" : "probability"), out_.warnings.back(),
                              at(whole.first) + ": " + call_text + " in " + where});
  }

  // Every `self.train(` / `Train(` call in the file (holes included), read or not.
  void find_train_calls() {
    std::set<size_t> lines;
    // In a base class's file, only the algorithm's own bases are its code.
    std::vector<std::pair<size_t, size_t>> bases;
    for (size_t c = algorithm_class_, depth = 0; c < classes_.size() && depth < 32; ++depth) {
      if (file_index(classes_[c].tok) != 0) bases.emplace_back(classes_[c].tok, classes_[c].end);
      size_t next = classes_.size();
      for (const auto& b : classes_[c].bases)
        if (const ClassDef* d = class_named(b); d && d != &classes_[c] && next == classes_.size()) next = class_index(d);
      c = next;
    }
    auto algorithm_code = [&](size_t k) {
      if (file_index(k) == 0) return true;
      const size_t at = k > end_tok_ ? hole_string(k) : k;
      for (const auto& [b, e] : bases)
        if (at >= b && at < e) return true;
      return false;
    };
    for (size_t k = 0; k + 1 < t_.size(); ++k) {
      const Token& x = t_[k];
      if (x.kind != TK::Ident || !is_punct(t_[k + 1], "(") || norm(x.text) != "train") continue;
      if (!algorithm_code(k)) continue;
      const bool dotted = k >= 2 && is_punct(t_[k - 1], ".");
      const bool on_self = dotted && t_[k - 2].kind == TK::Ident && is_self(t_[k - 2].text);
      const bool bare = lang_ == Language::CSharp && !dotted && !(k >= 1 && t_[k - 1].kind == TK::Ident);
      if (!(on_self || bare) || (in_not_taken(k) && !train_lines_seen_.count(line_of(k))) ||
          !lines.insert(x.line).second)
        continue;
      out_.train_calls.push_back(line_of(k));
      if (!train_lines_seen_.count(line_of(k)))
        warn(on_self ? k - 2 : k, "this Train call is not reached from Initialize, a scheduled event's callback or OnData (trainsim "
                "follows those and the methods they call): not simulated; add a training entry to simulation.events "
                "if it runs");
    }
  }

  // The string token whose interpolation hole holds token k (k after End).
  size_t hole_string(size_t k) const {
    for (const auto& [string, holes] : holes_of_)
      for (const auto& [b, e] : holes)
        if (k >= b && k < e) return string;
    return k;
  }

  void finish() {
    find_train_calls();
    finish_simulation(out_, files_[0], dates_called_.count("start") > 0, dates_called_.count("end") > 0, sim_,
                      securities_, events_);
  }

  Language lang_;
  std::optional<Parameters> parameters_;  // what GetParameter returns; none: unknown
  BaseClassLoader load_base_;             // the project files that define base classes; null: none
  std::vector<std::string> files_;        // names in messages: the algorithm's file first
  std::deque<std::string> texts_;         // their sources, line ends normalized (tokens view them: never moved)
  size_t noted_files_ = 0;                // files whose lexer notes are in out_.warnings
  std::vector<std::pair<size_t, size_t>> file_starts_;  // (first token, file), by first token
  Tokens t_;  // every file's tokens, then End, then the interpolation holes' tokens
  size_t end_tok_ = 0;    // the End token
  std::map<size_t, std::vector<std::pair<size_t, size_t>>> holes_of_;  // string token -> its holes' token ranges
  std::vector<ClassDef> classes_;
  std::vector<MethodDef> methods_;
  std::map<size_t, std::vector<Stmt>> bodies_;  // def token -> the method's statements
  std::vector<const MethodDef*> call_stack_;    // Initialize, then the methods it calls
  size_t algorithm_class_ = 0;                  // where `self.x()` is looked up first
  bool returned_ = false;                       // a `return` ended the method being read
  enum class Branch { None, Taken, NotTaken, Undecided };
  Branch branch_ = Branch::None;                // the if/elif chain being read
  size_t return_tok_ = 0;
  std::set<std::string, std::less<>> numeric_;               // bindings that are numbers, not strings
  std::set<std::string, std::less<>> numeric_lists_;         // list bindings of numbers
  std::vector<std::string> calls_seen_;         // Train/Schedule.On calls met (see seen)
  std::set<std::string, std::less<>> train_lines_seen_;      // "main.py:40" of every Train call met, read or not
  std::vector<std::pair<size_t, size_t>> not_taken_;  // token ranges of branches decided as not taken
  std::vector<Callback> callbacks_;  // what each entry of events_ calls
  std::optional<Runtime> runtime_;   // set while reading code that runs at run time (read_runtime)
  int conditions_ = 0;           // undecided ifs around the statement being read
  bool consuming_ = false;       // a `for` consumes the map(...) being read
  bool maybe_returned_ = false;  // an undecided `return` came before it in this method
  AlgorithmRead out_;
  nlohmann::ordered_json sim_ = nlohmann::ordered_json::object();
  std::vector<nlohmann::ordered_json> securities_, events_;
  size_t settings_read_ = 0;
  size_t statements_read_ = 0;           // statements read, loops unrolled
  mutable size_t characters_read_ = 0;   // theirs and their bound values' (see charge)
  std::map<std::string, size_t> security_index_;  // security key -> its place in securities_
  std::set<std::string, std::less<>> warned_, methods_named_;  // out_.warnings and out_.methods, to find them fast
  std::set<std::string, std::less<>> dates_called_;
  std::map<std::string, std::string, std::less<>> bindings_;
  std::map<std::string, std::vector<std::string>> list_bindings_;
  std::map<std::string, Rows> table_bindings_;  // dicts and lists of tuples bound to a name
  std::map<size_t, std::string> subscription_tickers_;  // expression start -> the ticker it subscribed
  std::string default_resolution_ = "minute";  // LEAN's UniverseSettings.Resolution
  bool default_extended_ = false;
};

}  // namespace

std::vector<std::string> trainings_not_simulated(const AlgorithmRead& read, const nlohmann::ordered_json& simulation) {
  std::set<std::string, std::less<>> from;
  for (const char* list : {"events", "training"})
    if (simulation.contains(list) && simulation[list].is_array())
      for (const auto& e : simulation[list])
        if (e.is_object() && e.contains("source") && e["source"].is_string() &&
            (std::string(list) == "training" || e.value("training", false)))
          from.insert(e["source"].get<std::string>());
  std::vector<std::string> out;
  for (const auto& c : read.train_calls)
    if (!from.count(c)) out.push_back(c);
  return out;
}

std::string read_summary(const AlgorithmRead& read, const nlohmann::ordered_json& simulation) {
  auto count = [&](const char* key) {
    return simulation.contains(key) && simulation[key].is_array() ? simulation[key].size() : size_t{0};
  };
  size_t events = count("events"), trainings = 0, runtime = 0;
  if (simulation.contains("events") && simulation["events"].is_array())
    for (const auto& e : simulation["events"]) {
      if (e.is_object() && e.contains("when") && e["when"].is_object()) ++runtime;
      else trainings += e.is_object() && e.value("training", false);
    }
  events -= runtime;
  const size_t subscriptions = count("securities");
  std::string s = "read from " + read.file;
  for (const auto& [file, cls] : read.base_files) s += " and " + file + " (its base class " + cls + ")";
  s += ": " + std::to_string(subscriptions) + " subscription" +
                  (subscriptions == 1 ? "" : "s") + ", " + std::to_string(events) + " scheduled event" +
                  (events == 1 ? "" : "s") + " (" + std::to_string(trainings) + " training" +
                  (trainings == 1 ? "" : "s") + ")";
  if (runtime > 0)
    s += ", " + std::to_string(runtime) + " training" + (runtime == 1 ? "" : "s") + " started at run time";
  // The lines warned about, per file: the algorithm's, then its base classes'.
  std::vector<std::string> files = {read.file};
  for (const auto& f : read.base_files) files.push_back(f.first);
  std::string not_read;
  for (const auto& file : files) {
    std::set<size_t> lines;
    const std::string prefix = file + ":";
    for (const auto& w : read.warnings) {
      if (w.rfind(prefix, 0) != 0) continue;
      size_t line = 0, k = prefix.size();
      while (k < w.size() && w[k] >= '0' && w[k] <= '9' && line < 100'000'000) line = line * 10 + static_cast<size_t>(w[k++] - '0');
      if (line > 0) lines.insert(line);
    }
    if (lines.empty()) continue;
    not_read += not_read.empty() ? "" : "; ";
    if (file != read.file) not_read += file + " ";
    not_read += lines.size() == 1 ? "line " : "lines ";
    size_t shown = 0;
    for (size_t l : lines) {
      if (shown++ == 20) {
        not_read += ", ...";
        break;
      }
      not_read += (shown == 1 ? "" : ", ") + std::to_string(l);
    }
  }
  if (!not_read.empty()) s += "; not read exactly (see the warnings): " + not_read;
  const auto lost = trainings_not_simulated(read, simulation);
  if (!lost.empty()) {
    s += "; Train calls not simulated: ";
    for (size_t k = 0; k < lost.size(); ++k) s += (k ? ", " : "") + lost[k];
  }
  return s;
}

void finish_simulation(AlgorithmRead& out, const std::string& file, bool has_start, bool has_end,
                       const nlohmann::ordered_json& settings, const std::vector<nlohmann::ordered_json>& securities,
                       const std::vector<nlohmann::ordered_json>& events) {
  auto note_source = [&out](const std::string& key, const std::vector<nlohmann::ordered_json>& list) {
    if (list.empty()) return;
    const std::string at = list.front().value("source", std::string());
    for (auto& [k, v] : out.sources)
      if (k == key) return void(v = at);
    out.sources.emplace_back(key, at);
  };
  nlohmann::ordered_json s;
  for (const std::string& k : known_simulation_keys()) {
    if (k == "securities") {
      if (!securities.empty()) s[k] = securities;
      note_source(k, securities);
    } else if (k == "events") {
      s[k] = events;
      note_source(k, events);
    } else if (settings.contains(k)) {
      s[k] = settings[k];
    }
  }
  out.simulation = std::move(s);
  const bool has_securities = !securities.empty();
  if (!has_start)
    out.warnings.push_back(file + ": no SetStartDate in Initialize; set simulation.start (trainsim's default is 2024-01-01)");
  if (!has_end)
    out.warnings.push_back(file + ": no SetEndDate in Initialize (LEAN runs to yesterday); set simulation.end "
                                  "(trainsim's default is 2024-12-31)");
  if (!has_securities)
    out.warnings.push_back(file + ": no subscription read in Initialize; trainsim uses simulation.security "
                                  "(default Equity-usa-SPY)");
}

AlgorithmRead read_algorithm_text(std::string_view source, Language lang, const std::string& file_name,
                                  const std::optional<Parameters>& parameters) {
  return Reader(file_name, source, lang, parameters, nullptr).run();
}

AlgorithmRead read_algorithm_project(const SourceFile& main, Language lang, const BaseClassLoader& load_base,
                                     const std::optional<Parameters>& parameters) {
  return Reader(main.name, main.text, lang, parameters, load_base).run();
}

std::filesystem::path resolve_algorithm_path(const std::filesystem::path& path) {
  std::error_code ec;
  const std::string name = path.string();
  if (std::filesystem::is_directory(path, ec)) {
    for (const char* f : {"main.py", "Main.cs"})
      if (std::filesystem::is_regular_file(path / f, ec)) return path / f;
    fail_input(name, "", "a project folder must hold main.py or Main.cs");
  }
  if (!std::filesystem::exists(path, ec)) fail_input(name, "", "no such file or folder (--algorithm)");
  const std::string ext = rules::normalize(path.extension().string());
  if (ext != ".py" && ext != ".cs")
    fail_input(name, "", "not an algorithm file: --algorithm takes a .py or .cs file, or a project folder");
  return path;
}

// An algorithm file larger than this is refused before it is read: the
// reader's memory grows with the source (README "Limits and hardening").
constexpr std::uint64_t kMaxAlgorithmFileBytes = std::uint64_t{4} << 20;

AlgorithmRead read_algorithm_file(const std::filesystem::path& path,
                                  const std::vector<std::pair<std::string, std::string>>& parameter_overrides) {
  const auto file = resolve_algorithm_path(path);
  const std::string text = read_input_file(file, kMaxAlgorithmFileBytes);
  const Language lang = rules::normalize(file.extension().string()) == ".py" ? Language::Python : Language::CSharp;
  const auto load_base = sibling_class_loader(file, lang, text, kMaxAlgorithmFileBytes);
  return Reader(file.string(), text, lang, project_parameters(file, parameter_overrides), load_base).run();
}

}  // namespace trainsim::algorithm
