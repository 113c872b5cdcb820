// Flags, RELAY_* variables and the TOML file, in that order of precedence.

#include <doctest/doctest.h>
#include <fstream>

#include "relay/assistant/faq_index.hpp"
#include "relay/core/config.hpp"
#include "tests/support/temp_dir.hpp"

using baton::ConfigError;
using baton::ConfigSources;

namespace {

// What loading the flags refused, or "" if they loaded.
std::string error_of(std::vector<std::string> args) {
  try {
    baton::load_config(ConfigSources{std::move(args), {}});
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("config: defaults") {
  auto config = baton::load_config({});
  CHECK(config.listen_host == "127.0.0.1");
  CHECK(config.listen_port == 8080);
  CHECK(config.graph_url == "https://graph.facebook.com/v23.0");
  CHECK(config.public_url.empty());
  CHECK_FALSE(config.whatsapp_configured());
}

TEST_CASE("config: flags win over the environment, which wins over the file") {
  baton::test::TempDir dir;
  auto file = dir / "relay.toml";
  std::ofstream(file) << "listen = \"0.0.0.0:9000\"\n"
                         "app_secret = \"from-file\"\n"
                         "verify_token = \"file-verify\"\n"
                         "agents = [\"Ana:+15551230001\", \"Ben:+15551230002\"]\n"
                         "graph_timeout_ms = 2500\n";
  ConfigSources sources;
  sources.args = {"--config", file.string(), "--app-secret=from-flag"};
  sources.environment = {
      {"RELAY_APP_SECRET", "from-env"}, {"RELAY_VERIFY_TOKEN", "env-verify"}, {"RELAY_PHONE_NUMBER_ID", "123"}};
  auto config = baton::load_config(sources);
  CHECK(config.app_secret == "from-flag");
  CHECK(config.verify_token == "env-verify");
  CHECK(config.listen_host == "0.0.0.0");
  CHECK(config.listen_port == 9000);
  CHECK(config.graph_timeout_ms == 2500);
  CHECK(config.phone_number_id == "123");
  REQUIRE(config.agents.size() == 2);
  CHECK(config.agents[1] == baton::AgentConfig{"Ben", "+15551230002"});
}

TEST_CASE("config: RELAY_CONFIG names the file") {
  baton::test::TempDir dir;
  auto file = dir / "relay.toml";
  std::ofstream(file) << "business_number = \"+1 555 000 1234\"\n";
  ConfigSources sources;
  sources.environment = {{"RELAY_CONFIG", file.string()}};
  CHECK(baton::load_config(sources).business_number == "15550001234");
}

TEST_CASE("config: unusable settings name the setting and the value") {
  CHECK(error_of({"--listen", "nowhere"}).find("--listen") == 0);
  CHECK(error_of({"--listen", "127.0.0.1:70000"}).find("--listen") == 0);
  CHECK(error_of({"--agents", "Ana:5551230001"}).find("--agents: not an E.164") == 0);
  CHECK(error_of({"--agents", "Ana:+15551230001,Ann:+15551230001"}).find("the same number twice") != std::string::npos);
  CHECK(error_of({"--graph-url", "ftp://x"}).find("--graph-url") == 0);
  CHECK(error_of({"--allowed-origins", "https://a.example/path"}).find("--allowed-origins") == 0);
  CHECK(error_of({"--no-such-flag", "1"}).find("unknown flag --no-such-flag") == 0);
  CHECK(error_of({"--app-secret"}).find("needs a value") != std::string::npos);
  CHECK(error_of({"stray"}).find("unexpected argument") == 0);
  CHECK(error_of({"--graph-connections", "0"}).find("--graph-connections") == 0);
  CHECK(error_of({"--log-level", "loud"}).find("--log-level") == 0);
  CHECK(error_of({"--admin-token", "x"}).find("--admin-token: must be at least 32 characters") == 0);
  CHECK(error_of({"--limit-sessions-per-ip", "lots"}).find("--limit-sessions-per-ip: expected a rate") == 0);
  CHECK(error_of({"--trusted-proxies", "10.0.0.0/8,proxy.example"}).find("--trusted-proxies") == 0);
  CHECK(error_of({"--admin-allow", "10.0.0.0/40"}).find("--admin-allow") == 0);
  CHECK(error_of({"--max-body-memory-mb", "1"}).find("--max-body-memory-mb") == 0);
}

TEST_CASE("config: the FAQ's thresholds, as fitted, and each setting's belief needed on its own") {
  auto defaults = baton::load_config({});
  baton::FaqIndex::Confidence fitted;
  CHECK(defaults.faq_min_coverage == fitted.min_coverage);
  CHECK(defaults.faq_min_margin == fitted.min_margin);
  CHECK(defaults.faq_min_belief == fitted.min_belief);
  CHECK(defaults.faq_min_belief_other_language == fitted.min_belief_other_language);
  CHECK(defaults.faq_min_belief_to_suggest == fitted.min_belief_to_suggest);
  auto config = baton::load_config(ConfigSources{
      {"--faq-min-belief", "0.8", "--faq-min-belief-other-language", "0.9", "--faq-min-belief-to-suggest", "1"}, {}});
  CHECK(config.faq_min_belief == 0.8);
  CHECK(config.faq_min_belief_other_language == 0.9);
  CHECK(config.faq_min_belief_to_suggest == 1.0);
  CHECK(error_of({"--faq-min-belief-to-suggest", "-0.1"}).find("--faq-min-belief-to-suggest") == 0);
  CHECK(error_of({"--faq-min-belief-other-language", "1.5"}).find("--faq-min-belief-other-language") == 0);
}

TEST_CASE("config: --store takes sqlite or a PostgreSQL URL, and never repeats what it refuses") {
  CHECK(baton::load_config(ConfigSources{{}, {}}).store == "sqlite");
  auto postgres = baton::load_config(ConfigSources{{"--store", "postgres://baton@db.internal/baton"}, {}});
  CHECK(postgres.store == "postgres://baton@db.internal/baton");
  CHECK(postgres.store_on_postgres());
  CHECK(
      baton::load_config(ConfigSources{{"--store", "postgresql://baton@/baton?host=/run/pg"}, {}}).store_on_postgres());
  // A mistyped scheme may still hold a password: it is named, not echoed.
  auto refused = error_of({"--store", "mysql://baton:hunter2@db/baton"});
  CHECK(refused == "--store: expected sqlite or a postgres:// URL");
  CHECK(refused.find("hunter2") == std::string::npos);
}

TEST_CASE("config: --hub takes local or a Redis URL, and never repeats what it refuses") {
  CHECK(baton::load_config(ConfigSources{{}, {}}).hub == "local");
  CHECK_FALSE(baton::load_config(ConfigSources{{}, {}}).hub_on_redis());
  auto redis = baton::load_config(ConfigSources{{"--hub", "redis://redis.internal:6379"}, {}});
  CHECK(redis.hub_on_redis());
  auto refused = error_of({"--hub", "rediss://:hunter2@redis.internal"});
  CHECK(refused == "--hub: expected local or a redis:// URL");
  CHECK(refused.find("hunter2") == std::string::npos);
}

TEST_CASE("config: agents' pictures go to the agents of that name, as web URLs only") {
  auto config = baton::load_config(ConfigSources{
      {"--agents", "Ana:+15551230001,Ben:+15551230002", "--agent-photos", "Ana=https://shop.example/team/ana.jpg"},
      {}});
  REQUIRE(config.agents.size() == 2);
  CHECK(config.agents[0].photo == "https://shop.example/team/ana.jpg");
  CHECK(config.agents[1].photo.empty());
  CHECK(error_of({"--agents", "Ana:+15551230001", "--agent-photos", "Eve=https://x.example/e.jpg"})
            .find("--agent-photos: no agent of that name") == 0);
  CHECK(error_of({"--agents", "Ana:+15551230001", "--agent-photos", "Ana=javascript:alert(1)"})
            .find("--agent-photos: not an http(s) URL") == 0);
  CHECK(error_of({"--agents", "Ana:+15551230001", "--agent-photos", "Ana=https://x.example/a\"onerror=x.jpg"})
            .find("--agent-photos") == 0);
  CHECK(error_of({"--agent-photos", "https://x.example/a.jpg"}).find("--agent-photos: expected Name=") == 0);
}

TEST_CASE("config: the abuse limits and caps") {
  auto config = baton::load_config(ConfigSources{
      {"--limit-messages-per-session", "5/s", "--trusted-proxies", "10.0.0.0/8, 2001:db8::/32", "--admin-allow",
       "192.0.2.1", "--max-connections-per-ip", "50", "--admin-token", std::string(32, 'a')},
      {}});
  CHECK(config.rates.messages_per_session == baton::Rate{5, 1000});
  CHECK(config.rates.sessions_per_ip == baton::AbuseRates{}.sessions_per_ip);
  CHECK(config.trusted_proxies.size() == 2);
  CHECK(config.admin_allow.size() == 1);
  CHECK(config.webhook_allow.empty());
  CHECK(config.max_connections_per_ip == 50);
}

TEST_CASE("config: a broken or unknown TOML setting is an error") {
  baton::test::TempDir dir;
  auto broken = dir / "broken.toml";
  std::ofstream(broken) << "listen = \n";
  CHECK_THROWS_AS(baton::load_config(ConfigSources{{"--config", broken.string()}, {}}), ConfigError);
  auto unknown = dir / "unknown.toml";
  std::ofstream(unknown) << "colour = \"blue\"\n";
  CHECK_THROWS_WITH_AS(baton::load_config(ConfigSources{{"--config", unknown.string()}, {}}),
                       doctest::Contains("unknown setting 'colour'"), ConfigError);
  CHECK_THROWS_AS(baton::load_config(ConfigSources{{"--config", (dir / "missing.toml").string()}, {}}), ConfigError);
}

TEST_CASE("config: origins and usage") {
  auto config = baton::load_config(ConfigSources{{"--allowed-origins", "https://a.example, https://b.example/"}, {}});
  CHECK(config.allowed_origins == std::vector<std::string>{"https://a.example", "https://b.example"});
  auto usage = baton::config_usage();
  for (auto flag : {"--listen", "--data", "--web-root", "--public-url", "--graph-url", "--graph-ca",
                    "--phone-number-id", "--business-number", "--access-token", "--app-secret", "--verify-token",
                    "--admin-token", "--agents", "--allowed-origins", "--faq"}) {
    CHECK(usage.find(flag) != std::string::npos);
  }
}
