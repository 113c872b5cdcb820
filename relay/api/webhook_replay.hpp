#pragma once
// The newest webhook POST bodies that passed the signature check, kept in
// memory so a developer can read one in the console (numbers masked, texts
// replaced by their length) and deliver it through the pipeline again: the
// second delivery stores nothing, which shows the deduplication at work.
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

class WebhookReplay {
 public:
  static constexpr std::size_t max_bodies = 64;
  static constexpr std::size_t max_bytes = 8 * 1024 * 1024;

  struct Kept {
    std::uint64_t id = 0;
    std::int64_t received_ms = 0;
    std::string body;
  };

  // Keeps a verified body; returns its id (ids start at 1 and never repeat).
  std::uint64_t keep(std::string body, std::int64_t received_ms);
  const Kept* find(std::uint64_t id) const;
  // Oldest first.
  const Kept& at(std::size_t i) const { return kept_[i]; }
  std::size_t size() const { return kept_.size(); }
  std::size_t bytes() const { return bytes_; }

 private:
  std::deque<Kept> kept_;
  std::size_t bytes_ = 0;
  std::uint64_t next_id_ = 1;
};

// A webhook body for people: phone numbers and WhatsApp ids masked
// (masked_phone), what a person wrote (texts, captions, names, addresses)
// replaced by "<N characters>", indented. Not JSON: says so.
std::string masked_webhook_json(std::string_view body);

}  // namespace baton
