import pytest
from django.core.management import CommandError, call_command


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


def test_serve_runs_the_page_cache_wsgi_app_with_a_small_thread_pool_by_default(granian, monkeypatch):
    monkeypatch.delenv("NEWSDESK_THREADS", raising=False)
    call_command("serve", "--port", "8123")
    (options,) = granian
    assert options["target"] == "newsdesk.wsgi:application"
    assert (options["port"], options["workers"], options["blocking_threads"]) == (8123, 2, 8)


def test_threads_zero_leaves_the_pool_to_granian(granian):
    call_command("serve", "--threads", "0")
    assert "blocking_threads" not in granian[0]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--workers", "0"], "--workers must be at least 1."),
        (["--threads", "-1"], "--threads must be 0"),
        (["--port", "70000"], "--port must be between 1 and 65535"),
    ],
)
def test_bad_server_options_get_a_one_line_error(granian, arguments, message):
    with pytest.raises(CommandError, match=message):
        call_command("serve", *arguments)
    assert granian == []
