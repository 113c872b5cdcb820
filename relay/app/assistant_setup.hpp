#pragma once
// Builds the assistant a choice asks for (relay/assistant/assistant_switch.hpp):
// always the FAQ assistant (the default, and the model's grounding and
// fallback), and a model assistant in front of it when a model URL is set.

#include <boost/asio/any_io_executor.hpp>
#include <memory>

#include "common/random_source.hpp"
#include "relay/assistant/assistant_switch.hpp"
#include "relay/core/clock.hpp"
#include "relay/core/config.hpp"
#include "relay/core/secret_box.hpp"

namespace baton {

// What the flags choose: the --faq file and the --llm-* model, its key
// resolved (relay/app/model_key.hpp). Throws ConfigError for an unusable
// FAQ or stored key.
AssistantChoice flags_assistant_choice(const Config& config, RandomSource& random, const SecretBox::Key& secret_key);

// Throws ConfigError for an unusable URL, prompt file or CA. The model's
// other settings (prompt, time limit, embeddings) come from `config`.
std::shared_ptr<AssistantParts> make_assistant(const AssistantChoice& choice, const Config& config,
                                               boost::asio::any_io_executor executor, const Clock& clock);

// The owner's prompt file is read whole up to this size.
inline constexpr std::size_t max_prompt_bytes = 32 * 1024;

}  // namespace baton
