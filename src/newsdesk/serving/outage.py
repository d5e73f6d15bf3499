"""Living through a backend that stops answering while the site serves (Redis, the page cache's shared file): readers
still get their pages, rendered by Django, and the log says so in a line, not in a traceback per request."""

import logging
import threading
import time

# redis-py waits forever by default: a hung Redis would hang every request. One second to connect, two for an
# answer; past that, the Outage below takes over. Django's Redis cache (settings.CACHES) and the page cache's
# shared tier both connect with these.
REDIS_TIMEOUTS = {"socket_connect_timeout": 1, "socket_timeout": 2}


class Outage:
    """One backend as this process sees it. After a failure, callers answer without it (a miss, a write dropped)
    and try it again only every `retry_seconds`: an unreachable or hung Redis then costs one connection attempt or
    timeout every few seconds, not one per request. The log gets a warning when the outage starts, a reminder
    every `remind_seconds` while it lasts, and a line when the backend answers again."""

    retry_seconds = 5.0
    remind_seconds = 60.0

    def __init__(self, logger: logging.Logger, *, what: str, meanwhile: str):
        self.logger, self.what, self.meanwhile = logger, what, meanwhile
        # The monotonic time of this outage's first failure; None while the backend answers.
        self.since: float | None = None
        self._retry_at = 0.0
        self._reminded_at = 0.0
        self._lock = threading.Lock()

    def skipping(self) -> bool:
        """Whether to answer without the backend now. During an outage one caller at a time is let through to
        try it, once every retry_seconds: the others answer without it meanwhile, or every request arriving while
        a hung backend's probe waits out its timeout would wait too."""
        if self.since is None:
            return False
        with self._lock:
            now = time.monotonic()
            if now < self._retry_at:
                return True
            self._retry_at = now + self.retry_seconds  # this caller probes; the rest skip until it is done
            return False

    def failed(self, error: Exception) -> None:
        now = time.monotonic()
        reason = " ".join(str(error).split())[:200] or type(error).__name__
        with self._lock:
            self._retry_at = now + self.retry_seconds
            if self.since is None:
                self.since = self._reminded_at = now
                self.logger.warning(
                    "%s is unavailable (%s): %s until it answers again.", self.what, reason, self.meanwhile
                )
            elif now - self._reminded_at >= self.remind_seconds:
                self._reminded_at = now
                self.logger.warning(
                    "%s is still unavailable after %d s (%s).", self.what, now - self.since, reason
                )

    def call(self, fallback, method, *args, errors, on_recovery=None, **kwargs):
        """method(*args, **kwargs), or fallback while the backend is skipped or when it raises one of `errors`
        (which is recorded). on_recovery runs once when this answer ends an outage."""
        if self.skipping():
            return fallback
        try:
            result = method(*args, **kwargs)
        except errors as error:
            self.failed(error)
            return fallback
        if self.answered() and on_recovery is not None:
            on_recovery()
        return result

    def answered(self) -> bool:
        """Records that the backend answered; True when that ended an outage."""
        if self.since is None:  # the usual case, kept to one attribute read
            return False
        with self._lock:
            if self.since is None:
                return False
            seconds, self.since = time.monotonic() - self.since, None
        # A warning too, so that an operator who logs warnings only sees where the outage ended.
        self.logger.warning("%s answers again after %d s.", self.what, seconds)
        return True
