// output/output_file.h — every file trainsim writes (--report, --timeline,
// --out, --html, merge --out) goes through here, so that an output never
// damages a path and a failed command leaves nothing half-written:
//   "-"                         standard output, written straight;
//   a device, FIFO or socket    written straight (never renamed over);
//   a symlink                   resolved; its target obeys these rules
//                               (a loop is refused);
//   a regular file or absent    written to a temporary file beside it, then
//                               renamed over it on commit, keeping the mode
//                               (and, when allowed, the owner) of the file it
//                               replaces. A read-only file, or one with other
//                               hard links, is refused, never replaced.
// An output never names an input of the same command (input/input_files.h),
// nor the same file as another output. The outputs of one command are
// committed together (commit_outputs); a temporary file is removed when its
// command fails, and on SIGINT, SIGTERM or SIGHUP (then exit 128 + signal).
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace trainsim {

// One output of a command: the option that names it, for messages, and its path.
struct NamedOutput {
  std::string option, path;
};

// Checks, before any work, that `path` can be written as above: its folder
// exists and is writable, the name fits, it is not a folder, a read-only or
// hard-linked file, another user's file in a sticky folder, a symlink loop
// or a descriptor that is not open for writing. Throws InputError naming
// `option` and the path, with what the OS said.
void check_output(const std::string& path, const std::string& option);

// Checks every output of one command before any work: each as check_output,
// none naming an input read so far or the same file as another. Outputs with
// an empty path (options not given) are skipped.
void check_outputs(const std::vector<NamedOutput>& outputs);

// An output written as it is produced (the timeline) or all at once; nothing
// appears at `path` until commit, and an uncommitted output is removed when
// destroyed. Errors throw std::runtime_error naming the path and the OS's reason.
class OutputFile {
 public:
  explicit OutputFile(const std::string& path);
  ~OutputFile();
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  void write(std::string_view text);
  // commit_outputs({this}).
  void commit();
  const std::string& path() const { return path_; }

 private:
  friend void commit_outputs(const std::vector<OutputFile*>& outputs);
  // Everything written, flushed and closed; the target checked again.
  void finish();
  // A temporary file renamed into place, the previous file kept as backup_.
  void publish();
  // After publish(), while the command's other outputs fail: the previous
  // file put back (or the new one removed).
  void unpublish();
  // Once every output is in place: the previous file's second name removed.
  void drop_backup();
  void flush();
  void write_all(std::string_view text);
  [[noreturn]] void fail(const std::string& what, int error) const;
  std::string path_;    // as given
  std::string target_;  // the symlink's target, or path_
  std::string temp_;    // empty when written straight
  std::string backup_;  // from publish() until commit_outputs ends: a link to the file replaced
  bool created_ = false;  // publish() made target_ (there was no file to keep)
  int temp_slot_ = -1;  // where the signal handler finds temp_
  int fd_ = -1;
  bool owns_fd_ = false;
  bool committed_ = false;
  std::string buffer_;
};

// Commits the outputs of one command together: every one is written and
// closed first (files as temporaries), and only then are the temporaries
// renamed into place; if any fails, none is renamed and every temporary is
// removed (by the destructors). If a rename fails after others succeeded
// (the folder changed under the command), those are undone: each replaced
// file comes back from a hard link kept until all are in place (on a file
// system with hard links), each new one is removed. SIGINT, SIGTERM and SIGHUP
// wait while the renames run. Null entries are skipped.
void commit_outputs(const std::vector<OutputFile*>& outputs);

// Tests only: called with each target just before its temporary is renamed
// over it (to change the folder under the command). Empty: none.
void set_before_rename_for_testing(std::function<void(const std::string& target)> hook);

// The outputs of one command: each opened (or written whole) as it is
// produced, all committed together by commit().
class OutputSet {
 public:
  OutputFile& open(const std::string& path);
  // Nothing when `path` is empty (the option was not given).
  void write(const std::string& path, std::string_view text);
  void commit();

 private:
  std::vector<std::unique_ptr<OutputFile>> files_;
};

// The whole of `text` to `path`, by the rules above.
void write_output(const std::string& path, std::string_view text);

}  // namespace trainsim
