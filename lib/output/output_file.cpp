// output/output_file.cpp — safe, atomic outputs (see output_file.h).
#include "output/output_file.h"

#include "config/config_error.h"

#include <atomic>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <stdexcept>
#include <sys/stat.h>
#include <unistd.h>

namespace trainsim {
namespace {

namespace fs = std::filesystem;

std::string os_reason(int error) { return std::strerror(error); }

// A descriptor the process already holds: "-", /dev/stdout, /dev/fd/N. Writing
// to it, rather than opening the path, keeps a shell's redirection intact.
int inherited_fd(const std::string& path) {
  if (path == "-" || path == "/dev/stdout") return STDOUT_FILENO;
  if (path == "/dev/stderr") return STDERR_FILENO;
  for (const char* prefix : {"/dev/fd/", "/proc/self/fd/"}) {
    const size_t n = std::strlen(prefix);
    if (path.compare(0, n, prefix) == 0 && path.size() > n &&
        path.find_first_not_of("0123456789", n) == std::string::npos)
      return std::stoi(path.substr(n));
  }
  return -1;
}

// Follows symlinks to the path that finally names a file or nothing (a
// dangling link's target is created, the link kept).
std::string resolve_links(const std::string& path) {
  fs::path p = path;
  for (int hops = 0; hops < 40; ++hops) {
    std::error_code ec;
    if (!fs::is_symlink(fs::symlink_status(p, ec))) return p.string();
    const fs::path next = fs::read_symlink(p, ec);
    if (ec) return p.string();
    p = next.is_absolute() ? next : p.parent_path() / next;
  }
  return p.string();
}

struct Kind {
  bool exists = false, regular = false, folder = false;
};

Kind kind_of(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return {};
  return {true, S_ISREG(st.st_mode), S_ISDIR(st.st_mode)};
}

std::string folder_of(const std::string& path) {
  const fs::path parent = fs::path(path).parent_path();
  return parent.empty() ? "." : parent.string();
}

}  // namespace

void check_output(const std::string& path, const std::string& option) {
  if (path.empty()) fail_config(option, "", "needs a file name");
  if (inherited_fd(path) >= 0) return;
  const std::string target = resolve_links(path);
  const Kind k = kind_of(target);
  if (k.folder) fail_config(option, path, "is a folder, not a file");
  if (k.exists && !k.regular) {
    if (::access(target.c_str(), W_OK) != 0) fail_config(option, path, "cannot be written: " + os_reason(errno));
    return;
  }
  const std::string folder = folder_of(target);
  struct stat st {};
  if (::stat(folder.c_str(), &st) != 0) {
    const int error = errno;
    fail_config(option, path,
                error == ENOENT ? "the folder " + folder + " does not exist"
                                : "cannot use the folder " + folder + ": " + os_reason(error));
  }
  if (!S_ISDIR(st.st_mode)) fail_config(option, path, folder + " is not a folder");
  if (::access(folder.c_str(), W_OK | X_OK) != 0)
    fail_config(option, path, "cannot write in the folder " + folder + ": " + os_reason(errno));
  if (k.exists && ::access(target.c_str(), W_OK) != 0 && errno == EROFS)
    fail_config(option, path, "cannot be written: " + os_reason(EROFS));
}

OutputFile::OutputFile(const std::string& path) : path_(path) {
  const int inherited = inherited_fd(path);
  if (inherited >= 0) {
    fd_ = inherited;
    return;
  }
  target_ = resolve_links(path);
  const Kind k = kind_of(target_);
  if (k.folder) fail("is a folder, not a file", EISDIR);
  if (k.exists && !k.regular) {
    // A device or FIFO: renaming over it would replace it with a file.
    fd_ = ::open(target_.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd_ < 0) fail("cannot open", errno);
    owns_fd_ = true;
    return;
  }
  static std::atomic<unsigned> counter{0};
  const fs::path t = fs::path(target_);
  temp_ = (fs::path(folder_of(target_)) / ("." + t.filename().string() + ".tmp." + std::to_string(::getpid()) +
                                           "." + std::to_string(counter++)))
              .string();
  fd_ = ::open(temp_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
  if (fd_ < 0) {
    const int error = errno;
    temp_.clear();
    fail("cannot write in " + folder_of(target_), error);
  }
  owns_fd_ = true;
}

OutputFile::~OutputFile() {
  if (owns_fd_ && fd_ >= 0) ::close(fd_);
  if (!committed_ && !temp_.empty()) ::unlink(temp_.c_str());
}

void OutputFile::fail(const std::string& what, int error) const {
  throw std::runtime_error(path_ + ": " + what + ": " + os_reason(error));
}

void OutputFile::write(std::string_view text) {
  buffer_.append(text);
  if (buffer_.size() >= (1u << 20)) flush();
}

void OutputFile::flush() {
  size_t done = 0;
  while (done < buffer_.size()) {
    const ssize_t n = ::write(fd_, buffer_.data() + done, buffer_.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) fail("write failed", n < 0 ? errno : EIO);
    done += static_cast<size_t>(n);
  }
  buffer_.clear();
}

void OutputFile::commit() {
  if (committed_) return;
  flush();
  if (!temp_.empty()) {
    const int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0) fail("write failed", errno);
    if (::rename(temp_.c_str(), target_.c_str()) != 0) fail("cannot replace", errno);
  }
  committed_ = true;
}

void write_output(const std::string& path, std::string_view text) {
  OutputFile out(path);
  out.write(text);
  out.commit();
}

}  // namespace trainsim
