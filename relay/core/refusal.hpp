#pragma once
// Why the relay will not do what was asked, in the domain's own words: a
// kind (what sort of "no" it is), a snake_case code the widget and scripts
// branch on, and an English sentence for people. The layers below the API
// know nothing of HTTP; the API maps each kind to a status (api/refusals.hpp).

#include <cstdint>
#include <exception>
#include <string>

namespace baton {

enum class RefusalKind {
  invalid,      // the request itself is wrong
  not_found,    // what it names does not exist (or is not the caller's)
  conflict,     // the conversation is not in a state that allows it
  too_many,     // a limit on how often was reached
  unavailable,  // nobody or nothing can take it now
  too_large,    // a file over a size limit or a quota
  unsupported,  // a file of a type that is not accepted
};

struct Refusal {
  RefusalKind kind = RefusalKind::invalid;
  std::string code;
  std::string sentence;
  // For too_many: when asking again may succeed (sent as Retry-After).
  std::int64_t retry_after_ms = 0;
};

// Thrown inside a store transaction to refuse a request; the transaction is
// rolled back and the caller is answered with the refusal.
class Refused : public std::exception {
 public:
  explicit Refused(Refusal refusal) : refusal_(std::move(refusal)) {}
  const Refusal& refusal() const { return refusal_; }
  const char* what() const noexcept override { return refusal_.sentence.c_str(); }

 private:
  Refusal refusal_;
};

}  // namespace baton
