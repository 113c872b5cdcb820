#pragma once
// Builds the assistant the configuration asks for: always the FAQ assistant
// (the default, and the model's grounding and fallback), and a model
// assistant in front of it when --llm-url is set.

#include <boost/asio/any_io_executor.hpp>
#include <memory>

#include "common/random_source.hpp"
#include "relay/assistant/faq_assistant.hpp"
#include "relay/assistant/model/chat_client.hpp"
#include "relay/assistant/model_assistant.hpp"
#include "relay/core/clock.hpp"
#include "relay/core/config.hpp"
#include "relay/core/secret_box.hpp"

namespace baton {

struct AssistantParts {
  std::unique_ptr<FaqAssistant> faq;
  std::unique_ptr<ChatClient> chat;
  std::unique_ptr<SemanticSearch> semantic;
  std::unique_ptr<ModelAssistant> model;

  Assistant& active() { return model ? static_cast<Assistant&>(*model) : *faq; }
};

// Throws ConfigError for an unusable FAQ, URL, prompt file, CA or stored key.
AssistantParts make_assistant(const Config& config, boost::asio::any_io_executor executor, const Clock& clock,
                              RandomSource& random, const SecretBox::Key& secret_key);

// The owner's prompt file is read whole up to this size.
inline constexpr std::size_t max_prompt_bytes = 32 * 1024;

}  // namespace baton
