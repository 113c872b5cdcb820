#include "relay/hub/redis_connection.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/write.hpp>

#include "relay/core/log.hpp"

namespace baton {

namespace {

constexpr auto longest_pause = std::chrono::milliseconds(2000);
// From the start of a connection to the answer of its log-in. A server
// whose address drops packets would otherwise hold each attempt for the
// kernel's connect timeout (about two minutes), and a stopped one for ever.
constexpr auto login_deadline = std::chrono::seconds(5);

}  // namespace

RedisConnection::RedisConnection(net::any_io_executor loop, RedisAddress address, std::string name, Handlers handlers)
    : loop_(loop),
      address_(std::move(address)),
      name_(std::move(name)),
      handlers_(std::move(handlers)),
      resolver_(loop),
      retry_timer_(loop),
      login_timer_(loop),
      reader_(nullptr, redisReaderFree),
      read_buffer_(64 * 1024) {}

RedisConnection::~RedisConnection() = default;

void RedisConnection::start() {
  if (state_ != State::idle) return;
  connect();
}

void RedisConnection::stop() {
  state_ = State::stopped;
  retry_timer_.cancel();
  login_timer_.cancel();
  resolver_.cancel();
  if (socket_) {
    boost::system::error_code ignored;
    socket_->close(ignored);
  }
}

void RedisConnection::connect() {
  state_ = State::connecting;
  ++generation_;
  login_timer_.expires_after(login_deadline);
  login_timer_.async_wait([self = shared_from_this(), generation = generation_](const boost::system::error_code& ec) {
    bool waiting = self->state_ == State::connecting || self->state_ == State::logging_in;
    if (ec || self->generation_ != generation || !waiting) return;
    self->fail("no answer within " + std::to_string(login_deadline.count()) + " s");
  });
  socket_ = std::make_unique<tcp::socket>(loop_);
  reader_.reset(redisReaderCreate());
  resolver_.async_resolve(
      address_.host, std::to_string(address_.port),
      [self = shared_from_this(), generation = generation_](const boost::system::error_code& ec,
                                                            const tcp::resolver::results_type& results) {
        // An attempt given up (its deadline passed) says nothing of the next.
        if (self->state_ != State::connecting || self->generation_ != generation) return;
        if (ec) return self->fail("cannot resolve " + self->address_.host + ": " + ec.message());
        net::async_connect(*self->socket_, results,
                           [self, generation](const boost::system::error_code& connect_ec, const tcp::endpoint&) {
                             if (self->generation_ == generation) self->on_connected(connect_ec);
                           });
      });
}

void RedisConnection::on_connected(const boost::system::error_code& ec) {
  if (state_ != State::connecting) return;
  if (ec) return fail("cannot connect: " + ec.message());
  boost::system::error_code ignored;
  socket_->set_option(tcp::no_delay(true), ignored);
  // The kernel also notices a peer gone for good, in its own time; the hub
  // finds silence sooner by its heartbeats (redis_hub.hpp).
  socket_->set_option(net::socket_base::keep_alive(true), ignored);
  state_ = State::logging_in;
  login_replies_ = 0;
  if (!address_.password.empty()) {
    if (address_.user.empty()) append({"AUTH", address_.password});
    else append({"AUTH", address_.user, address_.password});
    ++login_replies_;
  }
  if (address_.database != 0) {
    append({"SELECT", std::to_string(address_.database)});
    ++login_replies_;
  }
  // A PING last: its answer says the log-in went through and the server serves.
  append({"PING"});
  ++login_replies_;
  read();
}

bool RedisConnection::send(std::initializer_list<std::string_view> args) {
  if (state_ != State::ready || queued_bytes() > max_queued_bytes) return false;
  append(args);
  return true;
}

void RedisConnection::append(std::initializer_list<std::string_view> args) {
  std::vector<const char*> argv;
  std::vector<std::size_t> lengths;
  argv.reserve(args.size());
  lengths.reserve(args.size());
  for (auto arg : args) {
    argv.push_back(arg.data());
    lengths.push_back(arg.size());
  }
  char* command = nullptr;
  int length = redisFormatCommandArgv(&command, static_cast<int>(argv.size()), argv.data(), lengths.data());
  if (length < 0 || !command) throw std::bad_alloc();
  out_.append(command, static_cast<std::size_t>(length));
  redisFreeCommand(command);
  write();
}

void RedisConnection::write() {
  if (!writing_.empty() || out_.empty() || !socket_) return;
  writing_.swap(out_);
  net::async_write(
      *socket_, net::buffer(writing_),
      [self = shared_from_this(), generation = generation_](const boost::system::error_code& ec, std::size_t) {
        // A write on an earlier socket (lost since) says nothing of this one.
        if (self->generation_ != generation || self->state_ == State::stopped) return;
        self->writing_.clear();
        if (ec) return self->fail("cannot write: " + ec.message());
        self->write();
      });
}

void RedisConnection::read() {
  socket_->async_read_some(net::buffer(read_buffer_), [self = shared_from_this(), generation = generation_](
                                                          const boost::system::error_code& ec, std::size_t bytes) {
    if (self->generation_ != generation) return;
    self->on_read(ec, bytes);
  });
}

void RedisConnection::on_read(const boost::system::error_code& ec, std::size_t bytes) {
  if (state_ == State::stopped) return;
  if (ec) return fail(ec == net::error::eof ? "the server closed the connection" : "cannot read: " + ec.message());
  if (redisReaderFeed(reader_.get(), read_buffer_.data(), bytes) != REDIS_OK) {
    return fail("unreadable reply");
  }
  for (;;) {
    void* raw = nullptr;
    if (redisReaderGetReply(reader_.get(), &raw) != REDIS_OK) return fail("unreadable reply");
    if (!raw) break;
    std::unique_ptr<redisReply, void (*)(void*)> reply(static_cast<redisReply*>(raw), freeReplyObject);
    if (state_ == State::logging_in) {
      if (reply->type == REDIS_REPLY_ERROR) {
        return fail("the server refused the log-in: " + std::string(reply_text(*reply)));
      }
      if (--login_replies_ == 0) {
        state_ = State::ready;
        login_timer_.cancel();
        pause_ = std::chrono::milliseconds(100);
        if (reported_down_) log::info("redis connection back", {{"connection", name_}, {"at", address_.where()}});
        reported_down_ = false;
        if (handlers_.ready) handlers_.ready();
        // The handler may have stopped this connection, or lost it.
        if (state_ != State::ready) return;
      }
      continue;
    }
    if (handlers_.reply) handlers_.reply(*reply);
    if (state_ != State::ready) return;
  }
  read();
}

void RedisConnection::drop(std::string_view why) {
  if (state_ == State::ready) fail(why);
}

void RedisConnection::fail(std::string_view why) {
  if (state_ == State::stopped) return;
  bool was_ready = state_ == State::ready;
  if (!reported_down_) {
    // Once per outage, not once per attempt.
    log::warn("redis connection lost", {{"connection", name_}, {"at", address_.where()}, {"error", why}});
    reported_down_ = true;
  }
  if (socket_) {
    boost::system::error_code ignored;
    socket_->close(ignored);
  }
  ++generation_;
  socket_.reset();
  out_.clear();
  writing_.clear();
  state_ = State::idle;
  if (was_ready && handlers_.lost) handlers_.lost();
  if (state_ == State::idle) retry_later();
}

void RedisConnection::retry_later() {
  retry_timer_.expires_after(pause_);
  pause_ = std::min(pause_ * 2, longest_pause);
  retry_timer_.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
    if (ec || self->state_ != State::idle) return;
    self->connect();
  });
}

}  // namespace baton
