// What a language model's server sends back (an outside service, possibly
// misbehaving): the event stream cut into pieces anywhere, and the JSON of
// each chunk, whole answer, error and embeddings answer. Never a crash, and the same events
// whatever the pieces.

#include <cstdint>
#include <string>
#include <vector>

#include "relay/assistant/model/chat_protocol.hpp"
#include "relay/assistant/model/embedding_protocol.hpp"
#include "relay/assistant/model/sse_reader.hpp"
#include "tests/fuzz/fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  baton::fuzz::FuzzInput input(data, size);
  auto cut = input.byte();
  std::string_view body(reinterpret_cast<const char*>(data), size);

  baton::SseReader whole;
  auto at_once = whole.feed(body);
  baton::SseReader pieces;
  std::vector<std::string> piecewise;
  std::size_t step = 1 + cut % 17;
  for (std::size_t at = 0; at < body.size(); at += step) {
    for (auto& event : pieces.feed(body.substr(at, step))) piecewise.push_back(std::move(event));
  }
  BATON_FUZZ_REQUIRE(at_once == piecewise);

  for (const auto& event : at_once) {
    (void)baton::chunk_text(event);
    (void)baton::error_text(event);
  }
  (void)baton::response_text(body);
  (void)baton::error_text(body);
  if (auto vectors = baton::read_embeddings(body, 1 + cut % 4)) {
    for (const auto& v : *vectors) BATON_FUZZ_REQUIRE(v.size() == vectors->front().size());
  }
  return 0;
}
