// input/data_lines.h — reading the small text files a config points at
// (duration traces, recorded calendars): one value per line, '#' comments
// and blank lines skipped, errors naming file:line and the key path.
#pragma once
#include <filesystem>
#include <functional>
#include <string>

namespace trainsim {

// Calls `row(line, where)` for every data line; `where` is "file:line".
// Throws InputError when the file cannot be opened or `row` throws one.
void for_each_data_line(const std::filesystem::path& file, const std::string& key_path, const char* what,
                        const std::function<void(const std::string& line, const std::string& where)>& row);

}  // namespace trainsim
