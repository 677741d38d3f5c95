// output/output_file.cpp — safe, atomic outputs (see output_file.h).
#include "output/output_file.h"

#include "input/input_error.h"
#include "input/input_files.h"

#include <array>
#include <atomic>
#include <cerrno>
#include <climits>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <functional>
#include <optional>
#include <pthread.h>
#include <stdexcept>
#include <sys/stat.h>
#include <unistd.h>

namespace trainsim {
namespace {

namespace fs = std::filesystem;

std::string os_reason(int error) { return std::strerror(error); }

// A descriptor the process already holds: "-", /dev/stdout, /dev/fd/N. Writing
// to it, rather than opening the path, keeps a shell's redirection intact.
// nullopt: not such a name; -1: a number no descriptor can have.
std::optional<int> inherited_fd(const std::string& path) {
  if (path == "-" || path == "/dev/stdout") return STDOUT_FILENO;
  if (path == "/dev/stderr") return STDERR_FILENO;
  for (const char* prefix : {"/dev/fd/", "/proc/self/fd/"}) {
    const size_t n = std::strlen(prefix);
    if (path.compare(0, n, prefix) == 0 && path.size() > n &&
        path.find_first_not_of("0123456789", n) == std::string::npos) {
      if (path.size() - n > 9) return -1;  // beyond any descriptor, and beyond int
      return std::atoi(path.c_str() + n);
    }
  }
  return std::nullopt;
}

// Why descriptor `fd` (named `path`) cannot be written, or "".
std::string fd_refusal(int fd) {
  const int flags = fd < 0 ? -1 : ::fcntl(fd, F_GETFL);
  if (flags < 0) return "is not an open file descriptor";
  const int mode = flags & O_ACCMODE;
  if (mode != O_WRONLY && mode != O_RDWR) return "is not open for writing";
  return "";
}

constexpr int kMaxSymlinkHops = 40;

// Follows symlinks to the path that finally names a file or nothing (a
// dangling link's target is created, the link kept); nullopt for a loop.
std::optional<std::string> resolve_links(const std::string& path) {
  fs::path p = path;
  for (int hops = 0; hops < kMaxSymlinkHops; ++hops) {
    std::error_code ec;
    if (!fs::is_symlink(fs::symlink_status(p, ec))) return p.string();
    const fs::path next = fs::read_symlink(p, ec);
    if (ec) return p.string();
    p = next.is_absolute() ? next : p.parent_path() / next;
  }
  return std::nullopt;
}

std::string folder_of(const std::string& path) {
  const fs::path parent = fs::path(path).parent_path();
  return parent.empty() ? "." : parent.string();
}

size_t name_max(const std::string& folder) {
  const long n = ::pathconf(folder.c_str(), _PC_NAME_MAX);
  return n > 0 ? static_cast<size_t>(n) : 255;
}

// The temporary file's name beside `target`: ".NAME.tmp.PID.K" (`kind`
// "old": the previous file kept while outputs are committed), NAME cut short
// so that the whole stays within the folder's NAME_MAX.
std::string temp_name(const std::string& target, unsigned k, const char* kind = "tmp") {
  const std::string suffix = std::string(".") + kind + "." + std::to_string(::getpid()) + "." + std::to_string(k);
  std::string name = fs::path(target).filename().string();
  const size_t limit = name_max(folder_of(target));
  if (1 + name.size() + suffix.size() > limit) name.resize(limit > suffix.size() + 1 ? limit - suffix.size() - 1 : 0);
  return (fs::path(folder_of(target)) / ("." + name + suffix)).string();
}

// Why an existing regular file `target` may not be replaced, or "".
std::string replace_refusal(const std::string& target, const struct stat& st) {
  if (st.st_nlink > 1)
    return "has " + std::to_string(st.st_nlink) +
           " hard links; replacing it would break them (remove the other links or write elsewhere)";
  if ((st.st_mode & 0222) == 0 || ::access(target.c_str(), W_OK) != 0)
    return "is read-only; trainsim does not replace it (make it writable, e.g. chmod u+w, or write elsewhere)";
  return "";
}

// A temporary file's name for the signal handler, which may only read
// memory and call async-signal-safe functions.
constexpr size_t kTempSlots = 64;
std::array<std::atomic<char*>, kTempSlots> g_temps{};

extern "C" void remove_temps_and_exit(int sig) {
  for (auto& slot : g_temps)
    if (char* p = slot.load()) ::unlink(p);
  ::_exit(128 + sig);
}

// Installed whenever a temporary is made, unless the signal is ignored
// (nohup) or already ours.
void install_signal_handlers() {
  for (const int sig : {SIGINT, SIGTERM, SIGHUP}) {
    struct sigaction old {};
    ::sigaction(sig, nullptr, &old);
    if (old.sa_handler == SIG_IGN || old.sa_handler == remove_temps_and_exit) continue;
    struct sigaction sa {};
    sa.sa_handler = remove_temps_and_exit;
    sigemptyset(&sa.sa_mask);
    ::sigaction(sig, &sa, nullptr);
  }
}

int remember_temp(const std::string& path) {
  install_signal_handlers();
  char* copy = ::strdup(path.c_str());
  if (!copy) return -1;
  for (size_t i = 0; i < kTempSlots; ++i) {
    char* expected = nullptr;
    if (g_temps[i].compare_exchange_strong(expected, copy)) return static_cast<int>(i);
  }
  std::free(copy);
  return -1;
}

void forget_temp(int slot) {
  if (slot >= 0) std::free(g_temps[static_cast<size_t>(slot)].exchange(nullptr));
}

// What an output names, to compare outputs with inputs and each other.
struct Identity {
  bool file = false;            // a regular file or a new name (compared with inputs)
  bool exists = false;
  std::uint64_t device = 0, inode = 0;
  std::int64_t changed_ns = 0;
  std::string resolved;         // absolute, symlinks resolved; for files
  int fd = -1;                  // for an inherited descriptor
};

Identity identity_of(const std::string& path) {
  Identity id;
  if (const auto fd = inherited_fd(path)) {
    id.fd = *fd;
    return id;
  }
  const std::string target = resolve_links(path).value_or(path);
  struct stat st {};
  if (::stat(target.c_str(), &st) == 0) {
    id.exists = true;
    id.device = static_cast<std::uint64_t>(st.st_dev);
    id.inode = static_cast<std::uint64_t>(st.st_ino);
    id.changed_ns = std::int64_t{st.st_ctim.tv_sec} * 1'000'000'000 + st.st_ctim.tv_nsec;
    if (!S_ISREG(st.st_mode)) return id;  // a device or FIFO: written straight
  }
  id.file = true;
  std::error_code ec;
  const fs::path abs = fs::weakly_canonical(fs::absolute(target, ec), ec);
  id.resolved = ec ? target : abs.string();
  return id;
}

// The input `id` would replace, if any.
const InputFile* input_named(const Identity& id, const std::vector<InputFile>& inputs) {
  if (!id.file) return nullptr;
  for (const auto& in : inputs) {
    if (id.exists && in.identified && in.device == id.device && in.inode == id.inode &&
        in.changed_ns == id.changed_ns)
      return &in;
    if (in.resolved == id.resolved) return &in;
  }
  return nullptr;
}

std::string input_refusal(const InputFile& in) {
  return "is also an input of this command (" + in.path + "); an output never replaces an input";
}

}  // namespace

void check_output(const std::string& path, const std::string& option) {
  if (path.empty()) fail_input(option, "", "needs a file name");
  if (const auto fd = inherited_fd(path)) {
    if (const std::string why = fd_refusal(*fd); !why.empty()) fail_input(option, path, why);
    return;
  }
  const auto resolved = resolve_links(path);
  if (!resolved) fail_input(option, path, "is a symlink loop (or more than 40 links deep)");
  const std::string& target = *resolved;
  struct stat st {};
  const bool exists = ::stat(target.c_str(), &st) == 0;
  if (!exists && errno == ELOOP) fail_input(option, path, "is a symlink loop: " + os_reason(ELOOP));
  if (exists && S_ISDIR(st.st_mode)) fail_input(option, path, "is a folder, not a file");
  if (exists && !S_ISREG(st.st_mode)) {
    if (::access(target.c_str(), W_OK) != 0) fail_input(option, path, "cannot be written: " + os_reason(errno));
    return;
  }
  const std::string folder = folder_of(target);
  struct stat dir {};
  if (::stat(folder.c_str(), &dir) != 0) {
    const int error = errno;
    fail_input(option, path,
               error == ENOENT ? "the folder " + folder + " does not exist"
                                : "cannot use the folder " + folder + ": " + os_reason(error));
  }
  if (!S_ISDIR(dir.st_mode)) fail_input(option, path, folder + " is not a folder");
  if (::access(folder.c_str(), W_OK | X_OK) != 0)
    fail_input(option, path, "cannot write in the folder " + folder + ": " + os_reason(errno));
  const size_t limit = name_max(folder);
  if (fs::path(target).filename().string().size() > limit)
    fail_input(option, path, "the file name is longer than " + std::to_string(limit) + " bytes");
  if (!exists) return;
  if (::access(target.c_str(), W_OK) != 0 && errno == EROFS)
    fail_input(option, path, "cannot be written: " + os_reason(EROFS));
  if (const std::string why = replace_refusal(target, st); !why.empty()) fail_input(option, path, why);
  // In a sticky folder (such as /tmp) only the file's or the folder's owner
  // may rename over it.
  const uid_t me = ::geteuid();
  if ((dir.st_mode & S_ISVTX) && me != 0 && st.st_uid != me && dir.st_uid != me)
    fail_input(option, path, "belongs to another user in a sticky folder (" + folder + "), so it cannot be replaced");
}

void check_outputs(const std::vector<NamedOutput>& outputs) {
  const std::vector<InputFile> inputs = input_files();
  std::vector<std::pair<const NamedOutput*, Identity>> seen;
  for (const auto& o : outputs) {
    if (o.path.empty()) continue;
    check_output(o.path, o.option);
    const Identity id = identity_of(o.path);
    if (const InputFile* in = input_named(id, inputs)) fail_input(o.option, o.path, input_refusal(*in));
    for (const auto& [other, oid] : seen) {
      const bool same = (id.fd >= 0 && id.fd == oid.fd) ||
                        (id.file && oid.file &&
                         ((id.exists && oid.exists && id.device == oid.device && id.inode == oid.inode) ||
                          id.resolved == oid.resolved));
      if (same) fail_input(o.option, o.path, "names the same file as " + other->option + " " + other->path);
    }
    seen.emplace_back(&o, id);
  }
}

OutputFile::OutputFile(const std::string& path) : path_(path) {
  if (path.empty()) throw std::runtime_error("an output needs a file name");
  if (const auto inherited = inherited_fd(path)) {
    if (const std::string why = fd_refusal(*inherited); !why.empty()) throw std::runtime_error(path + ": " + why);
    fd_ = *inherited;
    return;
  }
  const auto resolved = resolve_links(path);
  if (!resolved) fail("is a symlink loop", ELOOP);
  target_ = *resolved;
  struct stat st {};
  const bool exists = ::stat(target_.c_str(), &st) == 0;
  if (exists && S_ISDIR(st.st_mode)) fail("is a folder, not a file", EISDIR);
  if (exists && !S_ISREG(st.st_mode)) {
    // A device or FIFO: renaming over it would replace it with a file.
    fd_ = ::open(target_.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd_ < 0) fail("cannot open", errno);
    owns_fd_ = true;
    return;
  }
  if (exists)
    if (const std::string why = replace_refusal(target_, st); !why.empty()) throw std::runtime_error(path_ + ": " + why);
  static std::atomic<unsigned> counter{0};
  temp_ = temp_name(target_, counter++);
  temp_slot_ = remember_temp(temp_);
  fd_ = ::open(temp_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
  if (fd_ < 0) {
    const int error = errno;
    forget_temp(temp_slot_);
    temp_slot_ = -1;
    temp_.clear();
    fail("cannot write in " + folder_of(target_), error);
  }
  owns_fd_ = true;
  if (exists) {
    // The replacement keeps the mode and, where the OS allows, the owner and group.
    ::fchmod(fd_, st.st_mode & 07777);
    if (::fchown(fd_, st.st_uid, st.st_gid) != 0 && ::fchown(fd_, static_cast<uid_t>(-1), st.st_gid) != 0) {
      // not ours to give away: the replacement is the user's, as any new file
    }
  }
}

OutputFile::~OutputFile() {
  if (owns_fd_ && fd_ >= 0) ::close(fd_);
  if (!committed_ && !temp_.empty()) ::unlink(temp_.c_str());
  forget_temp(temp_slot_);
}

void OutputFile::fail(const std::string& what, int error) const {
  throw std::runtime_error(path_ + ": " + what + ": " + os_reason(error));
}

void OutputFile::write(std::string_view text) {
  // A large text (a whole report) goes straight to the temporary file:
  // copied into the buffer it would cost as many fresh pages again. (Other
  // outputs, such as stdout, keep it until commit, as before.)
  if (!temp_.empty() && text.size() >= (32u << 10)) {
    flush();
    write_all(text);
    return;
  }
  buffer_.append(text);
  if (buffer_.size() >= (1u << 20)) flush();
}

void OutputFile::write_all(std::string_view text) {
  size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd_, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) fail("write failed", n < 0 ? errno : EIO);
    done += static_cast<size_t>(n);
  }
}

