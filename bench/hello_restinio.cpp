// Bare RESTinio hello-world JSON server: the ceiling for wangge's HTTP layer on this machine.
// Usage: bench_hello_restinio [threads=2] [port=0]. Prints "port N" once listening; Ctrl-C stops it.
#include <cstdio>
#include <cstdlib>
#include <restinio/all.hpp>

int main(int argc, char** argv) {
    const unsigned threads = argc > 1 ? static_cast<unsigned>(std::atoi(argv[1])) : 2;
    const auto port = static_cast<std::uint16_t>(argc > 2 ? std::atoi(argv[2]) : 0);
    restinio::run(restinio::on_thread_pool(threads)
                      .address("127.0.0.1")
                      .port(port)
                      .acceptor_post_bind_hook([](restinio::asio_ns::ip::tcp::acceptor& acceptor) {
                          std::printf("port %u\n", static_cast<unsigned>(acceptor.local_endpoint().port()));
                          std::fflush(stdout);
                      })
                      .request_handler([](const restinio::request_handle_t& req) {
                          return req->create_response()
                              .append_header(restinio::http_field::content_type, "application/json; charset=utf-8")
                              .set_body(R"({"message":"hello"})")
                              .done();
                      }));
    return 0;
}
