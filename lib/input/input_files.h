// input/input_files.h — every file a command reads (configs, algorithm
// files, traces, the market-hours database, shards, reports) is read through
// here: with a size cap, so a hostile file such as /dev/zero is refused rather
// than read until memory runs out, and remembered, so that outputs can be
// checked against the inputs before any work (an output never replaces an input).
#pragma once
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace trainsim {

// The cap for JSON configs, traces, shards and reports (README "Limits and hardening").
inline constexpr std::uint64_t kMaxInputFileBytes = std::uint64_t{64} << 20;

// The whole of `path`, at most `max_bytes`; throws InputError naming the
// file (missing, a folder, unreadable, or larger than the cap). Remembered
// as an input of this command.
std::string read_input_file(const std::filesystem::path& path, std::uint64_t max_bytes = kMaxInputFileBytes);

// Remembers `path` as an input of this command (for files read another way).
void note_input_file(const std::filesystem::path& path);

// An input as it was when read: how the user named it, and its identity.
struct InputFile {
  std::string path;      // as given
  std::string resolved;  // absolute, symlinks resolved
  bool identified = false;
  std::uint64_t device = 0, inode = 0;
  std::int64_t changed_ns = 0;  // st_ctim: an inode reused by a later file is not this file
};

// Every input remembered so far, once each (thread-safe).
std::vector<InputFile> input_files();
// Forgets them (tests run several commands in one process).
void forget_input_files();
// Forgets one: a command that updates that input on purpose (calibrate
// rewrites the project's config.json, keeping its other keys).
void forget_input_file(const std::filesystem::path& path);

}  // namespace trainsim
