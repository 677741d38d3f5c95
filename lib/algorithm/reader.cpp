// algorithm/reader.cpp — a reading from start to end (the Reader's
// construction, run and steps), the project's files and their tokens, and
// the positions and messages every part of the reader reports with.
#include "algorithm/reader.h"

#include "algorithm/syntax_check.h"
#include "input/input_error.h"

#include <algorithm>
#include <iterator>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace trainsim::algorithm::detail {

Reader::Reader(const std::string& file, std::string_view text, Language lang, std::optional<Parameters> parameters,
               BaseClassLoader load_base)
    : lang_(lang), parameters_(std::move(parameters)), load_base_(std::move(load_base)) {
  out_.file = file;
  out_.language = lang;
  add_file(file, text);
  tokenize();
}

AlgorithmRead Reader::run() {
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

AlgorithmRead Reader::read() {
  index_classes();
  read_base_files();
  const MethodDef& init = find_initialize();
  follow(init, nullptr, init.name_tok);
  read_runtime();
  finish();
  return std::move(out_);
}

// ---- positions and messages
std::string Reader::at(size_t tok) const {
  const Token& t = t_[std::min(tok, t_.size() - 1)];
  return file_name(tok) + ":" + std::to_string(t.line) + ":" + std::to_string(t.column);
}

std::string Reader::line_of(size_t tok) const {
  return file_name(tok) + ":" + std::to_string(t_[std::min(tok, t_.size() - 1)].line);
}

void Reader::error(size_t tok, const std::string& message) const { throw InputError(at(tok) + ": " + message); }

// Once per place and message: an unrolled loop reads its body once per
// item, and would repeat the body's warnings as often.
void Reader::warn(size_t tok, const std::string& message) {
  std::string w = at(tok) + ": " + message;
  if (warned_.insert(w).second) out_.warnings.push_back(std::move(w));
}

std::string Reader::source_text(const Expr& e) const {
  if (e.last <= e.first) return "";
  return std::string(source_of(e.first).substr(t_[e.first].begin, t_[e.last - 1].end - t_[e.first].begin));
}

// ---- the project's files: the algorithm's, then those read for its base classes
void Reader::add_file(const std::string& name, std::string_view text) {
  files_.push_back(name);
  texts_.push_back(grammar::normalize_line_ends(text));
}

// Every file's tokens, one after the other, then the main file's End, then
// the interpolation holes' tokens. file_starts_ says which file each is from.
void Reader::tokenize() {
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

// Interpolation holes are code: their tokens go after End, each string's
// hole ranges in holes_of_ (nested f-strings too).
void Reader::lex_holes() {
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

size_t Reader::file_index(size_t tok) const {
  const auto it = std::upper_bound(file_starts_.begin(), file_starts_.end(), tok,
                                   [](size_t k, const std::pair<size_t, size_t>& s) { return k < s.first; });
  return it == file_starts_.begin() ? 0 : std::prev(it)->second;
}

const std::string& Reader::file_name(size_t tok) const { return files_[file_index(tok)]; }

std::string_view Reader::source_of(size_t tok) const { return texts_[file_index(tok)]; }

// The algorithm's class derives from classes the file does not define:
// read the project files that define them (a base of a base too), once each.
void Reader::read_base_files() {
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
std::string Reader::missing_base(const ClassDef& c, const std::set<std::string, std::less<>>& asked) const {
  std::string missing;
  walk_bases(class_index(&c), next_class, [&](const std::string& b, const ClassDef* base) {
    if (norm(b) == "qcalgorithm") return BaseStep::SkipClass;
    if (base || b.empty() || asked.count(b)) return BaseStep::Next;
    missing = b;
    return BaseStep::Stop;
  });
  return missing;
}

}  // namespace trainsim::algorithm::detail