void OutputFile::flush() {
  write_all(buffer_);
  buffer_.clear();
}

void OutputFile::finish() {
  if (committed_ || fd_ < 0) return;
  flush();
  if (owns_fd_) {
    const int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0) fail("write failed", errno);
  }
  if (!temp_.empty()) {
    // An input read after the up-front check (a sweep point's trace) is
    // still never replaced.
    const std::vector<InputFile> inputs = input_files();
    if (const InputFile* in = input_named(identity_of(path_), inputs))
      throw std::runtime_error(path_ + ": " + input_refusal(*in));
  }
}

std::function<void(const std::string& target)> g_before_rename;

void set_before_rename_for_testing(std::function<void(const std::string& target)> hook) {
  g_before_rename = std::move(hook);
}

void OutputFile::publish() {
  if (committed_) return;
  if (!temp_.empty()) {
    // The previous file keeps a second name (a hard link) until every output
    // of the command is in place, so that a later rename failing can put it
    // back. A file system without hard links replaces it without that.
    struct stat st {};
    created_ = ::lstat(target_.c_str(), &st) != 0;
    if (!created_) {
      static std::atomic<unsigned> counter{0};
      backup_ = temp_name(target_, counter++, "old");
      if (::link(target_.c_str(), backup_.c_str()) != 0) backup_.clear();
    }
    if (g_before_rename) g_before_rename(target_);
    if (::rename(temp_.c_str(), target_.c_str()) != 0) {
      const int error = errno;
      drop_backup();
      fail("cannot replace", error);
    }
  }
  committed_ = true;
  forget_temp(temp_slot_);
  temp_slot_ = -1;
}

