#pragma once
// A `nudge serve` child process for tests: JSON lines in and out through pipes, SIGKILL.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <stdexcept>
#include <string>
#include <vector>

namespace nudge::test {

class ServeProcess {
 public:
  explicit ServeProcess(std::vector<std::string> args) {
    int in[2], out[2];
    if (pipe(in) != 0 || pipe(out) != 0) throw std::runtime_error("pipe");
    pid_ = fork();
    if (pid_ < 0) throw std::runtime_error("fork");
    if (pid_ == 0) {
      dup2(in[0], 0);
      dup2(out[1], 1);
      close(in[0]);
      close(in[1]);
      close(out[0]);
      close(out[1]);
      unsetenv("NUDGE_PLUGIN_PATH");
      std::vector<char*> argv;
      argv.push_back(const_cast<char*>(NUDGE_CLI_PATH));
      argv.push_back(const_cast<char*>("serve"));
      for (std::string& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      execv(NUDGE_CLI_PATH, argv.data());
      _exit(127);
    }
    close(in[0]);
    close(out[1]);
    to_ = in[1];
    from_ = out[0];
  }
  ~ServeProcess() {
    if (pid_ > 0) kill_now();
  }
  ServeProcess(const ServeProcess&) = delete;
  ServeProcess& operator=(const ServeProcess&) = delete;

  void send(const std::string& line) {
    std::string data = line + "\n";
    std::size_t off = 0;
    while (off < data.size()) {
      const ssize_t n = write(to_, data.data() + off, data.size() - off);
      if (n <= 0) throw std::runtime_error("write to nudge serve failed");
      off += static_cast<std::size_t>(n);
    }
  }

  /// The next reply line; throws after 20 s or at end of output.
  std::string receive() {
    for (;;) {
      const std::size_t nl = buffer_.find('\n');
      if (nl != std::string::npos) {
        std::string line = buffer_.substr(0, nl);
        buffer_.erase(0, nl + 1);
        return line;
      }
      pollfd p{from_, POLLIN, 0};
      if (poll(&p, 1, 20000) <= 0) throw std::runtime_error("nudge serve did not answer in 20 s");
      char chunk[65536];
      const ssize_t n = read(from_, chunk, sizeof chunk);
      if (n <= 0) throw std::runtime_error("nudge serve closed its output");
      buffer_.append(chunk, static_cast<std::size_t>(n));
    }
  }

  std::string request(const std::string& line) {
    send(line);
    return receive();
  }

  void kill_now() {
    ::kill(pid_, SIGKILL);
    int status = 0;
    waitpid(pid_, &status, 0);
    close(to_);
    close(from_);
    pid_ = -1;
  }

  /// Closes stdin and waits; the exit status.
  int finish() {
    close(to_);
    int status = 0;
    waitpid(pid_, &status, 0);
    close(from_);
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

 private:
  pid_t pid_ = -1;
  int to_ = -1;
  int from_ = -1;
  std::string buffer_;
};

}  // namespace nudge::test
