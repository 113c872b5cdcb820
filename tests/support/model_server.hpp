#pragma once
// llm-sim (tools/llm-sim) as a real process on loopback, for the tests of a
// relay with a model: scripted replies, the requests it was sent, and the
// relay flags that point at it.

#include <boost/json/array.hpp>
#include <string>
#include <vector>

#include "tests/support/child_process.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/temp_dir.hpp"

namespace baton::test {

inline const std::string faq_en = std::string(BATON_SOURCE_DIR) + "/tests/fixtures/faq/shop.en.md";
inline const std::string sim_key = "sk-sim-0123456789abcdef";

// llm-sim listening on a free port, with its log in a temporary folder.
struct ModelServer {
  ModelServer()
      : process(BATON_LLM_SIM_BIN, {"--listen", "127.0.0.1:0", "--key", sim_key, "--model", "sim-model"},
                logs.path() / "llm-sim") {
    auto line = process.wait_for_line("listening on ");
    url = line.substr(std::string("listening on ").size());
  }

  HttpReply script(const std::string& json) const { return http_request("POST", url + "/sim/script", json); }
  boost::json::array requests() const {
    return http_request("GET", url + "/sim/requests").json().at("requests").as_array();
  }
  std::vector<std::string> relay_flags(const std::string& timeout_ms = "1500") const {
    return {"--faq", faq_en,        "--llm-url", url + "/v1",        "--llm-key",
            sim_key, "--llm-model", "sim-model", "--llm-timeout-ms", timeout_ms};
  }

  TempDir logs;
  ChildProcess process;
  std::string url;
};

}  // namespace baton::test
