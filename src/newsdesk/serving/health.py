"""/healthz: whether this server can answer readers now, for a load balancer or an uptime check."""

import logging

from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from redis import RedisError

from .outage import Outage
from .preflight import ping_redis

logger = logging.getLogger(__name__)
REDIS_SEEN_BY_HEALTH_CHECKS = Outage(
    logger, what="Redis (health check)", meanwhile="/healthz answers 200 degraded"
)


@require_safe
@never_cache  # never stored by the page cache or a CDN: a stored "ok" would hide an outage
def healthz(request):
    """200 when the database answers and every configured Redis does; 503 naming what failed when the database
    does not. Redis alone failing is 200 "degraded", naming it: pages are still answered without it
    (serving/outage.py), and a 503 would make the load balancer drop every server at once for an outage readers
    do not see. Says nothing else about the server (no versions, no settings)."""
    failed = []
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as error:
        logger.warning("health check: the database failed: %s", error)
        failed.append("database")
    try:
        ping_redis(timeout=1)
    except RedisError as error:
        # One line when it starts, a reminder a minute, one when it ends: a load balancer probes every few seconds.
        REDIS_SEEN_BY_HEALTH_CHECKS.failed(error)
        failed.append("redis")
    else:
        REDIS_SEEN_BY_HEALTH_CHECKS.answered()
    if "database" in failed:
        return JsonResponse({"status": "unavailable", "failed": failed}, status=503)
    if failed:
        return JsonResponse({"status": "degraded", "failed": failed})
    return JsonResponse({"status": "ok"})
