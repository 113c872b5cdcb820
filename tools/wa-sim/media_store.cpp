#include "tools/wa-sim/media_store.hpp"

#include <array>
#include <iterator>

namespace baton::sim {

std::string MediaStore::new_id() {
  // Meta's media ids are 15 or 16 digit numbers.
  while (true) {
    std::array<std::uint8_t, 15> bytes{};
    random_.fill(bytes);
    std::string id = "1";
    for (auto b : bytes) id += static_cast<char>('0' + b % 10);
    if (!files_.contains(id)) return id;
  }
}

const StoredMedia& MediaStore::add(std::string bytes, std::string mime, std::string filename, std::int64_t now_ms) {
  StoredMedia media;
  media.id = new_id();
  media.mime = std::move(mime);
  media.filename = std::move(filename);
  media.sha256 = crypto::sha256(bytes);
  media.bytes = std::make_shared<const std::string>(std::move(bytes));
  media.created_ms = now_ms;
  auto id = media.id;
  return files_.emplace(std::move(id), std::move(media)).first->second;
}

const StoredMedia* MediaStore::find(std::string_view id) const {
  const auto* media = find_kept(id);
  return media && !media->deleted ? media : nullptr;
}

const StoredMedia* MediaStore::find_kept(std::string_view id) const {
  auto it = files_.find(std::string(id));
  return it == files_.end() ? nullptr : &it->second;
}

bool MediaStore::remove(std::string_view id) {
  auto it = files_.find(std::string(id));
  if (it == files_.end() || it->second.deleted) return false;
  it->second.deleted = true;
  return true;
}

std::string MediaStore::issue_url(const std::string& id, std::int64_t now_ms) {
  // Forget grants that have run out, so a long demo does not pile them up.
  std::erase_if(grants_, [now_ms](const auto& entry) { return entry.second.expires_ms <= now_ms; });
  std::array<std::uint8_t, 24> bytes{};
  random_.fill(bytes);
  auto token = crypto::base64(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()),
                              crypto::Base64Alphabet::url_safe);
  grants_[token] = Grant{id, now_ms + url_ttl_ms_};
  return token;
}

const StoredMedia* MediaStore::redeem(std::string_view token, std::int64_t now_ms) const {
  auto it = grants_.find(std::string(token));
  if (it == grants_.end() || it->second.expires_ms <= now_ms) return nullptr;
  return find(it->second.media_id);
}

void MediaStore::reset() {
  files_.clear();
  grants_.clear();
}

}  // namespace baton::sim
