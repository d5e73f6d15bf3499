import pytest
from allauth.account.models import EmailAddress

from tests.factories import UserFactory

PASSWORD = "a-long-test-password"


def make_reader(**fields):
    """A reader as sign-up leaves one: a non-staff user with a verified primary email."""
    user = UserFactory(**fields)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


@pytest.fixture
def reader(db):
    return make_reader()


@pytest.fixture
def reader_client(client, reader):
    client.force_login(reader)
    return client
