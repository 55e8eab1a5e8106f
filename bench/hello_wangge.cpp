// The hello-world JSON reply through wangge's Server, to compare with bench_hello_restinio.
// Usage: bench_hello_wangge [threads=2] [port=0]. Prints "port N" once listening; Ctrl-C stops it.
#include <cstdio>
#include <cstdlib>

#include "http/http.hpp"

int main(int argc, char** argv) {
    using namespace wangge::http;
    ServerOptions options;
    options.threads = argc > 1 ? static_cast<unsigned>(std::atoi(argv[1])) : 2;
    options.port = static_cast<std::uint16_t>(argc > 2 ? std::atoi(argv[2]) : 0);
    auto router = std::make_shared<Router>();
    router->Add(Method::kGet, "/hello", [](Request&) { return Response::Json(200, R"({"message":"hello"})"); });
    Server server(options, router);
    auto port = server.Start();
    if (!port) {
        std::fprintf(stderr, "%s\n", port.error().message.c_str());
        return 1;
    }
    std::printf("port %u\n", static_cast<unsigned>(*port));
    std::fflush(stdout);
    server.Wait();
    return 0;
}
