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
    with pytest.raises(CommandError, match=f"{variable} must be a whole number of at least 0, not 'abc'"):
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


def test_serve_writes_an_access_log_in_the_logs_format_when_asked(granian, monkeypatch, port):
    from newsdesk.serving import logs

    monkeypatch.setenv("NEWSDESK_ACCESS_LOG", "1")
    call_command("serve", "--port", str(port))
    (options,) = granian
    assert options["log_access"] is True
    assert options["log_access_format"] == logs.ACCESS_FORMAT
    formatters = options["log_dictconfig"]["formatters"]
    assert {formatter["()"] for formatter in formatters.values()} == {"newsdesk.serving.logs.Formatter"}


@pytest.mark.parametrize(
    ("arguments", "environment", "log_level", "expected"),
    [
        ([], {}, "INFO", False),  # off unless asked for: cached pages pay for every line
        (["--no-access-log"], {"NEWSDESK_ACCESS_LOG": "1"}, "INFO", False),
        ([], {"NEWSDESK_ACCESS_LOG": "0"}, "INFO", False),
        ([], {"NEWSDESK_ACCESS_LOG": "1"}, "WARNING", True),
        ([], {"NEWSDESK_ACCESS_LOG": "1"}, "INFO", True),
        (["--access-log"], {"NEWSDESK_ACCESS_LOG": "off"}, "INFO", True),
    ],
)
def test_the_access_log_follows_the_flag_then_the_environment_and_is_off_otherwise(
    granian, monkeypatch, settings, port, arguments, environment, log_level, expected
):
    monkeypatch.delenv("NEWSDESK_ACCESS_LOG", raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    settings.LOG_LEVEL = log_level
    call_command("serve", "--port", str(port), *arguments)
    assert granian[0]["log_access"] is expected


def test_a_bad_access_log_switch_is_a_one_line_error(granian, monkeypatch):
    monkeypatch.setenv("NEWSDESK_ACCESS_LOG", "sometimes")
    with pytest.raises(
        CommandError, match="NEWSDESK_ACCESS_LOG must be 1 or 0 \\(on or off\\), not 'sometimes'"
    ):
        call_command("serve")
    assert granian == []


def test_granian_logs_at_the_configured_level(granian, settings, port):
    settings.LOG_LEVEL = "WARNING"
    call_command("serve", "--port", str(port))
    assert granian[0]["log_level"] == "warning"


@pytest.mark.parametrize(
    ("host", "url"),
    [
        ("127.0.0.1", "http://127.0.0.1:8000"),
        ("0.0.0.0", "http://127.0.0.1:8000"),
        ("::", "http://[::1]:8000"),
        ("2001:db8::5", "http://[2001:db8::5]:8000"),
        ("news.example", "http://news.example:8000"),
    ],
)
def test_the_address_printed_is_one_a_browser_can_open(host, url):
    from newsdesk.serving.address import browser_url

    assert browser_url(host, 8000) == url


def test_serving_with_no_allowed_hosts_is_refused_instead_of_answering_every_request_400(
    granian, settings, port
):
    settings.ALLOWED_HOSTS = []
    settings.DEBUG = False
    with pytest.raises(CommandError, match="ALLOWED_HOSTS is empty"):
        call_command("serve", "--port", str(port))
    assert granian == []
