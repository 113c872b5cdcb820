#pragma once
// A real process started by a test: its stdout and stderr go to files in a
// folder the test owns; the test waits for a line such as "listening on".
// A sanitizer report (the asan preset) goes to LOG_PREFIX.sanitizer.PID.

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <sys/types.h>
#include <vector>

namespace baton::test {

class ChildProcess {
 public:
  ChildProcess(const std::string& program, const std::vector<std::string>& args,
               const std::filesystem::path& log_prefix, const std::map<std::string, std::string>& environment = {});
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  // The first stdout line starting with `prefix`; throws if the process exits
  // or the time runs out (with the process's stderr in the message).
  std::string wait_for_line(const std::string& prefix, std::chrono::milliseconds timeout = std::chrono::seconds(10));

  void signal(int signal);
  // SIGTERM, then SIGKILL after `grace`; the exit status (negative signal
  // number if killed).
  std::optional<int> terminate(std::chrono::milliseconds grace = std::chrono::seconds(10));
  // The exit status (negative signal number if killed), or nothing on timeout.
  std::optional<int> wait(std::chrono::milliseconds timeout);
  bool running();

  std::string stdout_text() const;
  std::string stderr_text() const;

 private:
  pid_t pid_ = -1;
  std::optional<int> status_;
  std::filesystem::path stdout_file_;
  std::filesystem::path stderr_file_;
};

}  // namespace baton::test
