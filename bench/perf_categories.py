#!/usr/bin/env python3
"""Where wangge serve spends its time: reads `perf script` output (recorded with --call-graph
dwarf) on stdin and attributes each sample to the innermost frame matching a category."""
import collections
import re
import sys

CATEGORIES = [
    ("auth: Authenticate (SHA-256, session, user, area queries)", r"AuthService::Authenticate"),
    ("json: build nlohmann objects (AreaJson, ResidentJson, …)", r"api::(AreaJson|ResidentJson|HouseholdJson|PathJson)"),
    ("json: dump to text (api::Ok)", r"wangge::api::Ok\b"),
    ("sql: registry queries and row mapping", r"SqlRegistryRepository|RegistryService::"),
    ("http: write the response (RESTinio, asio, send)", r"write_response_parts|handle_current_write_ctx|init_write|response_builder_t"),
    ("http: request parsing, pipeline, routing, rest", r"on_request_message_complete|consume_data|http_parser"),
]


def main():
    counts = collections.Counter()
    total = 0
    block = []

    def flush():
        nonlocal total
        if not block:
            return
        total += 1
        stack = "\n".join(block)  # leaf first
        best, best_pos = None, len(stack) + 1
        for name, pattern in CATEGORIES:
            m = re.search(pattern, stack)
            if m and m.start() < best_pos:
                best, best_pos = name, m.start()
        counts[best or "other: asio scheduling, epoll, idle"] += 1

    for line in sys.stdin:
        if line and not line[0].isspace():  # a sample's header line
            flush()
            block = []
        elif line.strip():
            block.append(line)
    flush()
    for name, n in counts.most_common():
        print(f"{100 * n / max(total, 1):5.1f}%  {name}")
    print(f"({total} samples)")


if __name__ == "__main__":
    main()
