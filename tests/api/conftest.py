import pytest

from newsdesk.api.models import ApiToken, Scope
from tests.factories import staff

ALL_SCOPES = [scope.value for scope in Scope]


def issue_token(owner, scopes=ALL_SCOPES, **fields) -> tuple[ApiToken, str]:
    token = ApiToken(name="Test integration", owner=owner, scopes=list(scopes), **fields)
    key = token.set_new_key()
    token.save()
    return token, key


def bearer(key: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


@pytest.fixture
def editor():
    return staff("Editor")


@pytest.fixture
def editor_key(editor) -> str:
    return issue_token(editor)[1]
