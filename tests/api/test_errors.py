"""Every answer under /api/v1/ is JSON with the status that fits, whatever goes wrong: never HTML, never a 500
the client caused."""

import pytest

from newsdesk.api import reading
from tests.api.conftest import bearer

pytestmark = pytest.mark.django_db


def is_json_error(response, status: int) -> bool:
    return (
        response.status_code == status
        and response["Content-Type"].startswith("application/json")
        and isinstance(response.json().get("error"), str)
    )


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/nope",
        "/api/v1/articles/",  # a trailing slash is another address, not a way around anything
        "/api/v1/articles/12/extra",
        "/api/v1/articles/-1",
        "/api/v1/sections/not%20a%20slug",
        "/api/v1/drafts/x/moves",
        "/api/v1/v2/articles",
    ],
)
def test_unknown_addresses_answer_404_json(client, path):
    assert is_json_error(client.get(path), 404)


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("post", "/api/v1/articles", "GET, HEAD"),
        ("delete", "/api/v1/articles/1", "GET, HEAD"),
        ("put", "/api/v1/drafts/1", "GET, HEAD, PATCH"),
        ("get", "/api/v1/images", "POST"),
        ("get", "/api/v1/drafts/1/moves", "POST"),
        # Not a CORS preflight (no Origin, no Access-Control-Request-Method): those are answered, test_middleware.
        ("options", "/api/v1/sections", "GET, HEAD"),
    ],
)
def test_a_method_a_path_does_not_take_answers_405_json_with_allow(client, method, path, allowed):
    """Allow names HEAD wherever GET is taken, since HEAD is answered there, and always in the same order."""
    response = getattr(client, method)(path)
    assert is_json_error(response, 405)
    assert response["Allow"] == allowed
    assert allowed in response.json()["error"]


def test_every_path_that_allows_get_answers_head(client):
    for path in ("/api/v1/articles", "/api/v1/articles/1", "/api/v1/sections/x", "/api/v1/search"):
        allowed = client.post(path)["Allow"].split(", ")
        assert "GET" in allowed and "HEAD" in allowed
        assert client.head(path).status_code != 405


def test_invalid_query_parameters_answer_400_with_details(client):
    response = client.get("/api/v1/articles?date_from=yesterday&limit=x")
    assert is_json_error(response, 400)
    assert {tuple(item["loc"]) for item in response.json()["detail"]} == {
        ("query", "date_from"),
        ("query", "limit"),
    }


@pytest.mark.parametrize("pk", ["0", "00", "-1", str(2**63), str(2**64), "9" * 30])
def test_an_id_that_cannot_exist_answers_the_404_of_a_missing_one(client, pk):
    """0 and -1 alike (and ids past the database's range, which never reach a query)."""
    assert is_json_error(client.get(f"/api/v1/articles/{pk}"), 404)


@pytest.mark.parametrize("pk", ["0", "-1", str(2**63)])
@pytest.mark.parametrize(
    ("method", "suffix", "body"),
    [("get", "", None), ("patch", "", {"version": 1}), ("post", "/moves", {"action": "submit"})],
)
def test_a_draft_id_that_cannot_exist_answers_404_too(client, editor_key, pk, method, suffix, body):
    response = getattr(client, method)(
        f"/api/v1/drafts/{pk}{suffix}", body, content_type="application/json", **bearer(editor_key)
    )
    assert is_json_error(response, 404)


@pytest.mark.parametrize(
    ("body", "said"),
    [
        (b"{bad", "Expecting property name enclosed in double quotes: line 1 column 2 (char 1)"),
        (b'{"headline": "Quake",\n "standfirst" "x"}', "Expecting ':' delimiter: line 2 column 15"),
        (b'{"headline": "\xff"}', "can't decode byte 0xff"),
    ],
)
def test_a_body_that_is_not_json_answers_400_saying_where_it_breaks(client, editor_key, body, said):
    response = client.post("/api/v1/drafts", body, content_type="application/json", **bearer(editor_key))
    assert is_json_error(response, 400)
    assert response.json()["error"].startswith("The body is not valid JSON: ")
    assert said in response.json()["error"]


def test_the_largest_id_is_looked_up_not_refused(client):
    response = client.get(f"/api/v1/articles/{2**63 - 1}")
    assert response.json() == {"error": "Not found."}  # get_object_or_404's answer: the query ran


def test_a_slug_longer_than_any_slug_answers_404_like_any_missing_one(client):
    assert is_json_error(client.get("/api/v1/sections/" + "a" * 81), 404)
    assert client.get("/api/v1/sections/" + "a" * 80).json() == {"error": "Not found."}  # looked up


def test_auth_failures_answer_401_json(client):
    assert is_json_error(client.post("/api/v1/drafts", {}, content_type="application/json"), 401)


def test_a_wrong_content_type_answers_400(client, editor_key):
    response = client.post("/api/v1/drafts", "headline=x", content_type="text/plain", **bearer(editor_key))
    assert is_json_error(response, 400)


def test_an_unexpected_error_answers_500_json_and_is_logged(client, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(reading, "paginate", broken)
    response = client.get("/api/v1/articles")
    assert is_json_error(response, 500)
    assert "boom" not in response.content.decode()
    assert "API error on GET /api/v1/articles" in caplog.text


def test_root_describes_where_the_docs_are(client):
    assert client.get("/api/v1/").json() == {
        "docs": "http://testserver/api/v1/docs",
        "openapi": "http://testserver/api/v1/openapi.json",
    }


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE", "TRACE", "FOO"])
def test_root_answers_other_methods_with_a_json_405(client, method):
    response = client.generic(method, "/api/v1/")
    assert is_json_error(response, 405)
    assert response["Allow"] == "GET, HEAD"
    assert client.head("/api/v1/").status_code == 200


def test_head_on_a_read_endpoint_is_get_without_the_body(client):
    got, head = client.get("/api/v1/sections"), client.head("/api/v1/sections")
    assert head.status_code == 200 and head.content == b""
    assert head["Content-Length"] == str(len(got.content))
    assert head["Content-Type"] == got["Content-Type"]


def test_head_where_only_post_is_taken_is_a_json_405(client):
    response = client.head("/api/v1/images")
    assert response.status_code == 405
    assert "GET" not in response["Allow"] and "POST" in response["Allow"]
