"""A Redis cache that lets the pages work while Redis is away (issue: faults).

The cache only holds what can be recomputed or lost: allauth's rate-limit counters and used
TOTP codes. When Redis does not answer, reads miss and writes are dropped (logged), and
pages keep working. Meanwhile allauth's rate limits, its refusal of a TOTP code used twice
within its 30 seconds and the verification page's limit of checks per address are off;
brute force on passwords stays stopped by django-axes, whose lockouts live in the database.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
_ERREURS = (RedisConnectionError, RedisTimeoutError, OSError)


def _tolerant(default: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    def decorate(method: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(method)
        def wrapper(self: RedisCache, *args: Any, **kwargs: Any) -> Any:
            try:
                return method(self, *args, **kwargs)
            except _ERREURS as exc:
                logger.warning(
                    "cache Redis injoignable (%s) : %s ignoré", type(exc).__name__, method.__name__
                )
                if method.__name__ == "get" and len(args) > 1:
                    return args[1]
                return kwargs.get("default", default)

        return wrapper

    return decorate


class CacheTolerante(RedisCache):
    get = _tolerant(None)(RedisCache.get)
    get_many = _tolerant({})(RedisCache.get_many)
    has_key = _tolerant(False)(RedisCache.has_key)
    set = _tolerant(None)(RedisCache.set)
    set_many = _tolerant([])(RedisCache.set_many)
    # add() answers True ("stored"): allauth's rate-limit lock and its used-TOTP-code mark
    # read False as "someone else holds it", which would refuse every login meanwhile.
    add = _tolerant(True)(RedisCache.add)
    touch = _tolerant(False)(RedisCache.touch)
    delete = _tolerant(False)(RedisCache.delete)
    delete_many = _tolerant(None)(RedisCache.delete_many)
    incr = _tolerant(0)(RedisCache.incr)
