#include "relay/assistant/semantic_search.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <fstream>
#include <map>
#include <sstream>

#include "relay/core/crypto.hpp"
#include "relay/core/log.hpp"
#include "relay/core/metrics.hpp"

namespace baton {

namespace json = boost::json;

namespace {

constexpr double fusion_k = 60;
constexpr std::size_t answer_chars_embedded = 2000;

// ok, failed: calls to /embeddings.
void count_call(const char* what, const char* result) {
  metrics::registry()
      .counter("baton_model_embeddings_total", "Calls for embeddings by purpose and result",
               std::string("purpose=\"") + what + "\",result=\"" + result + "\"")
      .inc();
}

}  // namespace

struct SemanticSearch::State {
  Settings settings;
  ChatClient& client;
  const Clock& clock;
  std::vector<std::string> texts;  // one per entry
  std::string version;
  std::vector<Vector> vectors;  // one per entry once ready
  std::vector<Vector> gathering;
  bool asking = false;
  std::int64_t retry_after_ms = 0;

  State(Settings s, ChatClient& c, const Clock& k) : settings(std::move(s)), client(c), clock(k) {}

  bool load() {
    std::ifstream in(settings.cache_file, std::ios::binary);
    if (!in) return false;
    std::ostringstream text;
    text << in.rdbuf();
    boost::system::error_code ec;
    auto value = json::parse(text.str(), ec);
    if (ec || !value.is_object()) return false;
    const auto& o = value.as_object();
    const auto* stored_version = o.if_contains("version");
    const auto* stored = o.if_contains("vectors");
    if (stored_version == nullptr || !stored_version->is_string() || stored_version->as_string() != version ||
        stored == nullptr || !stored->is_array() || stored->as_array().size() != texts.size()) {
      return false;
    }
    std::vector<Vector> loaded;
    for (const auto& row : stored->as_array()) {
      if (!row.is_array()) return false;
      Vector v;
      for (const auto& x : row.as_array()) {
        if (!x.is_number()) return false;
        v.push_back(static_cast<float>(x.to_number<double>()));
      }
      loaded.push_back(std::move(v));
    }
    vectors = std::move(loaded);
    return true;
  }

