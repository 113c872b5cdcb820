#pragma once
// An error answer: HTTP status, snake_case code and an English sentence,
// rendered as {"error":{"code":...,"message":...}}.

#include <string>

namespace baton {

struct ApiError {
  unsigned status = 400;
  std::string code;
  std::string message;
};

}  // namespace baton

#include <exception>

namespace baton {

// Thrown inside a store transaction to refuse a request; the transaction is
// rolled back and the caller answers with `error`.
class ApiFailure : public std::exception {
 public:
  explicit ApiFailure(ApiError error) : error_(std::move(error)) {}
  const ApiError& error() const { return error_; }
  const char* what() const noexcept override { return error_.message.c_str(); }

 private:
  ApiError error_;
};

}  // namespace baton
