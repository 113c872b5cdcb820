#include "tests/support/child_process.hpp"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

extern char** environ;

namespace baton::test {
namespace {

std::string read_all(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return std::move(out).str();
}

}  // namespace

ChildProcess::ChildProcess(const std::string& program, const std::vector<std::string>& args,
                           const std::filesystem::path& log_prefix,
                           const std::map<std::string, std::string>& environment)
    : stdout_file_(log_prefix.string() + ".stdout"), stderr_file_(log_prefix.string() + ".stderr") {
  std::vector<std::string> env_strings;
  for (char** e = environ; e && *e; ++e) {
    std::string entry(*e);
    if (!environment.contains(entry.substr(0, entry.find('=')))) env_strings.push_back(entry);
  }
  for (const auto& [key, value] : environment) env_strings.push_back(key + "=" + value);
  // In the sanitizer build, a report goes to a file beside the logs (the
  // sanitizer appends the pid), where the test harness looks for it.
  auto report = log_prefix.string() + ".sanitizer";
  if (!environment.contains("ASAN_OPTIONS")) env_strings.push_back("ASAN_OPTIONS=log_path=" + report);
  if (!environment.contains("UBSAN_OPTIONS"))
    env_strings.push_back("UBSAN_OPTIONS=print_stacktrace=1:log_path=" + report);

  std::vector<char*> argv{const_cast<char*>(program.c_str())};
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  std::vector<char*> envp;
  for (auto& e : env_strings) envp.push_back(e.data());
  envp.push_back(nullptr);

  int out = ::open(stdout_file_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  int err = ::open(stderr_file_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (out < 0 || err < 0) throw std::runtime_error("cannot open log files for " + program);
  pid_ = ::fork();
  if (pid_ == 0) {
    ::dup2(out, STDOUT_FILENO);
    ::dup2(err, STDERR_FILENO);
    ::execve(program.c_str(), argv.data(), envp.data());
    ::_exit(127);
  }
  ::close(out);
  ::close(err);
  if (pid_ < 0) throw std::runtime_error("fork failed: " + std::string(std::strerror(errno)));
}

ChildProcess::~ChildProcess() { terminate(); }

std::optional<int> ChildProcess::terminate(std::chrono::milliseconds grace) {
  if (running()) {
    // As systemd stops a service: SIGTERM, and SIGKILL if that is not enough.
    // The process's own shutdown runs (and, in the sanitizer build, its
    // leak check).
    signal(SIGTERM);
    if (!wait(grace)) {
      signal(SIGKILL);
      wait(std::chrono::seconds(5));
    }
  }
  return status_;
}

std::string ChildProcess::wait_for_line(const std::string& prefix, std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    std::istringstream lines(stdout_text());
    for (std::string line; std::getline(lines, line);) {
      if (line.starts_with(prefix)) return line;
    }
    if (!running()) throw std::runtime_error("process exited before printing '" + prefix + "':\n" + stderr_text());
    if (std::chrono::steady_clock::now() > deadline) {
      throw std::runtime_error("no '" + prefix + "' line in time:\n" + stderr_text());
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

void ChildProcess::signal(int signal) {
  if (pid_ > 0 && !status_) ::kill(pid_, signal);
}

std::optional<int> ChildProcess::wait(std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!status_) {
    int raw = 0;
    pid_t done = ::waitpid(pid_, &raw, WNOHANG);
    if (done == pid_) {
      status_ = WIFEXITED(raw) ? WEXITSTATUS(raw) : -WTERMSIG(raw);
      break;
    }
    if (std::chrono::steady_clock::now() > deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return status_;
}

bool ChildProcess::running() {
  if (status_ || pid_ <= 0) return false;
  return !wait(std::chrono::milliseconds(0)).has_value();
}

std::string ChildProcess::stdout_text() const { return read_all(stdout_file_); }
std::string ChildProcess::stderr_text() const { return read_all(stderr_file_); }

}  // namespace baton::test
