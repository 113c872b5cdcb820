#pragma once
// Semantic retrieval for the model assistant, through the same server's
// OpenAI-compatible /embeddings call. Each FAQ entry's vector is asked for
// once per FAQ version and embedding model and kept in a file in the data
// folder, so a restart asks for nothing; the question's vector is asked for
// per message, within a short time limit. Until the entries' vectors are
// there, or when a call fails, retrieval is lexical only.

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "relay/assistant/faq.hpp"
#include "relay/assistant/model/chat_client.hpp"
#include "relay/assistant/model/embedding_protocol.hpp"
#include "relay/core/clock.hpp"

namespace baton {

class SemanticSearch {
 public:
  struct Settings {
    std::string model;                               // the embedding model's name
    std::filesystem::path cache_file;                // where the entries' vectors are kept
    std::chrono::milliseconds question_limit{2500};  // one question's vector
    std::chrono::milliseconds entries_limit{60000};  // one batch of entries' vectors
    std::int64_t retry_ms = 60000;                   // after a failed start
  };
  static constexpr std::size_t batch_size = 16;

  SemanticSearch(Settings settings, ChatClient& client, const std::vector<FaqEntry>& entries, const Clock& clock);

  // Reads the kept vectors, or asks for them.
  void start();
  bool ready() const;
  // After a failed start, asks again once Settings::retry_ms has passed.
  void retry_if_due();

  // The entries ranked by cosine to the question, best first, at most
  // `limit`; empty when not ready or the call failed. `done` runs once.
  void rank(std::string question, std::size_t limit, std::function<void(std::vector<std::size_t>)> done);

  // What the vectors are of: the FAQ's text and the model, hashed.
  const std::string& version() const;

 private:
  struct State;
  void ask_for_entries();
  static void ask_next_batch(std::shared_ptr<State> state);
  std::shared_ptr<State> state_;
};

// Reciprocal rank fusion (k = 60): each ranking of entry indexes, best
// first, gives an entry 1 / (60 + its place); the best sums come first.
std::vector<std::size_t> fuse_rankings(const std::vector<std::vector<std::size_t>>& rankings, std::size_t limit);

// The text an entry is embedded as: its question, the other ways it is
// asked, and its answer.
std::string entry_text(const FaqEntry& entry);

}  // namespace baton
