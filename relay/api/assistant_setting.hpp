#pragma once
// The assistant as the admin page sets it (docs/admin.md, "Assistant"):
//   GET/PUT/DELETE /v1/admin/faq     the FAQ's Markdown {"markdown"}, or the --faq file again
//   POST /v1/admin/faq/try           {"question", "markdown"?}: which entry would answer, and how
//                                    sure it is, with the FAQ in force or the draft given
//   GET/PUT/DELETE /v1/admin/model   {"url", "model", "key"}: the OpenAI-compatible server, or
//                                    the --llm-* flags again; an empty url turns the model off
// The key is write-only (an empty one keeps the key in force for the same
// server) and stored sealed; the FAQ is stored as given. Each change is
// stored first, then in force for the next question, and wins over the
// flags at the next start; the cluster's other relays read it again at once.
// Answers under way finish with the old assistant.

#include <boost/asio/awaitable.hpp>
#include <boost/asio/thread_pool.hpp>
#include <functional>
#include <memory>

#include "relay/assistant/assistant_switch.hpp"
#include "relay/conversation/conversation_service.hpp"
#include "relay/core/secret_box.hpp"
#include "relay/http/http_types.hpp"

namespace baton {

class AssistantSetting {
 public:
  // Builds the parts a choice asks for; throws ConfigError (relay/app/assistant_setup.hpp).
  using Build = std::function<std::shared_ptr<AssistantParts>(const AssistantChoice&)>;
  struct FromAdmin {
    bool faq = false;
    bool model = false;
  };

  // At start, before the assistant is built: the FAQ and the model the
  // admin page set replace the flags' in `choice`.
  static FromAdmin restore(AssistantChoice& choice, SettingsTable& settings, const SecretBox& box);
  static constexpr std::string_view faq_key = "assistant_faq";
  static constexpr std::string_view model_key = "assistant_model";

  AssistantSetting(AssistantChoice flags, AssistantChoice now, FromAdmin from_admin, AssistantSwitch& assistant,
                   Build build, ConversationService& service, SecretBox box);
  // Waits for a draft FAQ being indexed for a try.
  ~AssistantSetting();

  boost::asio::awaitable<Response> faq(const Request& request);
  boost::asio::awaitable<Response> try_question(const Request& request);
  boost::asio::awaitable<Response> model(const Request& request);
  // Another relay of the cluster changed the FAQ or the model: what is
  // stored (or the flags) is built and in force for the next question.
  void reload(SettingsTable& settings);

 private:
  boost::asio::awaitable<std::optional<Response>> change_faq(const Request& request);
  boost::asio::awaitable<std::optional<Response>> change_model(const Request& request);
  // Stores `value` under `key` (empty: erases), then builds and switches to `next`.
  boost::asio::awaitable<std::optional<Response>> apply(const Request& request, std::string key, std::string value,
                                                        AssistantChoice next);
  Response faq_response(const Request& request) const;
  Response model_response(const Request& request) const;

  AssistantChoice flags_;
  AssistantChoice now_;
  FromAdmin from_admin_;
  AssistantSwitch& assistant_;
  Build build_;
  ConversationService& service_;
  SecretBox box_;
  // Indexing a draft FAQ opens the thesauri: never on the event loop.
  boost::asio::thread_pool index_thread_{1};
};

}  // namespace baton
