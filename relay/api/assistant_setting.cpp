#include "relay/api/assistant_setting.hpp"

#include <boost/asio/post.hpp>
#include <boost/json/serialize.hpp>

#include "common/utf8.hpp"
#include "relay/api/sealed_setting.hpp"
#include "relay/core/config.hpp"
#include "relay/core/json_fields.hpp"
#include "relay/core/log.hpp"
#include "relay/core/net.hpp"
#include "relay/http/await_callback.hpp"
#include "relay/http/client_stream.hpp"
#include "relay/http/refusals.hpp"
#include "relay/http/responses.hpp"
#include "relay/hub/json_codec.hpp"

namespace baton {
namespace {

constexpr std::size_t max_try_question = 1000;

// The server a URL names, to tell whether a key given for one may go to the other.
std::optional<std::string> origin_of_url(const std::string& url) {
  try {
    return HttpEndpoint::parse(url).origin();
  } catch (const std::invalid_argument&) {
    return std::nullopt;
  }
}

bool printable(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return c > ' ' && c < 0x7f; });
}

// What the admin page's "try a question" shows: the language the question
// is taken to be in, the reply the visitor would get, and the closest
// entries with how well each covers the question.
json::object tried(const FaqAssistant& faq, const std::string& question) {
  auto index = faq.index();
  auto lang = faq.language_of(question, index->lang());
  AssistantQuestion asked;
  asked.message.text = question;
  asked.lang = lang;
  auto reply = faq.reply_to(asked);
  const auto& confidence = faq.settings().confidence;
  auto evidence = index->weigh(question, lang);
  auto answering = FaqIndex::decide(evidence, confidence);
  auto suggesting = answering.empty() ? FaqIndex::suggest(evidence, confidence) : std::vector<FaqIndex::Match>{};
  auto among = [](const std::vector<FaqIndex::Match>& list, std::size_t entry) {
    return std::any_of(list.begin(), list.end(), [&](const auto& a) { return a.entry == entry; });
  };
  json::array matches;
  for (const auto& m : evidence.best) {
    matches.push_back(json::object{{"question", index->entry(m.entry).question},
                                   {"score", std::round(m.score * 100) / 100},
                                   {"coverage", std::round(m.coverage * 100) / 100},
                                   {"answers", among(answering, m.entry)},
                                   {"suggested", among(suggesting, m.entry)}});
  }
  return json::object{{"language", to_string(lang)},
                      {"faq_language", to_string(index->lang())},
                      {"answered", reply.answered},
                      {"reply", reply.text},
                      {"matches", std::move(matches)},
                      {"min_coverage", confidence.min_coverage},
                      {"belief", std::round(confidence.belief(evidence) * 100) / 100},
                      {"min_belief", confidence.belief_needed(evidence)},
                      {"min_belief_to_suggest", confidence.min_belief_to_suggest},
                      {"lexicon_loaded", faq.lexicon_loaded()}};
}

}  // namespace

AssistantSetting::FromAdmin AssistantSetting::restore(AssistantChoice& choice, SettingsTable& settings,
                                                      const SecretBox& box) {
  FromAdmin from;
  if (auto faq = settings.get(faq_key)) {
    try {
      choice.entries = check_faq(*faq, "the FAQ set on the admin page");
      choice.faq = std::move(*faq);
      from.faq = true;
    } catch (const FaqError& e) {
      log::warn("the FAQ set on the admin page cannot be used: using --faq", {{"error", e.what()}});
    }
  }
  if (auto stored = open_sealed_setting(settings, model_key, box, "the model")) {
    choice.llm_url = text_at(*stored, "url");
    choice.llm_model = text_at(*stored, "model");
    choice.llm_key = text_at(*stored, "key");
    from.model = true;
  }
  return from;
}

AssistantSetting::AssistantSetting(AssistantChoice flags, AssistantChoice now, FromAdmin from_admin,
                                   AssistantSwitch& assistant, Build build, ConversationService& service, SecretBox box)
    : flags_(std::move(flags)),
      now_(std::move(now)),
      from_admin_(from_admin),
      assistant_(assistant),
      build_(std::move(build)),
      service_(service),
      box_(std::move(box)) {}

