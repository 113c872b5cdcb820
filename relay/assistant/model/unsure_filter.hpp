#pragma once
// A model that cannot answer replies with the unsure marker. Its text
// streams out as it comes, so the start of a reply is held back while it
// could still become the marker; the marker itself never reaches a tab.

#include <string>
#include <string_view>

namespace baton {

class UnsureFilter {
 public:
  // The text that may be shown now (possibly empty).
  std::string feed(std::string_view delta);
  // True once the reply is known to be the marker.
  bool unsure() const { return unsure_; }

 private:
  std::string held_;
  bool decided_ = false;
  bool unsure_ = false;
};

// True when a whole reply is the marker (spaces around it allowed).
bool is_unsure_reply(std::string_view reply);

}  // namespace baton
