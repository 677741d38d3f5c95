// output/output_file.h — every file trainsim writes (--report, --timeline,
// --out, --html, merge --out) goes through here, so that an output never
// damages a path and a failed command leaves nothing half-written:
//   "-"                         standard output, written straight;
//   a device, FIFO or socket    written straight (never renamed over);
//   a symlink                   resolved; its target obeys these rules;
//   a regular file or absent    written to a temporary file beside it, then
//                               renamed over it on commit.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace trainsim {

// Checks, before any work, that `path` can be written as above: its folder
// exists and is writable, it is not a folder. Throws ConfigError naming
// `option` and the path, with what the OS said.
void check_output(const std::string& path, const std::string& option);

// An output written as it is produced (the timeline) or all at once; nothing
// appears at `path` until commit(), and an uncommitted output is removed when
// destroyed. Errors throw std::runtime_error naming the path and the OS's reason.
class OutputFile {
 public:
  explicit OutputFile(const std::string& path);
  ~OutputFile();
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  void write(std::string_view text);
  // Flushes and, for a regular file, renames the temporary file into place.
  void commit();
  const std::string& path() const { return path_; }

 private:
  void flush();
  [[noreturn]] void fail(const std::string& what, int error) const;
  std::string path_;    // as given
  std::string target_;  // the symlink's target, or path_
  std::string temp_;    // empty when written straight
  int fd_ = -1;
  bool owns_fd_ = false;
  bool committed_ = false;
  std::string buffer_;
};

// The whole of `text` to `path`, by the rules above.
void write_output(const std::string& path, std::string_view text);

}  // namespace trainsim
