#include "relay/app/assistant_setup.hpp"

#include <chrono>
#include <fstream>
#include <iterator>

#include "common/utf8.hpp"
#include "relay/app/model_key.hpp"
#include "relay/core/log.hpp"
#include "relay/http/client_stream.hpp"

namespace baton {
namespace {

std::string read_prompt(const std::filesystem::path& file) {
  std::error_code ec;
  auto size = std::filesystem::file_size(file, ec);
  if (ec) throw ConfigError("--llm-prompt: cannot read " + file.string() + " (" + ec.message() + ")");
  if (size > max_prompt_bytes) throw ConfigError("--llm-prompt: " + file.string() + " is larger than 32 KiB");
  std::ifstream in(file, std::ios::binary);
  std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  if (!utf8::is_valid(text)) throw ConfigError("--llm-prompt: " + file.string() + " is not UTF-8 text");
  return text;
}

std::unique_ptr<FaqAssistant> make_faq_assistant(const AssistantChoice& choice, const Config& config) {
  if (choice.entries.empty()) log::warn("no FAQ: the assistant can only greet and offer a person");
  // The thesauri and dictionaries open on a thread of their own; the relay
  // does not wait for them ("faq lexicon ready" says when they are in use).
  FaqIndex::Confidence confidence;
  confidence.min_coverage = config.faq_min_coverage;
  confidence.min_margin = config.faq_min_margin;
  confidence.min_belief = config.faq_min_belief;
  confidence.min_belief_other_language = config.faq_min_belief_other_language;
  confidence.min_belief_to_suggest = config.faq_min_belief_to_suggest;
  auto assistant = std::make_unique<FaqAssistant>(FaqAssistant::Settings{config.assistant_name, confidence},
                                                  choice.entries, FaqAssistant::Loading::in_background);
  log::info("faq assistant ready", {{"entries", assistant->entries().size()},
                                    {"language", std::string(to_string(assistant->index()->lang()))}});
  return assistant;
}

}  // namespace

AssistantChoice flags_assistant_choice(const Config& config, RandomSource& random, const SecretBox::Key& secret_key) {
  AssistantChoice choice;
  if (!config.faq.empty()) {
    std::ifstream in(config.faq, std::ios::binary);
    choice.faq.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    try {
      choice.entries = load_faq(config.faq);
    } catch (const FaqError& e) {
      throw ConfigError(e.what());
    }
  }
  choice.llm_url = config.llm_url;
  choice.llm_model = config.llm_model;
  if (!config.llm_url.empty()) {
    try {
      auto origin = HttpEndpoint::parse(config.llm_url).origin();
      choice.llm_key = resolve_model_key(config.llm_key, config.data_dir, secret_key, random, origin);
    } catch (const std::invalid_argument& e) {
      throw ConfigError(std::string("--llm-url: ") + e.what());
    }
  }
  return choice;
}

std::shared_ptr<AssistantParts> make_assistant(const AssistantChoice& choice, const Config& config,
                                               boost::asio::any_io_executor executor, const Clock& clock) {
  auto parts = std::make_shared<AssistantParts>();
  parts->faq = make_faq_assistant(choice, config);
  if (choice.llm_url.empty()) return parts;
  if (choice.llm_model.empty()) throw ConfigError("--llm-url needs --llm-model (the model name the server expects)");

  ChatClient::Settings chat;
  try {
    chat.endpoint = HttpEndpoint::parse(choice.llm_url);
  } catch (const std::invalid_argument& e) {
    throw ConfigError(std::string("--llm-url: ") + e.what());
  }
  chat.key = choice.llm_key;
  if (!chat.key.empty() && !chat.endpoint.tls && !chat.endpoint.loopback()) {
    throw ConfigError("--llm-url: http:// would send the key unencrypted to " + chat.endpoint.host +
                      "; use https:// (plain http is for servers on this machine)");
  }
  chat.idle_timeout = std::chrono::milliseconds(config.llm_timeout_ms);
  chat.total_timeout = std::max(std::chrono::milliseconds(60000), 3 * chat.idle_timeout);
  chat.extra_ca = config.llm_ca;
  try {
    parts->chat = std::make_unique<ChatClient>(executor, chat);
  } catch (const std::exception& e) {
    throw ConfigError("--llm-ca: cannot load " + config.llm_ca.string() + " (" + e.what() + ")");
  }
  ModelAssistant::Settings model;
  model.model = choice.llm_model;
  if (!config.llm_prompt.empty()) model.system_prompt = read_prompt(config.llm_prompt);
  auto embedding_model = config.llm_embedding_model.empty() ? choice.llm_model : config.llm_embedding_model;
  if (embedding_model != "none" && !parts->faq->entries().empty()) {
    SemanticSearch::Settings semantic;
    semantic.model = embedding_model;
    semantic.cache_file = config.data_dir / "faq-vectors.json";
    semantic.question_limit = std::min(std::chrono::milliseconds(2500), chat.idle_timeout);
    parts->semantic = std::make_unique<SemanticSearch>(semantic, *parts->chat, parts->faq->entries(), clock);
    parts->semantic->start();
  }
  parts->model = std::make_unique<ModelAssistant>(model, *parts->chat, *parts->faq, clock, parts->semantic.get());
  // The URL names the server; the key is never logged.
  log::info("model assistant ready", {{"server", chat.endpoint.origin() + chat.endpoint.base_path},
                                      {"model", choice.llm_model},
                                      {"embeddings", parts->semantic ? embedding_model : std::string("off")},
                                      {"key", chat.key.empty() ? "none" : "set"}});
  return parts;
}

}  // namespace baton
