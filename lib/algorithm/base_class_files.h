// algorithm/base_class_files.h — where an algorithm's base class lives when
// its file does not define it: another file of the project, found the way
// LEAN's own algorithms and the Lean CLI's projects are laid out.
#pragma once
#include "algorithm/algorithm_reader.h"

#include <filesystem>
#include <string>

namespace trainsim::algorithm {

// The project files beside `main` (same folder, same extension) that may
// define a class: `Name.cs` first in C# (one class per file, as LEAN's
// Algorithm.CSharp is laid out); in Python, the module a
// `from module import Name` (or `*`) of `main_text` names; then any sibling
// whose text defines `class Name`, among the first kMaxSiblingFiles by name.
// Each file is read under the algorithm file's size cap; one that cannot be
// read is passed over (the warning that the base was not found follows).
inline constexpr size_t kMaxSiblingFiles = 64;
BaseClassLoader sibling_class_loader(const std::filesystem::path& main, Language lang, const std::string& main_text,
                                     std::uint64_t max_file_bytes);

}  // namespace trainsim::algorithm
