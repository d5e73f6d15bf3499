"""`Authorization: Bearer <key>`: finds the token, refuses it once its address has failed too often, and checks
scopes. A token acts as its owner, so every newsroom rule (roles.can, the workflow) still applies on top."""

from ninja.errors import HttpError
from ninja.security import HttpBearer

from . import ratelimits
from .models import ApiToken


class TokenAuth(HttpBearer):
    def authenticate(self, request, token: str) -> ApiToken | None:
        address = ratelimits.client_address(request)
        found = ApiToken.objects.for_key(token.strip()[:200])
        if found is None:
            # Only wrong keys count and only they are refused once over budget: integrations sharing an address
            # (behind one proxy) with someone guessing keys keep working.
            ratelimits.check("bad_key", address)
            ratelimits.count("bad_key", address)
            return None
        found.touch()
        return found


def require_scope(request, scope: str) -> ApiToken:
    token: ApiToken = request.auth
    if not token.has_scope(scope):
        raise HttpError(403, f"This token does not have the “{scope}” scope.")
    return token
