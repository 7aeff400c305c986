// Asio C++20 coroutine echo peer: the shape of Asio's cpp20/coroutines/echo_server.cpp (a
// listener coroutine co_spawns one echo coroutine per connection, each co_awaiting
// async_read_some into a 16 KiB buffer and async_write with use_awaitable), TCP_NODELAY on
// accepted sockets. See peer.hpp for the command line.
#include <memory>

#include <asio.hpp>

#include "peer.hpp"

using asio::awaitable;
using asio::detached;
using asio::use_awaitable;
using asio::ip::tcp;

awaitable<void> echo(tcp::socket socket) {
  try {
    char data[16 * 1024];
    for (;;) {
      std::size_t n = co_await socket.async_read_some(asio::buffer(data), use_awaitable);
      co_await asio::async_write(socket, asio::buffer(data, n), use_awaitable);
    }
  } catch (const std::exception&) {
    // The peer closed or reset the connection.
  }
}

awaitable<void> listener(tcp::acceptor acceptor) {
  for (;;) {
    tcp::socket socket = co_await acceptor.async_accept(use_awaitable);
    socket.set_option(tcp::no_delay(true));
    asio::co_spawn(acceptor.get_executor(), echo(std::move(socket)), detached);
  }
}

int main(int argc, char** argv) {
  peer::Options o = peer::parse(argc, argv);
  std::vector<std::unique_ptr<asio::io_context>> ios;
  for (int fd : o.fds) {
    // Asio's concurrency hint: 1 when one thread runs the context (it skips locking then).
    ios.push_back(std::make_unique<asio::io_context>(o.threads));
    asio::io_context& io = *ios.back();
    asio::co_spawn(io, listener(tcp::acceptor(io, tcp::v4(), fd)), detached);
  }
  peer::serve_stats();
  peer::run_all(o, [&](size_t c) { ios[c]->run(); });
}