void OutputFile::unpublish() {
  if (!committed_ || temp_.empty()) return;  // written straight: already sent
  if (!backup_.empty()) ::rename(backup_.c_str(), target_.c_str());  // the previous file, as it was
  else if (created_) ::unlink(target_.c_str());
  backup_.clear();
}

void OutputFile::drop_backup() {
  if (!backup_.empty()) ::unlink(backup_.c_str());
  backup_.clear();
}

void OutputFile::commit() { commit_outputs({this}); }

namespace {
// Holds SIGINT, SIGTERM and SIGHUP while the outputs are renamed (or put
// back), so a signal finds them all in place or all as they were.
class SignalsHeld {
 public:
  SignalsHeld() {
    sigset_t set;
    sigemptyset(&set);
    for (const int sig : {SIGINT, SIGTERM, SIGHUP}) sigaddset(&set, sig);
    ::pthread_sigmask(SIG_BLOCK, &set, &old_);
  }
  ~SignalsHeld() { ::pthread_sigmask(SIG_SETMASK, &old_, nullptr); }
  SignalsHeld(const SignalsHeld&) = delete;
  SignalsHeld& operator=(const SignalsHeld&) = delete;

 private:
  sigset_t old_;
};
}  // namespace

void commit_outputs(const std::vector<OutputFile*>& outputs) {
  // Files (temporaries) first, so that an output written straight to a
  // terminal or pipe is not sent when a file fails.
  for (const bool straight : {false, true})
    for (OutputFile* o : outputs)
      if (o && o->temp_.empty() == straight) o->finish();
  // Then the renames: if one fails, those done are undone (each previous
  // file back, each new one removed) before the error goes on.
  const SignalsHeld held;
  std::vector<OutputFile*> done;
  try {
    for (OutputFile* o : outputs)
      if (o) {
        o->publish();
        done.push_back(o);
      }
  } catch (...) {
    for (auto it = done.rbegin(); it != done.rend(); ++it) (*it)->unpublish();
    throw;
  }
  for (OutputFile* o : done) o->drop_backup();
}

OutputFile& OutputSet::open(const std::string& path) {
  files_.push_back(std::make_unique<OutputFile>(path));
  return *files_.back();
}

void OutputSet::write(const std::string& path, std::string_view text) {
  if (!path.empty()) open(path).write(text);
}

void OutputSet::commit() {
  std::vector<OutputFile*> all;
  for (auto& f : files_) all.push_back(f.get());
  commit_outputs(all);
}

void write_output(const std::string& path, std::string_view text) {
  OutputFile out(path);
  out.write(text);
  out.commit();
}

}  // namespace trainsim
