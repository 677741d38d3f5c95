// input/input_files.cpp — bounded reads of input files, remembered (see input_files.h).
#include "input/input_files.h"

#include <algorithm>

#include "input/input_error.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <mutex>
#include <sys/stat.h>
#include <unistd.h>

namespace trainsim {
namespace {

std::mutex& registry_mutex() {
  static std::mutex m;
  return m;
}

std::vector<InputFile>& registry() {
  static std::vector<InputFile> files;
  return files;
}

std::string megabytes(std::uint64_t bytes) { return std::to_string(bytes >> 20) + " MB"; }

}  // namespace

void note_input_file(const std::filesystem::path& path) {
  InputFile f;
  f.path = path.string();
  std::error_code ec;
  const auto resolved = std::filesystem::weakly_canonical(std::filesystem::absolute(path, ec), ec);
  f.resolved = ec ? path.string() : resolved.string();
  struct stat st {};
  if (::stat(f.path.c_str(), &st) == 0) {
    f.identified = true;
    f.device = static_cast<std::uint64_t>(st.st_dev);
    f.inode = static_cast<std::uint64_t>(st.st_ino);
    f.changed_ns = std::int64_t{st.st_ctim.tv_sec} * 1'000'000'000 + st.st_ctim.tv_nsec;
  }
  const std::lock_guard<std::mutex> lock(registry_mutex());
  for (const auto& g : registry())
    if (g.resolved == f.resolved && g.identified == f.identified && g.device == f.device && g.inode == f.inode &&
        g.changed_ns == f.changed_ns)
      return;
  registry().push_back(std::move(f));
}

std::vector<InputFile> input_files() {
  const std::lock_guard<std::mutex> lock(registry_mutex());
  return registry();
}

void forget_input_files() {
  const std::lock_guard<std::mutex> lock(registry_mutex());
  registry().clear();
}

void forget_input_file(const std::filesystem::path& path) {
  std::error_code ec;
  const auto resolved = std::filesystem::weakly_canonical(std::filesystem::absolute(path, ec), ec);
  const std::string key = ec ? path.string() : resolved.string();
  const std::lock_guard<std::mutex> lock(registry_mutex());
  auto& r = registry();
  r.erase(std::remove_if(r.begin(), r.end(), [&](const InputFile& f) { return f.resolved == key; }), r.end());
}

std::string read_input_file(const std::filesystem::path& path, std::uint64_t max_bytes) {
  const std::string name = path.string();
  const int fd = ::open(name.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    const int error = errno;
    fail_input(name, "", "cannot be read: " + std::string(std::strerror(error)));
  }
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  struct stat st {};
  if (::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) fail_input(name, "", "is a folder, not a file");
  const std::string too_big = "is larger than " + megabytes(max_bytes) + ", the limit for a file trainsim reads";
  if (S_ISREG(st.st_mode) && static_cast<std::uint64_t>(st.st_size) > max_bytes) fail_input(name, "", too_big);
  note_input_file(path);
  std::string text;
  if (S_ISREG(st.st_mode)) text.reserve(static_cast<size_t>(st.st_size));
  char buf[1 << 16];
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) fail_input(name, "", "read error: " + std::string(std::strerror(errno)));
    if (n == 0) break;
    if (text.size() + static_cast<size_t>(n) > max_bytes) fail_input(name, "", too_big);
    text.append(buf, static_cast<size_t>(n));
  }
  return text;
}

}  // namespace trainsim
