// exec/python_runner.cpp — fork/exec with pipes, poll until exit or the
// deadline, kill the process group at the deadline.
#include "exec/python_runner.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

namespace trainsim::exec {
namespace {

void close_fd(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

// Appends what `fd` has to `keep`, holding at most `limit` bytes (the newest
// when `newest`, else the first); false at end of file.
bool drain(int fd, std::string& keep, std::size_t limit, bool newest, std::size_t& total) {
  char buf[65536];
  const ssize_t n = ::read(fd, buf, sizeof buf);
  if (n < 0) return errno == EINTR || errno == EAGAIN;
  if (n == 0) return false;
  total += static_cast<std::size_t>(n);
  if (newest) {
    keep.append(buf, static_cast<std::size_t>(n));
    if (keep.size() > limit) keep.erase(0, keep.size() - limit);
  } else if (keep.size() < limit) {
    keep.append(buf, std::min(static_cast<std::size_t>(n), limit - keep.size()));
  }
  return true;
}

}  // namespace

ChildResult run_child(const std::vector<std::string>& argv, int record_fd, const ChildLimits& limits) {
  ChildResult r;
  int out[2] = {-1, -1}, rec[2] = {-1, -1}, err[2] = {-1, -1};
  if (::pipe2(out, O_CLOEXEC) != 0 || ::pipe2(rec, O_CLOEXEC) != 0 || ::pipe2(err, O_CLOEXEC) != 0) {
    r.error = std::string("cannot create a pipe: ") + std::strerror(errno);
    for (int* p : {out, rec, err}) close_fd(p[0]), close_fd(p[1]);
    return r;
  }
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  const auto start = std::chrono::steady_clock::now();
  const pid_t pid = ::fork();
  if (pid < 0) {
    r.error = std::string("cannot start a process: ") + std::strerror(errno);
    for (int* p : {out, rec, err}) close_fd(p[0]), close_fd(p[1]);
    return r;
  }
  if (pid == 0) {
    // The child: only async-signal-safe calls until exec.
    ::setpgid(0, 0);
    if (limits.memory_bytes) {
      const rlimit lim{limits.memory_bytes, limits.memory_bytes};
      ::setrlimit(RLIMIT_AS, &lim);
    }
    const int devnull = ::open("/dev/null", O_RDONLY);
    if (devnull >= 0) ::dup2(devnull, 0);
    ::dup2(out[1], 1);
    ::dup2(out[1], 2);
    ::dup2(rec[1], record_fd);  // dup2 clears O_CLOEXEC on the copy
    ::execvp(args[0], args.data());
    const int e = errno;
    (void)!::write(err[1], &e, sizeof e);
    ::_exit(127);
  }
  ::setpgid(pid, pid);  // also here, so the group exists before any kill
  close_fd(out[1]);
  close_fd(rec[1]);
  close_fd(err[1]);
  int exec_errno = 0;
  const bool exec_failed = ::read(err[0], &exec_errno, sizeof exec_errno) == static_cast<ssize_t>(sizeof exec_errno);
  close_fd(err[0]);
  if (exec_failed) {
    int status = 0;
    ::waitpid(pid, &status, 0);
    close_fd(out[0]);
    close_fd(rec[0]);
    r.error = std::strerror(exec_errno);
    return r;
  }
  r.started = true;
  const auto deadline = start + limits.wall;
  std::size_t record_total = 0;
  while (out[0] >= 0 || rec[0] >= 0) {
    const auto now = std::chrono::steady_clock::now();
    if (now >= deadline) {
      r.timed_out = true;
      break;
    }
    pollfd fds[2];
    nfds_t n = 0;
    if (out[0] >= 0) fds[n++] = {out[0], POLLIN, 0};
    if (rec[0] >= 0) fds[n++] = {rec[0], POLLIN, 0};
    const auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now).count() + 1;
    const int ready = ::poll(fds, n, static_cast<int>(std::min<long long>(wait, 1000)));
    if (ready < 0 && errno != EINTR) break;
    for (nfds_t k = 0; k < n; ++k) {
      if (!(fds[k].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      if (fds[k].fd == out[0]) {
        if (!drain(out[0], r.output, limits.output_bytes, true, r.output_total)) close_fd(out[0]);
      } else if (!drain(rec[0], r.record, limits.record_bytes, false, record_total)) {
        close_fd(rec[0]);
      }
    }
    if (record_total > limits.record_bytes) {
      r.record_too_long = true;
      break;
    }
  }
  int status = 0;
  // Both pipes closed: the child is ending, or closed them and goes on (it still has the deadline).
  bool reaped = false;
  while (!r.timed_out && !r.record_too_long) {
    const pid_t w = ::waitpid(pid, &status, WNOHANG);
    if (w == pid || (w < 0 && errno != EINTR)) {
      reaped = w == pid;
      break;
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      r.timed_out = true;
      break;
    }
    ::usleep(2000);
  }
  if (!reaped) {
    ::kill(-pid, SIGKILL);
    ::kill(pid, SIGKILL);
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
  }
  // Whatever the group left running (a daemon the algorithm spawned) goes too.
  ::kill(-pid, SIGKILL);
  close_fd(out[0]);
  close_fd(rec[0]);
  if (WIFEXITED(status)) r.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) r.signal = WTERMSIG(status);
  r.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
  return r;
}

}  // namespace trainsim::exec
