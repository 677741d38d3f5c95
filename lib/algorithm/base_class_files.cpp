// algorithm/base_class_files.cpp — finding the project file that defines an
// algorithm's base class.
#include "algorithm/base_class_files.h"

#include "input/input_error.h"
#include "input/input_files.h"
#include "text/ascii_case.h"

#include <algorithm>
#include <cctype>
#include <sstream>
#include <vector>

namespace trainsim::algorithm {
namespace {

bool ident_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// Whether `text` has `class Name` (then not a longer name). A mention in a
// comment passes too: the reader indexes the file's real classes after.
bool mentions_class(const std::string& text, const std::string& name) {
  for (size_t k = text.find("class"); k != std::string::npos; k = text.find("class", k + 5)) {
    if (k > 0 && ident_char(text[k - 1])) continue;
    size_t j = k + 5;
    if (j >= text.size() || !std::isspace(static_cast<unsigned char>(text[j]))) continue;
    while (j < text.size() && std::isspace(static_cast<unsigned char>(text[j]))) ++j;
    if (text.compare(j, name.size(), name) == 0 && (j + name.size() >= text.size() || !ident_char(text[j + name.size()])))
      return true;
  }
  return false;
}

// A Python `from module import a, b` (or `*`): the module as a file of the folder.
struct Import {
  std::string file;
  std::vector<std::string> names;
};
std::vector<Import> python_imports(const std::string& main_text) {
  std::vector<Import> out;
  std::istringstream lines(main_text);
  std::string line;
  while (std::getline(lines, line)) {
    size_t k = line.find_first_not_of(" \t");
    if (k == std::string::npos || line.compare(k, 5, "from ") != 0) continue;
    k += 5;
    const size_t module_end = line.find(" import ", k);
    if (module_end == std::string::npos) continue;
    std::string module = line.substr(k, module_end - k);
    module.erase(std::remove_if(module.begin(), module.end(), [](char c) { return std::isspace(static_cast<unsigned char>(c)); }),
                 module.end());
    while (!module.empty() && module.front() == '.') module.erase(0, 1);  // `from .base import X`: this folder
    Import i;
    std::string word;
    for (char c : line.substr(module_end + 8) + ",") {
      if (ident_char(c) || c == '*') {
        word += c;
      } else if (!word.empty()) {
        if (word != "as") i.names.push_back(word);
        word.clear();
      }
    }
    if (module.empty() || i.names.empty()) continue;
    std::replace(module.begin(), module.end(), '.', '/');
    i.file = module + ".py";
    out.push_back(std::move(i));
  }
  return out;
}

}  // namespace

BaseClassLoader sibling_class_loader(const std::filesystem::path& main, Language lang, const std::string& main_text,
                                     std::uint64_t max_file_bytes) {
  const std::filesystem::path dir = main.parent_path();
  const std::string ext = lang == Language::Python ? ".py" : ".cs";
  // The siblings, by name, read only when a base is looked for.
  std::vector<std::filesystem::path> siblings;
  std::error_code ec;
  for (std::filesystem::directory_iterator it(dir.empty() ? "." : dir, ec), end; !ec && it != end; it.increment(ec)) {
    const auto& p = it->path();
    if (ascii_lower(p.extension().string()) != ext || p.filename() == main.filename()) continue;
    if (!it->is_regular_file(ec)) continue;
    siblings.push_back(dir.empty() ? p.filename() : p);
  }
  std::sort(siblings.begin(), siblings.end());
  if (siblings.size() > kMaxSiblingFiles) siblings.resize(kMaxSiblingFiles);
  // Python's imports, read now: the loader keeps them, not the file's text.
  std::vector<Import> imports;
  if (lang == Language::Python) imports = python_imports(main_text);
  return [=](const std::string& name) -> std::optional<SourceFile> {
    std::vector<std::filesystem::path> candidates;
    if (lang == Language::CSharp) candidates.push_back(dir / (name + ".cs"));
    for (const auto& i : imports)
      if (std::find(i.names.begin(), i.names.end(), name) != i.names.end() ||
          std::find(i.names.begin(), i.names.end(), "*") != i.names.end())
        candidates.push_back(dir / i.file);
    candidates.insert(candidates.end(), siblings.begin(), siblings.end());
    for (const auto& c : candidates) {
      std::error_code e;
      if (c.filename() == main.filename() && std::filesystem::equivalent(c, main, e)) continue;
      if (!std::filesystem::is_regular_file(c, e)) continue;
      try {
        std::string text = read_input_file(c, max_file_bytes);
        if (mentions_class(text, name)) return SourceFile{c.string(), std::move(text)};
      } catch (const InputError&) {
        // unreadable or too large: not where the base is read from
      }
    }
    return std::nullopt;
  };
}

}  // namespace trainsim::algorithm