  void save() const {
    json::array rows;
    for (const auto& v : vectors) {
      json::array row;
      for (float x : v) row.emplace_back(static_cast<double>(x));
      rows.emplace_back(std::move(row));
    }
    auto temporary = settings.cache_file;
    temporary += ".tmp";
    {
      std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
      out << json::serialize(json::object{{"version", version}, {"vectors", std::move(rows)}});
      if (!out) {
        log::warn("cannot keep the FAQ's vectors", {{"file", settings.cache_file.string()}});
        return;
      }
    }
    std::error_code ec;
    std::filesystem::rename(temporary, settings.cache_file, ec);
    if (ec)
      log::warn("cannot keep the FAQ's vectors", {{"file", settings.cache_file.string()}, {"error", ec.message()}});
  }
};

std::string entry_text(const FaqEntry& entry) {
  std::string text = entry.question;
  for (const auto& other : entry.also_asked) text += "\n" + other;
  text += "\n" + entry.answer.substr(0, answer_chars_embedded);
  return text;
}

SemanticSearch::SemanticSearch(Settings settings, ChatClient& client, const std::vector<FaqEntry>& entries,
                               const Clock& clock)
    : state_(std::make_shared<State>(std::move(settings), client, clock)) {
  std::string all = "model:" + state_->settings.model + "\n";
  for (const auto& e : entries) {
    state_->texts.push_back(entry_text(e));
    all += state_->texts.back() + "\n\x1e";
  }
  state_->version = crypto::to_hex(crypto::sha256(all));
}

const std::string& SemanticSearch::version() const { return state_->version; }

bool SemanticSearch::ready() const { return !state_->texts.empty() && state_->vectors.size() == state_->texts.size(); }

void SemanticSearch::start() {
  if (state_->texts.empty()) return;
  if (state_->load()) {
    log::info("faq vectors read", {{"entries", state_->vectors.size()}, {"model", state_->settings.model}});
    return;
  }
  ask_for_entries();
}

void SemanticSearch::retry_if_due() {
  if (!ready() && !state_->texts.empty()) ask_for_entries();
}

void SemanticSearch::ask_for_entries() {
  if (state_->asking || state_->clock.now_ms() < state_->retry_after_ms) return;
  state_->asking = true;
  state_->gathering.clear();
  ask_next_batch(state_);
}

// One batch after another, so a large FAQ never makes one huge call.
void SemanticSearch::ask_next_batch(std::shared_ptr<State> state) {
  auto from = state->gathering.size();
  if (from >= state->texts.size()) {
    state->vectors = std::move(state->gathering);
    state->gathering.clear();
    state->asking = false;
    state->save();
    log::info("faq vectors made", {{"entries", state->vectors.size()}, {"model", state->settings.model}});
    return;
  }
  auto to = std::min(state->texts.size(), from + batch_size);
  std::vector<std::string> batch(state->texts.begin() + static_cast<std::ptrdiff_t>(from),
                                 state->texts.begin() + static_cast<std::ptrdiff_t>(to));
  auto count = batch.size();
  auto& client = state->client;
  auto limit = state->settings.entries_limit;
  client.post(
      "/embeddings", embedding_request_body(state->settings.model, batch),
      [state, count](ChatClient::Result result) {
        auto vectors = result.ok ? read_embeddings(result.text, count) : std::nullopt;
        // Every batch must come from one model: vectors of one length.
        if (vectors && !state->gathering.empty() && vectors->front().size() != state->gathering.front().size()) {
          vectors.reset();
        }
        if (!vectors) {
          count_call("faq", "failed");
          log::warn("cannot get the FAQ's vectors; answers are grounded by words only for now",
                    {{"error", result.ok ? std::string("not an embeddings answer") : result.error},
                     {"retry_ms", state->settings.retry_ms}});
          state->asking = false;
          state->gathering.clear();
          state->retry_after_ms = state->clock.now_ms() + state->settings.retry_ms;
          return;
        }
        count_call("faq", "ok");
        for (auto& v : *vectors) {
          normalize(v);
          state->gathering.push_back(std::move(v));
        }
        ask_next_batch(state);
      },
      limit);
}

void SemanticSearch::rank(std::string question, std::size_t limit, std::function<void(std::vector<std::size_t>)> done) {
  if (!ready()) {
    retry_if_due();
    done({});
    return;
  }
  auto state = state_;
  state->client.post(
      "/embeddings", embedding_request_body(state->settings.model, {std::move(question)}),
      [state, limit, done = std::move(done)](ChatClient::Result result) {
        auto vectors = result.ok ? read_embeddings(result.text, 1) : std::nullopt;
        if (!vectors || vectors->front().size() != state->vectors.front().size()) {
          count_call("question", "failed");
          log::warn("cannot get a question's vector; grounded by words only",
                    {{"error", result.ok ? std::string("not a matching embeddings answer") : result.error}});
          done({});
          return;
        }
        count_call("question", "ok");
        auto& q = vectors->front();
        normalize(q);
        std::vector<std::pair<double, std::size_t>> scored;
        for (std::size_t i = 0; i < state->vectors.size(); ++i) scored.emplace_back(dot(q, state->vectors[i]), i);
        std::sort(scored.begin(), scored.end(), [](const auto& a, const auto& b) {
          return a.first != b.first ? a.first > b.first : a.second < b.second;
        });
        std::vector<std::size_t> ranked;
        for (std::size_t i = 0; i < scored.size() && i < limit; ++i) ranked.push_back(scored[i].second);
        done(std::move(ranked));
      },
      state->settings.question_limit);
}

std::vector<std::size_t> fuse_rankings(const std::vector<std::vector<std::size_t>>& rankings, std::size_t limit) {
  std::map<std::size_t, double> sums;
  std::map<std::size_t, std::size_t> first_seen;  // ties go to the earlier ranking's order
  std::size_t order = 0;
  for (const auto& ranking : rankings) {
    for (std::size_t place = 0; place < ranking.size(); ++place) {
      sums[ranking[place]] += 1.0 / (fusion_k + static_cast<double>(place + 1));
      first_seen.try_emplace(ranking[place], order++);
    }
  }
  std::vector<std::size_t> out;
  for (const auto& [entry, sum] : sums) out.push_back(entry);
  std::sort(out.begin(), out.end(), [&](std::size_t a, std::size_t b) {
    return sums[a] != sums[b] ? sums[a] > sums[b] : first_seen[a] < first_seen[b];
  });
  if (out.size() > limit) out.resize(limit);
  return out;
}

}  // namespace baton
