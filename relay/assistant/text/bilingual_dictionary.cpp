#include "relay/assistant/text/bilingual_dictionary.hpp"

#include <zlib.h>

#include <algorithm>

#include "relay/assistant/text/folding.hpp"

namespace baton {
namespace {

constexpr std::size_t chunks_kept = 16;

// dictd writes offsets and lengths in base 64, most significant digit first.
bool decode_base64_number(std::string_view digits, std::uint32_t& out) {
  std::uint64_t n = 0;
  if (digits.empty() || digits.size() > 6) return false;
  for (char c : digits) {
    int v = c >= 'A' && c <= 'Z'   ? c - 'A'
            : c >= 'a' && c <= 'z' ? c - 'a' + 26
            : c >= '0' && c <= '9' ? c - '0' + 52
            : c == '+'             ? 62
            : c == '/'             ? 63
                                   : -1;
    if (v < 0) return false;
    n = n * 64 + static_cast<std::uint64_t>(v);
  }
  if (n > UINT32_MAX) return false;
  out = static_cast<std::uint32_t>(n);
  return true;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// Drops "<n>", "[Br.]", "{see}" and "(informal)" notes.
std::string without_notes(std::string_view line) {
  std::string out;
  int depth = 0;
  for (char c : line) {
    if (c == '<' || c == '[' || c == '{' || c == '(') {
      ++depth;
    } else if (c == '>' || c == ']' || c == '}' || c == ')') {
      if (depth > 0) --depth;
    } else if (depth == 0) {
      out += c;
    }
  }
  return out;
}

bool is_not_a_translation(std::string_view line) {
  for (std::string_view start : {"Note:", "Synonym", "Antonym", "see:", "See:", "Usage", "\"", "Plural", "Example"}) {
    if (line.starts_with(start)) return true;
  }
  return false;
}

std::uint16_t little_endian16(std::string_view bytes, std::size_t at) {
  return static_cast<std::uint16_t>(static_cast<unsigned char>(bytes[at]) |
                                    (static_cast<unsigned char>(bytes[at + 1]) << 8));
}

}  // namespace

std::vector<std::string> parse_translations(std::string_view entry) {
  std::vector<std::string> out;
  auto newline = entry.find('\n');
  if (newline == std::string_view::npos) return out;
  entry.remove_prefix(newline + 1);  // "headword /pronunciation/ <grammar>"
  while (!entry.empty()) {
    auto end = entry.find('\n');
    auto line = trim(entry.substr(0, end));
    entry.remove_prefix(end == std::string_view::npos ? entry.size() : end + 1);
    if (line.empty() || is_not_a_translation(line)) continue;
    // "2. deliver, furnish"
    auto dot = line.find(". ");
    if (dot != std::string_view::npos && dot <= 3 &&
        std::all_of(line.begin(), line.begin() + static_cast<std::ptrdiff_t>(dot),
                    [](char c) { return c >= '0' && c <= '9'; })) {
      line.remove_prefix(dot + 2);
    }
    auto text = without_notes(line);
    std::string_view rest = text;
    while (!rest.empty()) {
      auto cut = rest.find_first_of(",;");
      auto phrase = trim(rest.substr(0, cut));
      if (!phrase.empty() && std::find(out.begin(), out.end(), phrase) == out.end()) out.emplace_back(phrase);
      if (cut == std::string_view::npos) break;
      rest.remove_prefix(cut + 1);
    }
  }
  return out;
}

std::unique_ptr<BilingualDictionary> BilingualDictionary::open(const std::filesystem::path& index_file,
                                                               const std::filesystem::path& dict_file,
                                                               std::stop_token stop) {
  auto index = MappedFile::open(index_file);
  auto dict = MappedFile::open(dict_file);
  if (!index || !dict) return nullptr;
  std::unique_ptr<BilingualDictionary> dictionary(new BilingualDictionary(std::move(*dict)));
  if (!dictionary->read_chunk_table()) return nullptr;
  auto text = index->bytes();
  std::size_t at = 0;
  for (std::size_t lines = 0; at < text.size(); ++lines) {
    if (lines % 4096 == 0 && stop.stop_requested()) return nullptr;
    auto end = text.find('\n', at);
    if (end == std::string_view::npos) end = text.size();
    auto line = text.substr(at, end - at);
    at = end + 1;
    auto tab1 = line.find('\t');
    auto tab2 = tab1 == std::string_view::npos ? tab1 : line.find('\t', tab1 + 1);
    if (tab2 == std::string_view::npos) continue;
    auto headword = line.substr(0, tab1);
    if (headword.starts_with("00database") || headword.starts_with("00-database")) continue;
    HeadwordTable::Place place;
    if (!decode_base64_number(line.substr(tab1 + 1, tab2 - tab1 - 1), place.offset) ||
        !decode_base64_number(trim(line.substr(tab2 + 1)), place.length)) {
      continue;
    }
    if (auto word = fold_single_word(headword); !word.empty()) dictionary->table_.add(word, place);
  }
  dictionary->table_.sort();
  return dictionary;
}

bool BilingualDictionary::read_chunk_table() {
  auto bytes = dict_.bytes();
  // gzip: magic, deflate, flags, then a "RA" extra field with the chunks.
  if (bytes.size() < 12 || static_cast<unsigned char>(bytes[0]) != 0x1f ||
      static_cast<unsigned char>(bytes[1]) != 0x8b || bytes[2] != 8) {
    return false;
  }
  auto flags = static_cast<unsigned char>(bytes[3]);
  if ((flags & 0x04) == 0) return false;
  std::size_t extra_size = little_endian16(bytes, 10);
  std::size_t at = 12;
  if (at + extra_size > bytes.size()) return false;
  std::vector<std::size_t> sizes;
  for (std::size_t field = at; field + 4 <= at + extra_size;) {
    std::size_t field_size = little_endian16(bytes, field + 2);
    if (field + 4 + field_size > at + extra_size) return false;
    if (bytes[field] == 'R' && bytes[field + 1] == 'A' && field_size >= 6) {
      chunk_size_ = little_endian16(bytes, field + 6);
      std::size_t count = little_endian16(bytes, field + 8);
      if (field_size < 6 + 2 * count) return false;
      for (std::size_t i = 0; i < count; ++i) sizes.push_back(little_endian16(bytes, field + 10 + 2 * i));
    }
    field += 4 + field_size;
  }
  if (chunk_size_ == 0 || sizes.empty()) return false;
  at += extra_size;
  auto skip_text = [&] {
    auto end = bytes.find('\0', at);
    at = end == std::string_view::npos ? bytes.size() : end + 1;
  };
  if (flags & 0x08) skip_text();  // file name
  if (flags & 0x10) skip_text();  // comment
  if (flags & 0x02) at += 2;      // header checksum
  for (auto size : sizes) {
    chunk_starts_.push_back(at);
    at += size;
  }
  if (at > bytes.size()) return false;
  chunk_starts_.push_back(at);
  return true;
}

const std::string& BilingualDictionary::chunk(std::size_t index, std::size_t end) const {
  for (auto it = recent_chunks_.begin(); it != recent_chunks_.end(); ++it) {
    if (it->index != index) continue;
    if (it->whole || it->text.size() >= end) {
      recent_chunks_.splice(recent_chunks_.begin(), recent_chunks_, it);
      return recent_chunks_.front().text;
    }
    recent_chunks_.erase(it);  // inflated again, further
    break;
  }
  std::size_t wanted = std::min(end, chunk_size_);
  std::string out(wanted, '\0');
  auto input = dict_.bytes().substr(chunk_starts_[index], chunk_starts_[index + 1] - chunk_starts_[index]);
  z_stream stream{};
  std::size_t produced = 0;
  if (inflateInit2(&stream, -MAX_WBITS) == Z_OK) {
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(input.data()));
    stream.avail_in = static_cast<uInt>(input.size());
    stream.next_out = reinterpret_cast<Bytef*>(out.data());
    stream.avail_out = static_cast<uInt>(out.size());
    // Stops when `wanted` bytes are out, or at the chunk's end.
    int status = inflate(&stream, Z_SYNC_FLUSH);
    if (status == Z_OK || status == Z_STREAM_END || status == Z_BUF_ERROR) produced = out.size() - stream.avail_out;
    inflateEnd(&stream);
  }
  out.resize(produced);
  // Short of what was asked for: the chunk (the file's last) has no more.
  bool whole = wanted == chunk_size_ || produced < wanted;
  recent_chunks_.push_front({index, std::move(out), whole});
  if (recent_chunks_.size() > chunks_kept) recent_chunks_.pop_back();
  return recent_chunks_.front().text;
}

std::string BilingualDictionary::read(std::uint32_t offset, std::uint32_t length) const {
  std::string out;
  std::lock_guard lock(mutex_);
  const std::size_t stop = static_cast<std::size_t>(offset) + length;
  std::size_t first = offset / chunk_size_;
  std::size_t last = (stop - 1) / chunk_size_;
  for (auto i = first; i <= last && i + 1 < chunk_starts_.size(); ++i) {
    const auto& text = chunk(i, i == last ? stop - i * chunk_size_ : chunk_size_);
    std::size_t from = i == first ? offset % chunk_size_ : 0;
    if (from < text.size()) out.append(text, from);
  }
  out.resize(std::min<std::size_t>(out.size(), length));
  return out;
}

std::vector<std::string> BilingualDictionary::translations(std::string_view folded_word, std::size_t limit) const {
  std::vector<std::string> out;
  for (auto place : table_.find(folded_word)) {
    if (place.length == 0) continue;
    for (auto& t : parse_translations(read(place.offset, place.length))) {
      if (out.size() >= limit) return out;
      if (std::find(out.begin(), out.end(), t) == out.end()) out.push_back(std::move(t));
    }
  }
  return out;
}

std::vector<std::string> BilingualDictionary::headwords_starting_with(std::string_view prefix,
                                                                      std::size_t limit) const {
  return table_.words_starting_with(prefix, limit);
}

}  // namespace baton
