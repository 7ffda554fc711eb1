"""Ports and services on this machine, for the tests, the benchmarks and the local nginx."""

import socket

REDIS_PORT = 6379


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def listening(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


def local_redis_url(database):
    """`redis://…/<database>` when Redis answers on this machine, else "" (each process's own memory)."""
    return f"redis://127.0.0.1:{REDIS_PORT}/{database}" if listening(REDIS_PORT) else ""
