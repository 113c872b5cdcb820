#pragma once
// An error answer: HTTP status, snake_case code and an English sentence,
// rendered as {"error":{"code":...,"message":...}}. Below the API a refusal
// is a Refusal (relay/core/refusal.hpp); api/refusals.cpp maps one to this.

#include <string>

namespace baton {

struct ApiError {
  unsigned status = 400;
  std::string code;
  std::string message;
};

}  // namespace baton