AssistantSetting::~AssistantSetting() { index_thread_.join(); }

void AssistantSetting::reload(SettingsTable& settings) {
  auto next = flags_;
  auto from = restore(next, settings, box_);
  // A relay reads every setting again after its link to the others came
  // back: an assistant that has not changed is not built again.
  bool same = next.faq == now_.faq && next.llm_url == now_.llm_url && next.llm_model == now_.llm_model &&
              next.llm_key == now_.llm_key;
  if (!same) {
    try {
      assistant_.replace(build_(next));
    } catch (const std::exception& e) {
      log::error("the assistant another relay set cannot be built here", {{"error", e.what()}});
      return;
    }
    now_ = std::move(next);
  }
  from_admin_ = from;
}

net::awaitable<Response> AssistantSetting::faq(const Request& request) {
  auto method = request.method();
  if (method != http::verb::get && method != http::verb::put && method != http::verb::delete_) {
    co_return method_not_allowed(request, "GET, PUT, DELETE");
  }
  if (method != http::verb::get) {
    auto refused = co_await change_faq(request);
    if (refused) co_return std::move(*refused);
  }
  co_return faq_response(request);
}

net::awaitable<Response> AssistantSetting::model(const Request& request) {
  auto method = request.method();
  if (method != http::verb::get && method != http::verb::put && method != http::verb::delete_) {
    co_return method_not_allowed(request, "GET, PUT, DELETE");
  }
  if (method != http::verb::get) {
    auto refused = co_await change_model(request);
    if (refused) co_return std::move(*refused);
  }
  co_return model_response(request);
}

Response AssistantSetting::faq_response(const Request& request) const {
  auto parts = assistant_.current();
  auto index = parts->faq->index();
  auto source = from_admin_.faq ? "admin" : flags_.faq.empty() ? "none" : "file";
  return json_response(request, 200,
                       // The summary first: the audit log keeps an answer's beginning.
                       json::object{{"source", source},
                                    {"entries", now_.entries.size()},
                                    {"language", to_string(index->lang())},
                                    {"lexicon_loaded", parts->faq->lexicon_loaded()},
                                    {"max_bytes", faq_max_bytes},
                                    {"markdown", now_.faq}});
}

Response AssistantSetting::model_response(const Request& request) const {
  auto parts = assistant_.current();
  return json_response(request, 200,
                       json::object{{"url", now_.llm_url},
                                    {"model", now_.llm_model},
                                    {"key_set", !now_.llm_key.empty()},
                                    {"source", from_admin_.model ? "admin" : "flags"},
                                    {"failures", parts->model ? parts->model->failures() : 0}});
}

net::awaitable<std::optional<Response>> AssistantSetting::change_faq(const Request& request) {
  auto next = now_;
  std::string stored;
  if (request.method() == http::verb::put) {
    auto parsed = parse_object(request.body());
    if (auto* error = std::get_if<Refusal>(&parsed)) co_return refusal_response(request, *error);
    stored = text_at(std::get<json::object>(parsed), "markdown");
    try {
      next.entries = check_faq(stored, "the FAQ");
    } catch (const FaqError& e) {
      co_return error_response(request, ApiError{400, "invalid_faq", e.what()});
    }
    next.faq = stored;
  } else {
    next.faq = flags_.faq;
    next.entries = flags_.entries;
  }
  auto refused = co_await apply(request, std::string(faq_key), stored, std::move(next));
  if (!refused) from_admin_.faq = !stored.empty();
  co_return refused;
}

