// One round trip per protocol type, through each archive the product uses
// (portable binary on the wire and in the store, JSON for people), plus the
// guards of the binary decoder against hostile bytes.

#include <cereal/archives/json.hpp>
#include <cereal/archives/portable_binary.hpp>
#include <doctest/doctest.h>
#include <sstream>

#include "common/protocol/binary_codec.hpp"
#include "common/protocol/byte_archive.hpp"
#include "common/protocol/client_frames.hpp"
#include "common/protocol/handoff.hpp"
#include "common/protocol/message.hpp"
#include "common/protocol/server_frames.hpp"
#include "common/protocol/visitor_context.hpp"
#include "relay/hub/json_codec.hpp"

namespace {

template <class Archive, class T>
T round_trip_with(const T& value) {
  std::stringstream stream;
  {
    typename Archive::Output out(stream);
    out(value);
  }
  T copy{};
  {
    typename Archive::Input in(stream);
    in(copy);
  }
  return copy;
}

// The archives the product uses: bytes on the wire and in the store, JSON
// for people reading a frame.
template <class T>
T bytes_round_trip(const T& value) {
  std::string bytes;
  {
    baton::ByteOutputArchive out(bytes);
    out(value);
  }
  T copy{};
  baton::ByteInputArchive in(bytes);
  in(copy);
  CHECK(in.remaining() == 0);
  return copy;
}

// The byte archives write cereal's portable binary format: cereal's own
// reader must agree.
template <class T>
T read_with_cereal_portable_binary(const T& value) {
  std::string bytes;
  {
    baton::ByteOutputArchive out(bytes);
    out(value);
  }
  std::istringstream stream(bytes);
  T copy{};
  cereal::PortableBinaryInputArchive in(stream);
  in(copy);
  return copy;
}
struct Json {
  using Output = cereal::JSONOutputArchive;
  using Input = cereal::JSONInputArchive;
};

template <class T>
void check_round_trips(const T& value) {
  CHECK(bytes_round_trip(value) == value);
  CHECK(round_trip_with<Json>(value) == value);
  CHECK(read_with_cereal_portable_binary(value) == value);
}

baton::Message sample_message() {
  baton::Message m;
  m.seq = 4'000'000'123ULL;  // above 32 bits: the widget is wasm32
  m.id = "m_0123456789abcdefghjkmnpqrs";
  m.cid = "c-1";
  m.author = baton::Author::agent;
  m.author_name = "Ana";
  m.kind = baton::MessageKind::media;
  m.text = "Olá 👋 — “quotes” \n second line";
  m.status = baton::MessageStatus::read;
  m.ts_ms = 1'764'000'000'123;
  m.time = baton::TimeInText{1'764'000'000'000, 1'764'001'800'000, 3, 5};
  return m;
}

}  // namespace

TEST_CASE("protocol: Message round-trips") { check_round_trips(sample_message()); }

TEST_CASE("protocol: StatusChange round-trips") {
  check_round_trips(baton::StatusChange{77, "m_x", baton::MessageStatus::delivered, 1'764'000'000'000});
}

TEST_CASE("protocol: VisitorContext round-trips") {
  baton::VisitorContext c;
  c.page_url = "https://shop.example/pricing?utm_source=x";
  c.page_title = "Pricing";
  c.referrer = "https://www.google.com/";
  c.language = "pt-BR";
  c.time_zone = "America/Sao_Paulo";
  c.user_agent = "Mozilla/5.0";
  c.pages = {"/", "/bikes", "/pricing"};
  c.utm = {{"utm_source", "google"}, {"utm_campaign", "winter"}};
  c.traits = {{"plan", "pro"}};
  c.name = "Ana Souza";
  c.email = "ana@example.com";
  c.phone = "+5511912345678";
  check_round_trips(c);
}

TEST_CASE("protocol: HandoffRequest and HandoffState round-trip") {
  baton::HandoffRequest request{
      baton::HandoffMode::callback, "Ana", "+15551230001",          "a@b.co", true, "2026-11-25T15:00:00Z", {},
      "Please call after 6pm",      true,  "I agree to be called.", "en"};
  request.context.pages = {"/", "/pricing"};
  request.context.traits = {{"plan", "pro"}};
  check_round_trips(request);
  check_round_trips(baton::HandoffState{baton::HandoffMode::live, baton::SessionState::waiting, "K7P2QX", "Ben"});
}

TEST_CASE("protocol: client frames round-trip") {
  check_round_trips(baton::Hello{"s_abc", "token", 12});
  check_round_trips(baton::SendText{"cid-1", "hello"});
  check_round_trips(baton::ClientFrame{baton::SendText{"cid-2", "x"}});
  check_round_trips(baton::ClientFrame{baton::SendText{"cid-3", "", "a_01jexample"}});
}

TEST_CASE("protocol: a message with a file round-trips") {
  baton::Message m;
  m.seq = 9;
  m.id = "m_1";
  m.author = baton::Author::agent;
  m.kind = baton::MessageKind::media;
  m.text = "the new box";
  m.attachment = baton::Attachment{"a_1", baton::AttachmentKind::image, "image/png", "box.png", 48211};
  check_round_trips(m);
  check_round_trips(baton::ServerFrame{m});
}

TEST_CASE("protocol: server frames round-trip") {
  check_round_trips(baton::Welcome{"s_abc", "K7P2QX", baton::SessionState::live, "Ana", 9, {}});
  check_round_trips(baton::Ack{"cid", "m_1", 3});
  check_round_trips(baton::StateChange{baton::SessionState::ended, "Ana", {}});
  check_round_trips(baton::ErrorFrame{"text_too_long", "too long", "cid"});
  check_round_trips(baton::AssistantDraft{"m_7", baton::AssistantDraft::Phase::text, 12, "ship in 3 days 🚲"});
  check_round_trips(baton::AvailabilityChange{true, 2, 0, {baton::HandoffMode::live}});
  check_round_trips(baton::ServerFrame{sample_message()});
}

