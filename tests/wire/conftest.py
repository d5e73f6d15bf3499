"""Network stubs for the wire tests: a resolver answering from a table and sockets that never leave the process.

Any connection attempt is recorded; a connection to a non-public address fails the test at once, so "refused
before connecting" is checked, not assumed.
"""

import ipaddress
import socket
from dataclasses import dataclass, field
from io import BytesIO

import pytest

PUBLIC = "93.184.216.34"


class FakeSocket:
    def __init__(self, response: bytes):
        self.response, self.sent = response, b""

    def sendall(self, data):
        self.sent += data

    def makefile(self, mode, *args, **kwargs):
        return BytesIO(self.response)

    def setsockopt(self, *args):
        pass

    def settimeout(self, *args):
        pass

    def close(self):
        pass


@dataclass
class FakeNet:
    names: dict[str, list[str]] = field(default_factory=dict)
    # address -> list of raw HTTP responses, served in order (the last one repeats)
    responses: dict[str, list[bytes]] = field(default_factory=dict)
    connections: list[tuple[str, int]] = field(default_factory=list)
    sockets: list[FakeSocket] = field(default_factory=list)
    lookups: list[str] = field(default_factory=list)

    def getaddrinfo(self, host, port, *args, **kwargs):
        self.lookups.append(host)
        if host not in self.names:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return [
            (socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port))
            for a in self.names[host]
        ]

    def create_connection(self, address, timeout=None, *args, **kwargs):
        host, port = address
        assert ipaddress.ip_address(host).is_global, f"connected to a non-public address {host}"
        self.connections.append((host, port))
        queue = self.responses.get(host) or [b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"]
        response = queue.pop(0) if len(queue) > 1 else queue[0]
        fake = FakeSocket(response)
        self.sockets.append(fake)
        return fake


@pytest.fixture
def net(monkeypatch, settings):
    settings.WIRE_FETCH_ALLOW = []
    fake = FakeNet()
    monkeypatch.setattr(socket, "getaddrinfo", fake.getaddrinfo)
    monkeypatch.setattr(socket, "create_connection", fake.create_connection)
    return fake


def http_response(body: bytes = b"", status: str = "200 OK", **headers) -> bytes:
    lines = [f"HTTP/1.1 {status}", f"Content-Length: {len(body)}"]
    lines += [f"{name.replace('_', '-')}: {value}" for name, value in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body
