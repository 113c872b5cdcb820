#pragma once
// The language model's API key. Given once (--llm-key, better RELAY_LLM_KEY),
// the relay keeps it sealed in data/llm-key.sealed and uses that copy when
// started without it, so the key need not stay in a config file or the
// environment. The sealing key is the relay's secret key. Giving a
// new key replaces the stored one; deleting data/llm-key.sealed forgets it.

#include <filesystem>
#include <string>

#include "common/random_source.hpp"
#include "relay/core/secret_box.hpp"

namespace baton {

// The relay's secret key: from `file` (--secret-key-file, which must exist)
// or data_dir/secret.key, created on first use. It seals the model key and
// every chat's data key (docs/security.md). Throws ConfigError.
SecretBox::Key load_secret_key(const std::filesystem::path& data_dir, const std::filesystem::path& file,
                               RandomSource& random);

// The key to use: `configured` (stored sealed as a side effect) or the stored
// one, or empty when there is neither. The key is sealed together with the
// origin it was given for (`https://host:port`) and is only used there: a
// changed --llm-url needs the key again, so a hosted API's key never goes
// to another server by mistake. Throws ConfigError when the stored one
// cannot be opened (secret.key missing or replaced, the file altered) or
// was given for another origin.
std::string resolve_model_key(const std::string& configured, const std::filesystem::path& data_dir,
                              const SecretBox::Key& secret_key, RandomSource& random, const std::string& origin);

}  // namespace baton
