#pragma once
// The lines an agent reads first when a chat is handed over, when no model
// wrote a summary: what the visitor asked first, and what the assistant could
// not answer (the questions a person is needed for). The newest turns follow
// in the transcript itself.

#include <string>
#include <string_view>
#include <vector>

#include "relay/store/store_tx.hpp"

namespace baton {

std::vector<std::string> extractive_gist(StoreTx& tx, std::string_view session_id);

// A model's summary as gist lines: one per non-empty line, list marks removed.
std::vector<std::string> gist_lines(std::string_view model_summary);

}  // namespace baton
