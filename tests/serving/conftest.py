import socket

import pytest


@pytest.fixture
def port():
    """A port nothing listens on now (a fixed one may be taken by a demo server on the same machine)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
