// algorithm/reader_classes.cpp — the classes of the file and their methods:
// the algorithm class and its Initialize, the methods' statements, and a
// call followed into a method with its parameters bound.
#include "algorithm/reader.h"

#include "input/input_error.h"

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

namespace trainsim::algorithm::detail {
namespace {

// Methods of the algorithm followed from Initialize, one inside the other.
constexpr size_t kMaxCallDepth = 16;

}  // namespace

// The index of the bracket closing the one at k (the file passed check_syntax).
size_t Reader::closing(size_t k) const {
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
std::vector<std::string> Reader::group_names(size_t b, bool parameters) const {
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

void Reader::add_method(ClassDef& c, size_t cls, size_t name_tok, size_t def_tok, size_t params_open) {
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

void Reader::index_classes() {
  if (lang_ == Language::Python) index_python();
  else index_csharp();
}

void Reader::index_python() {
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

void Reader::index_csharp() {
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

const ClassDef* Reader::class_named(const std::string& name) const {
  for (auto it = classes_.rbegin(); it != classes_.rend(); ++it)
    if (it->name == name) return &*it;
  return nullptr;
}

size_t Reader::class_index(const ClassDef* c) const { return static_cast<size_t>(c - classes_.data()); }

// The class derives from QCAlgorithm, directly or through classes of the file.
bool Reader::is_algorithm(const ClassDef& c) const {
  return walk_bases(class_index(&c), next_class, [](const std::string& b, const ClassDef*) {
    return norm(b) == "qcalgorithm" ? BaseStep::Stop : BaseStep::Next;
  });
}

// `name` in class `cls` or, not there, in its bases in the file; with
// `args` arguments when C# overloads differ. `normalized`: any spelling.
const MethodDef* Reader::find_method(size_t cls, const std::string& name, size_t args, bool normalized) const {
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
const MethodDef& Reader::find_initialize() {
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

std::string Reader::join(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
  return s;
}

// A method's statements, read once.
const std::vector<Stmt>& Reader::body_of(const MethodDef& m) {
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
void Reader::follow(const MethodDef& m, const Segment* call, size_t tok) {
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

const MethodDef* Reader::find_in_bases(const std::string& name, size_t args) const {
  const size_t c = current_class();
  if (c >= classes_.size()) return nullptr;
  for (const auto& b : classes_[c].bases)
    if (const ClassDef* base = class_named(b); base && base != &classes_[c])
      if (auto m = find_method(class_index(base), name, args, lang_ == Language::Python && norm(name) == "initialize"))
        return m;
  return nullptr;
}

size_t Reader::current_class() const { return call_stack_.empty() ? classes_.size() : call_stack_.back()->cls; }

}  // namespace trainsim::algorithm::detail