TEST_CASE("protocol: binary codec encodes and decodes every frame kind") {
  std::vector<baton::ServerFrame> frames{baton::Welcome{"s", "C", baton::SessionState::bot, "", 1, {}},
                                         sample_message(),
                                         baton::StatusChange{2, "m", baton::MessageStatus::read, 3},
                                         baton::Ack{"c", "m", 4},
                                         baton::StateChange{},
                                         baton::ErrorFrame{"e", "m", ""},
                                         baton::AssistantDraft{"m", baton::AssistantDraft::Phase::ended, 0, ""},
                                         baton::AvailabilityChange{false, 0, 1'800'000'000'000, {}}};
  for (const auto& frame : frames) {
    auto decoded = baton::decode_server_frame(baton::encode_binary(frame));
    REQUIRE(decoded);
    CHECK(*decoded == frame);
  }
  auto hello = baton::ClientFrame{baton::Hello{"s", "t", 5}};
  CHECK(baton::decode_client_frame(baton::encode_binary(hello)) == hello);
}

TEST_CASE("protocol: binary decoder refuses garbage, truncation, trailing bytes and huge lengths") {
  auto bytes = baton::encode_binary(baton::ClientFrame{baton::SendText{"cid", "hello"}});
  CHECK_FALSE(baton::decode_client_frame(""));
  CHECK_FALSE(baton::decode_client_frame(bytes.substr(0, bytes.size() - 2)));
  CHECK_FALSE(baton::decode_client_frame(bytes + "x"));
  CHECK_FALSE(baton::decode_client_frame(std::string(64, '\xff')));

  // A length prefix claiming 2^40 bytes must be refused without allocating.
  // Layout: endianness byte, variant index, class version, then cid (size, bytes), text (size, bytes).
  std::string hostile = bytes.substr(0, bytes.size() - 5 - 8 - 3 - 8);
  std::string huge_length("\x00\x00\x00\x00\x00\x01\x00\x00", 8);
  CHECK_FALSE(baton::decode_client_frame(hostile + huge_length + "abc"));
  // 1 GiB would be allocatable, and filling it would take the relay down.
  std::string gigabyte("\x00\x00\x00\x40\x00\x00\x00\x00", 8);
  CHECK_FALSE(baton::decode_client_frame(hostile + gigabyte + "abc"));

  // A bool is 0 or 1 (found by the binary_frame fuzzer: 6 was read into a bool).
  baton::AvailabilityChange change;
  change.online = true;
  auto frame = baton::encode_binary(baton::ServerFrame{change});
  auto at = frame.find('\x01', 9);  // `online`, after the endianness byte, index and class version
  REQUIRE(at != std::string::npos);
  CHECK(baton::decode_server_frame(frame));
  frame[at] = '\x06';
  CHECK_FALSE(baton::decode_server_frame(frame));
}

TEST_CASE("protocol: an agent's picture travels with their name, in both encodings") {
  baton::StateChange change{baton::SessionState::live, "Ana", "https://shop.example/ana.jpg"};
  auto decoded = baton::decode_server_frame(baton::encode_binary(baton::ServerFrame{change}));
  REQUIRE(decoded);
  CHECK(std::get<baton::StateChange>(*decoded).agent_photo == "https://shop.example/ana.jpg");
  baton::Welcome welcome{"s_1", "K7P2QX", baton::SessionState::live, "Ana", 4, "https://shop.example/ana.jpg"};
  decoded = baton::decode_server_frame(baton::encode_binary(baton::ServerFrame{welcome}));
  REQUIRE(decoded);
  CHECK(std::get<baton::Welcome>(*decoded) == welcome);
  CHECK(baton::encode_json(baton::ServerFrame{change}).find(R"("agent_photo":"https://shop.example/ana.jpg")") !=
        std::string::npos);
}

TEST_CASE("protocol: a frame naming a kind that does not exist is refused, without an exception") {
  auto bytes = baton::encode_binary(baton::ClientFrame{baton::SendText{"cid", "hello"}});
  REQUIRE(baton::decode_client_frame(bytes));
  // The variant's index is the int32 after the endianness byte.
  for (std::string index : {std::string("\x07\x00\x00\x00", 4), std::string("\xff\xff\xff\xff", 4)}) {
    auto hostile = bytes;
    hostile.replace(1, 4, index);
    CHECK_FALSE(baton::decode_client_frame(hostile));
  }
}

TEST_CASE("protocol: a map claiming more entries than the bytes hold is refused") {
  baton::VisitorContext c;
  c.utm = {{"utm_only_key", "v"}};
  auto bytes = baton::encode_binary(c);
  REQUIRE(baton::decode_visitor_context(bytes));
  // The map's count (8 bytes) comes before the key's length (8 bytes) and the key.
  auto key = bytes.find("utm_only_key");
  REQUIRE(key != std::string::npos);
  for (std::uint64_t count : {std::uint64_t{1} << 40, std::uint64_t{5}}) {
    auto hostile = bytes;
    hostile.replace(key - 16, 8, std::string(reinterpret_cast<const char*>(&count), 8));
    CHECK_FALSE(baton::decode_visitor_context(hostile));
  }
}

TEST_CASE("protocol: stored visitor context decodes, damaged bytes do not") {
  baton::VisitorContext c;
  c.name = "Ana";
  c.pages = {"/a"};
  auto bytes = baton::encode_binary(c);
  CHECK(baton::decode_visitor_context(bytes) == c);
  CHECK_FALSE(baton::decode_visitor_context(bytes.substr(1)));
}
