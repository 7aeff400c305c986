// Asio callback echo peer: the shape of Asio's async_tcp_echo_server.cpp (a session kept alive
// by shared_from_this in each handler, async_read_some into a 16 KiB buffer, async_write of
// the bytes read), TCP_NODELAY on accepted sockets. Handler memory is Asio's own recycling
// allocator (thread_info_base). See peer.hpp for the command line.
#include <memory>

#include <asio.hpp>

#include "peer.hpp"

using asio::ip::tcp;

class session : public std::enable_shared_from_this<session> {
 public:
  explicit session(tcp::socket socket) : socket_(std::move(socket)) {}
  void start() { do_read(); }

 private:
  void do_read() {
    auto self(shared_from_this());
    socket_.async_read_some(asio::buffer(data_), [this, self](std::error_code ec, std::size_t n) {
      if (!ec) do_write(n);
    });
  }

  void do_write(std::size_t n) {
    auto self(shared_from_this());
    asio::async_write(socket_, asio::buffer(data_, n),
                      [this, self](std::error_code ec, std::size_t) {
                        if (!ec) do_read();
                      });
  }

  tcp::socket socket_;
  char data_[16 * 1024];
};

class server {
 public:
  server(asio::io_context& io, int fd) : acceptor_(io, tcp::v4(), fd) { do_accept(); }

 private:
  void do_accept() {
    acceptor_.async_accept([this](std::error_code ec, tcp::socket socket) {
      if (!ec) {
        socket.set_option(tcp::no_delay(true));
        std::make_shared<session>(std::move(socket))->start();
      }
      do_accept();
    });
  }

  tcp::acceptor acceptor_;
};

int main(int argc, char** argv) {
  peer::Options o = peer::parse(argc, argv);
  std::vector<std::unique_ptr<asio::io_context>> ios;
  std::vector<std::unique_ptr<server>> servers;
  for (int fd : o.fds) {
    // Asio's concurrency hint: 1 when one thread runs the context (it skips locking then).
    ios.push_back(std::make_unique<asio::io_context>(o.threads));
    servers.push_back(std::make_unique<server>(*ios.back(), fd));
  }
  peer::serve_stats();
  peer::run_all(o, [&](size_t c) { ios[c]->run(); });
}
