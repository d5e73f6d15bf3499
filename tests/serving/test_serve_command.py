import socket

import pytest
from django.core.management import CommandError, call_command

from newsdesk.serving.management.commands.serve import Command as ServeCommand

pytestmark = pytest.mark.django_db  # serve checks the database before it starts


@pytest.fixture
def granian(monkeypatch):
    """Stands in for granian.Granian: records how `newsdesk serve` configured it instead of serving."""
    started = []

    class FakeGranian:
        def __init__(self, target, **options):
            self.options = {"target": target, **options}

        def serve(self):
            started.append(self.options)

    monkeypatch.setattr("granian.Granian", FakeGranian)
    return started


@pytest.fixture
def port():
    """A port nothing listens on now (a fixed one may be taken by a demo server on the same machine)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_serve_runs_the_page_cache_wsgi_app_with_a_small_thread_pool_by_default(granian, monkeypatch, port):
    monkeypatch.delenv("NEWSDESK_THREADS", raising=False)
    call_command("serve", "--port", str(port))
    (options,) = granian
    assert options["target"] == "newsdesk.wsgi:application"
    assert (options["port"], options["workers"], options["blocking_threads"]) == (port, 2, 8)


def test_threads_zero_leaves_the_pool_to_granian(granian, port):
    call_command("serve", "--threads", "0", "--port", str(port))
    assert "blocking_threads" not in granian[0]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--workers", "0"], "--workers must be between 1 and 64"),
        (["--workers", str(10**20)], "--workers must be between 1 and 64"),
        (["--threads", str(10**20)], "--threads must be 0"),
        (["--host", "999.1.1.1"], "--host '999.1.1.1' is neither an IP address nor a name"),
        (["--host", "no-such-host.invalid"], "is neither an IP address nor a name"),
        (["--threads", "-1"], "--threads must be 0"),
        (["--port", "70000"], "--port must be between 1 and 65535"),
    ],
)
def test_bad_server_options_get_a_one_line_error(granian, arguments, message):
    with pytest.raises(CommandError, match=message):
        call_command("serve", *arguments)
    assert granian == []


def test_a_host_name_is_resolved_to_the_address_granian_needs(granian, port):
    call_command("serve", "--host", "localhost", "--port", str(port))
    assert granian[0]["address"] in {"127.0.0.1", "::1"}


@pytest.mark.parametrize("variable", ["NEWSDESK_PORT", "NEWSDESK_WORKERS", "NEWSDESK_THREADS"])
def test_a_bad_number_in_the_environment_is_a_one_line_error_and_help_still_works(
    granian, monkeypatch, variable
):
    monkeypatch.setenv(variable, "abc")
    with pytest.raises(CommandError, match=f"{variable} must be a whole number, not 'abc'"):
        call_command("serve")
    assert "--threads" in ServeCommand().create_parser("newsdesk", "serve").format_help()
    assert granian == []


@pytest.mark.parametrize("reuse", [(), (socket.SO_REUSEADDR, socket.SO_REUSEPORT)])
def test_a_port_another_server_listens_on_is_refused(granian, reuse):
    with socket.socket() as other_server:
        for option in reuse:  # granian's own listener sets both
            other_server.setsockopt(socket.SOL_SOCKET, option, 1)
        other_server.bind(("127.0.0.1", 0))
        other_server.listen()
        port = other_server.getsockname()[1]
        with pytest.raises(CommandError, match=f"Port {port} on 127.0.0.1 is already in use"):
            call_command("serve", "--port", str(port))
    assert granian == []


def test_a_port_a_stopped_server_just_closed_connections_on_is_free(granian):
    """The connections a stopped server closed wait in TIME_WAIT for a minute; a restart must not be refused."""
    with socket.socket() as listener:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as granian and every server does
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]
        client = socket.create_connection(("127.0.0.1", port))
        accepted, _ = listener.accept()
        accepted.close()  # the server closes first, so the TIME_WAIT is on its port
        client.close()
    call_command("serve", "--port", str(port))
    assert granian[0]["port"] == port


def test_serving_without_collected_static_files_is_refused(granian, settings, tmp_path, port):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    with pytest.raises(CommandError, match="run `newsdesk collectstatic --no-input` first"):
        call_command("serve", "--port", str(port))
    assert granian == []


def test_serve_refuses_to_start_when_a_configured_redis_does_not_answer(granian, settings, port):
    import redis

    settings.PAGECACHE_REDIS_URL = "redis://127.0.0.1:1/0"
    with pytest.raises(redis.exceptions.ConnectionError):
        call_command("serve", "--port", str(port))
    assert granian == []


def test_serve_refuses_to_start_on_a_database_behind_its_migrations(granian, monkeypatch, port):
    from django.db.migrations.executor import MigrationExecutor

    monkeypatch.setattr(MigrationExecutor, "migration_plan", lambda self, targets: [("a migration", False)])
    with pytest.raises(CommandError, match="run `newsdesk migrate` first"):
        call_command("serve", "--port", str(port))
    assert granian == []