net::awaitable<std::optional<Response>> AssistantSetting::change_model(const Request& request) {
  auto next = now_;
  std::string stored;
  if (request.method() == http::verb::put) {
    auto parsed = parse_object(request.body());
    if (auto* error = std::get_if<Refusal>(&parsed)) co_return refusal_response(request, *error);
    const auto& body = std::get<json::object>(parsed);
    auto invalid = [&](std::string message) {
      return std::optional<Response>(error_response(request, ApiError{400, "invalid_model", std::move(message)}));
    };
    next.llm_url = text_at(body, "url");
    next.llm_model = text_at(body, "model");
    auto key = text_at(body, "key");
    const auto* forget = body.if_contains("remove_key");
    if (next.llm_url.empty()) {
      next.llm_model.clear();
      key.clear();
    } else {
      std::optional<HttpEndpoint> endpoint;
      try {
        endpoint = HttpEndpoint::parse(next.llm_url);
      } catch (const std::invalid_argument& e) {
        co_return invalid(std::string("the model's URL: ") + e.what() + " (such as https://api.openai.com/v1)");
      }
      if (next.llm_model.empty() || next.llm_model.size() > 200 || !utf8::is_valid(next.llm_model)) {
        co_return invalid("name the model the server expects, such as gpt-4o-mini (at most 200 characters)");
      }
      if (key.size() > 1024 || !printable(key)) co_return invalid("the key is at most 1024 characters without spaces");
      // A key given for one server never goes to another by itself.
      bool same_server = origin_of_url(now_.llm_url) == endpoint->origin();
      if (key.empty() && same_server && !(forget && forget->is_bool() && forget->get_bool())) key = now_.llm_key;
      if (!key.empty() && !endpoint->tls && !endpoint->loopback()) {
        co_return invalid("http:// would send the key unencrypted to " + endpoint->host +
                          "; use https:// (plain http is for servers on this machine)");
      }
    }
    next.llm_key = key;
    stored = box_.seal(
        json::serialize(json::object{{"url", next.llm_url}, {"model", next.llm_model}, {"key", next.llm_key}}));
  } else {
    next.llm_url = flags_.llm_url;
    next.llm_model = flags_.llm_model;
    next.llm_key = flags_.llm_key;
  }
  auto refused = co_await apply(request, std::string(model_key), stored, std::move(next));
  if (!refused) from_admin_.model = !stored.empty();
  co_return refused;
}

net::awaitable<std::optional<Response>> AssistantSetting::apply(const Request& request, std::string key,
                                                                std::string value, AssistantChoice next) {
  // Built before it is stored: a build reads the flags' CA and prompt files
  // again, which may have changed since the start. A build that fails stores
  // nothing (found on review: it was stored, and in force on the other
  // relays, while this one answered 500).
  std::shared_ptr<AssistantParts> parts;
  try {
    parts = build_(next);
  } catch (const std::exception& e) {
    log::error("the assistant set on the admin page cannot be built", {{"error", e.what()}});
    co_return error_response(request, ApiError{500, "assistant_failed", e.what()});
  }
  auto outcome = co_await await_callback<Outcome<bool>>(
      [&](auto done) { service_.save_setting(std::move(key), std::move(value), std::move(done)); });
  if (auto* error = std::get_if<Refusal>(&outcome)) co_return refusal_response(request, *error);
  assistant_.replace(std::move(parts));
  now_ = std::move(next);
  co_return std::nullopt;
}

net::awaitable<Response> AssistantSetting::try_question(const Request& request) {
  if (request.method() != http::verb::post) co_return method_not_allowed(request, "POST");
  auto parsed = parse_object(request.body());
  if (auto* error = std::get_if<Refusal>(&parsed)) co_return refusal_response(request, *error);
  const auto& body = std::get<json::object>(parsed);
  auto question = text_at(body, "question");
  if (question.find_first_not_of(" \t\r\n") == std::string::npos || question.size() > max_try_question) {
    co_return error_response(request, ApiError{400, "invalid_question", "type a question of at most 1000 characters"});
  }
  auto draft = text_at(body, "markdown");
  if (draft.empty()) co_return json_response(request, 200, tried(*assistant_.current()->faq, question));
  std::vector<FaqEntry> entries;
  try {
    entries = check_faq(draft, "the FAQ");
  } catch (const FaqError& e) {
    co_return error_response(request, ApiError{400, "invalid_faq", e.what()});
  }
  auto settings = assistant_.current()->faq->settings();
  auto answer = co_await await_callback<json::object>([&](auto done) {
    net::post(index_thread_, [settings, entries = std::move(entries), question, done = std::move(done)]() mutable {
      FaqAssistant faq(settings, std::move(entries), FaqAssistant::Loading::now);
      done(tried(faq, question));
    });
  });
  co_return json_response(request, 200, answer);
}

}  // namespace baton
