#pragma once
// The newest bodies of the relay's exchanges with WhatsApp, kept in memory
// so a developer can read one in the console (numbers masked, texts
// replaced by their length): the webhooks that passed the signature check
// (which can also be delivered through the pipeline again, to show they are
// deduplicated) and the Cloud API calls, request and answer.
//
// Bounded by count and by bytes; the oldest go first. Kept per process and
// lost on restart: Meta keeps retrying what was not answered 200, and what
// was answered is in the store.

#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>

namespace baton {

class KeptBodies {
 public:
  KeptBodies(std::size_t max_bodies, std::size_t max_bytes) : max_bodies_(max_bodies), max_bytes_(max_bytes) {}

  struct Kept {
    std::uint64_t id = 0;
    std::int64_t received_ms = 0;
    std::string body;
  };

  // Keeps a verified body; returns its id (ids start at 1 and never repeat).
  std::uint64_t keep(std::string body, std::int64_t received_ms);
  const Kept* find(std::uint64_t id) const;
  // The same by the id as a request writes it ("7"); none for anything else.
  const Kept* find(std::string_view id) const;
  // Oldest first.
  const Kept& at(std::size_t i) const { return kept_[i]; }
  std::size_t size() const { return kept_.size(); }
  std::size_t bytes() const { return bytes_; }
  std::size_t max_bodies() const { return max_bodies_; }

 private:
  std::size_t max_bodies_;
  std::size_t max_bytes_;
  std::deque<Kept> kept_;
  std::size_t bytes_ = 0;
  std::uint64_t next_id_ = 1;
};

// A body for people: phone numbers and WhatsApp ids masked (masked_phone),
// what a person wrote (texts, captions, names, addresses) replaced by
// "<N characters>", indented. Not JSON: says so.
std::string masked_json(std::string_view body);

// A Cloud API call as one JSON body to keep: the request as sent, the HTTP
// status, and the answer (embedded when it is a JSON object, else as a string).
std::string graph_call_body(const std::string& request, unsigned status, const std::string& answer);

}  // namespace baton
