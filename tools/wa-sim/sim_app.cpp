#include "tools/wa-sim/sim_app.hpp"

#include <boost/system/system_error.hpp>
#include <csignal>

#include "relay/core/log.hpp"
#include "relay/core/net.hpp"

namespace baton::sim {
namespace {

std::string url_host(const tcp::endpoint& endpoint) {
  auto address = endpoint.address().to_string();
  return endpoint.address().is_v6() ? "[" + address + "]" : address;
}

tcp::endpoint bind(HttpServer& server, const HostPort& where, const std::string& flag) {
  try {
    return server.listen(where.host, where.port);
  } catch (const boost::system::system_error& e) {
    throw OptionError(flag + ": cannot listen on " + where.host + ":" + std::to_string(where.port) + " (" +
                      e.code().message() + ")");
  }
}

}  // namespace

SimApp::SimApp(SimOptions options) : options_(std::move(options)), signals_(io_, SIGINT, SIGTERM) {
  if (options_.tls()) {
    tls_.emplace(ssl::context::tls_server);
    tls_->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                      ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
    beast::error_code ec;
    tls_->use_certificate_chain_file(options_.tls_cert.string(), ec);
    if (ec) throw OptionError("--tls-cert: cannot use " + options_.tls_cert.string() + " (" + ec.message() + ")");
    tls_->use_private_key_file(options_.tls_key.string(), ssl::context::pem, ec);
    if (ec) throw OptionError("--tls-key: cannot use " + options_.tls_key.string() + " (" + ec.message() + ")");
  }
  try {
    state_ = std::make_unique<SimState>(io_.get_executor(), options_);
  } catch (const std::invalid_argument& e) {
    throw OptionError(std::string("--webhook-url: ") + e.what());
  } catch (const boost::system::system_error& e) {
    throw OptionError("--webhook-ca: cannot load " + options_.webhook_ca.string() + " (" + e.code().message() + ")");
  }
  graph_ = std::make_unique<GraphApi>(*state_);
  control_ = std::make_unique<ControlApi>(*state_);
  router_ = std::make_unique<SimRouter>(*graph_, *control_, page_, false);
  server_ = std::make_unique<HttpServer>(io_, *router_, nullptr, tls_ ? &*tls_ : nullptr);
  if (options_.control_listen) {
    control_router_ = std::make_unique<SimRouter>(*graph_, *control_, page_, true);
    control_server_ = std::make_unique<HttpServer>(io_, *control_router_);
  }
}

void SimApp::start(std::ostream& announce) {
  auto bound = bind(*server_, options_.listen, "--listen");
  state_->graph_authority = url_host(bound) + ":" + std::to_string(bound.port());
  std::optional<tcp::endpoint> control;
  if (control_server_) control = bind(*control_server_, *options_.control_listen, "--control-listen");

  signals_.async_wait([this](const beast::error_code& ec, int signal) {
    if (ec) return;
    log::info("stopping", {{"signal", signal}});
    stop();
  });
  server_->start();
  if (control_server_) control_server_->start();

  auto scheme = options_.tls() ? "https://" : "http://";
  announce << "listening on " << scheme << url_host(bound) << ":" << bound.port() << std::endl;
  if (control) announce << "control on http://" << url_host(*control) << ":" << control->port() << std::endl;
  log::info("wa-sim started", {{"listen", url_host(bound) + ":" + std::to_string(bound.port())},
                               {"tls", options_.tls()},
                               {"phone_number_id", options_.phone_number_id},
                               {"templates", options_.templates.size()},
                               {"users", options_.users.size()}});
}

void SimApp::run() {
  io_.run();
  log::info("stopped");
}

void SimApp::stop() {
  // Nothing here needs finishing: a simulator's state dies with it, so stop
  // at once rather than wait out retries and slow answers.
  server_->stop();
  if (control_server_) control_server_->stop();
  state_->webhooks.stop();
  io_.stop();
}

}  // namespace baton::sim
