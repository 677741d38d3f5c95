// algorithm/reader.h — the Reader behind algorithm/algorithm_reader.h,
// private to lib/algorithm/ (not part of the API: everything else includes
// algorithm_reader.h). A Reader reads one algorithm once: its state is that
// reading's. Its member functions are defined by concern in the reader*.cpp
// files named below, each group in its file's order.
#pragma once
#include "algorithm/algorithm_reader.h"
#include "algorithm/lean_api.h"
#include "algorithm/parameters.h"
#include "algorithm/statements.h"
#include "grammar/expression.h"
#include "grammar/lexer.h"
#include "rules/rule_parser.h"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace trainsim::algorithm::detail {

using grammar::Expr;
using grammar::ExprParser;
using grammar::is_punct;
using grammar::kMaxNesting;
using grammar::NestingError;
using grammar::Segment;
using TK = Token::Kind;

inline bool is_self(std::string_view name) { return name == "self" || name == "this"; }

inline std::string norm(std::string_view s) { return rules::normalize(s); }

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
         BaseClassLoader load_base);

  AlgorithmRead run();

 private:
  class Scope;  // loop variables bound for one iteration (reader_loops.cpp)

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

  // How much reading has produced: a body read only to see whether it
  // matters is rewound to it. Entries are only ever appended, so a rewind
  // truncates (copying them instead was quadratic inside unrolled loops).
  struct ReadMark {
    size_t events, securities, warnings, methods, calls;
  };

  // `self.get_parameter("x"[, default])` / `GetParameter("x"[, default])`
  // when the parameters are known: its value, or the default, or none (None /
  // null, `missing` set) for a parameter not given.
  struct Parameter {
    std::string name;
    std::optional<std::string> value;
    bool missing = false;
  };

  // A Train or Schedule.On call's rules as text, and LEAN's name for the event (rules_of).
  struct ParsedRules {
    std::string date_text, time_text, lean_name;
  };

  // reader.cpp: a reading's steps; the project's files and their tokens; positions and messages.
  AlgorithmRead read();
  std::string at(size_t tok) const;
  std::string line_of(size_t tok) const;
  [[noreturn]] void error(size_t tok, const std::string& message) const;
  void warn(size_t tok, const std::string& message);
  std::string source_text(const Expr& e) const;
  void add_file(const std::string& name, std::string_view text);
  void tokenize();
  void lex_holes();
  size_t file_index(size_t tok) const;
  const std::string& file_name(size_t tok) const;
  std::string_view source_of(size_t tok) const;
  void read_base_files();
  std::string missing_base(const ClassDef& c, const std::set<std::string, std::less<>>& asked) const;

  // reader_classes.cpp: the file's classes and methods; a call followed into one.
  size_t closing(size_t k) const;
  std::vector<std::string> group_names(size_t b, bool parameters) const;
  void add_method(ClassDef& c, size_t cls, size_t name_tok, size_t def_tok, size_t params_open);
  void index_classes();
  void index_python();
  void index_csharp();
  const ClassDef* class_named(const std::string& name) const;
  size_t class_index(const ClassDef* c) const;
  bool is_algorithm(const ClassDef& c) const;
  const MethodDef* find_method(size_t cls, const std::string& name, size_t args, bool normalized = false) const;
  const MethodDef& find_initialize();
  static std::string join(const std::vector<std::string>& v);
  const std::vector<Stmt>& body_of(const MethodDef& m);
  void follow(const MethodDef& m, const Segment* call, size_t tok);
  const MethodDef* find_in_bases(const std::string& name, size_t args) const;
  size_t current_class() const;

  // reader_flow.cpp: statements in order (branches, `return`, the bound on reading); calls and assignments.
  void statements(const std::vector<Stmt>& list);
  std::optional<bool> decide(size_t b, size_t e, bool* by_mode = nullptr, std::string* missing = nullptr) const;
  std::optional<bool> parameter_condition(const Expr& x, std::string* missing) const;
  static bool no_warm_up(const nlohmann::ordered_json& w);
  bool decided_branch(const Stmt& s);
  bool not_taken(const std::vector<Stmt>& body);
  static size_t stmt_end(const Stmt& s);
  bool in_not_taken(size_t tok) const;
  void undecided_return(const std::string& keyword);
  void charge(size_t characters, size_t tok) const;
  size_t items_read() const;
  size_t span_characters(size_t first, size_t last) const;
  ReadMark read_mark() const;
  void rewind(const ReadMark& m);
  void statement(const Stmt& s);
  void simple(size_t b, size_t e);
  std::string target_key(size_t b, size_t eq) const;
  void assign(size_t b, size_t eq, const Expr& value, const std::optional<std::string>& ticker);

  // reader_loops.cpp: loops over literal values, unrolled.
  std::optional<std::vector<std::string>> counted_values(const Stmt& s, std::string& var) const;
  void counted_for(const Stmt& s);
  void unroll(const Stmt& s, const std::vector<std::string>& vars, const Rows& rows);
  void unknowable_loop(const Stmt& s, size_t tok, const std::string& what);
  void unknowable(const std::function<void()>& read_body, size_t tok, const std::string& what,
                  const std::string& advice = "list them in the config (simulation.securities, simulation.events)");
  void for_loop(const Stmt& s);
  std::vector<std::string> lambda_params(const Expr& l) const;
  bool lambda_loop(const Expr& e);
  bool is_map(const Expr& m) const;
  std::vector<std::string> loop_targets(size_t b, size_t e) const;
  static bool binds(const std::vector<std::string>& vars, const Rows& rows);
  void bind(Scope& scope, const std::vector<std::string>& vars, const Rows& rows, const std::vector<std::string>& row);
  std::string calls_named(size_t from) const;

  // reader_values.cpp: the values an expression has statically.
  std::optional<std::string> literal_string(const Expr& e) const;
  static std::optional<std::string> chain_key(const Expr& e, bool strip_symbol);
  std::optional<std::string> bound_ticker(const Expr& e) const;
  std::optional<Parameter> parameter_value(const Expr& e) const;
  std::optional<std::string> ticker_of(const Expr& e) const;
  std::optional<long long> integer_of(const Expr& e) const;
  std::optional<std::vector<std::string>> range_of(const Expr& e) const;
  bool numeric_values(const Expr& e) const;
  std::optional<std::vector<std::string>> list_of(const Expr& e) const;
  std::optional<std::string> scalar(const Expr& e, bool& numeric) const;
  std::optional<Rows> table_of(const Expr& e) const;
  static Rows column(const Rows& t, size_t c);
  std::optional<Rows> zipped(const std::vector<const Expr*>& iterables) const;
  std::optional<Rows> rows_of(const Expr& e) const;
  std::optional<std::string> resolution_of(const Expr& e);

  // reader_rendering.cpp: a rule or date argument as text for lib/rules.
  std::optional<long long> arithmetic(size_t b, size_t e) const;
  void render_into(const Expr& e, std::map<size_t, std::pair<size_t, std::string>>& subs, bool& unresolved,
                   bool tickers);
  Rendered render(const Expr& e, bool tickers = true);
  size_t token_at(const Rendered& r, size_t column) const;

  // reader_calls.cpp: every call visited, and each dispatched by what it calls.
  std::optional<std::string> visit(const Expr& e, bool statement = false);
  std::optional<std::string> chain(const Expr& e, bool statement);
  static const Expr* arg(const Segment& call, size_t i, const char* name);
  static size_t positional(const Segment& call);
  void source(const std::string& key, size_t tok);

  // reader_settings.cpp: the calls that set a run up, and the subscriptions.
  void date(const std::string& key, const Segment& name, const Segment& call, const Expr& whole);
  void time_zone(const Segment& name, const Segment& call);
  static std::optional<double> number_value(const Expr& e);
  std::optional<long long> period_seconds(const Expr& e) const;
  static std::string duration_text(long long seconds);
  void warm_up(const Segment& name, const Segment& call);
  void brokerage(const Segment& name, const Segment& call);
  void benchmark(const Segment& name, const Segment& call);
  std::optional<std::string> add_security(const Segment& name, const Segment& call, const Expr& whole);
  std::optional<std::string> add(const ApiCall& sub, const Segment& name, const Segment& call, size_t shift,
                                 const Expr& whole);

  // reader_events.cpp: Train and Schedule.On, in Initialize and at run time; every Train call.
  void seen(bool training, const Segment& call, size_t tok);
  std::optional<std::string> method_name(const Expr& m);
  std::optional<ParsedRules> rules_of(const Expr& d, const Expr& t, const std::string& what);
  void add_event(bool training, const std::string& name, const std::string& method,
                 const std::optional<ParsedRules>& rules, size_t tok, const Expr& callback);
  size_t train_arguments(const Segment& name, const Segment& call) const;
  void train(const Segment& name, const Segment& call, const Expr& whole);
  void schedule_on(const Segment& name, const Segment& call, const Expr& whole);
  void read_runtime();
  const MethodDef* own_method(const std::string& name, size_t args) const;
  void begin_runtime(Runtime r);
  void read_lambda(const Callback& cb);
  void read_lambda(size_t first, size_t last);
  bool event_named(const std::string& name) const;
  void runtime_train(const Segment& name, const Segment& call, const Expr& whole);
  void find_train_calls();
  size_t hole_string(size_t k) const;
  void finish();

  // The reading's state.
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

}  // namespace trainsim::algorithm::detail
