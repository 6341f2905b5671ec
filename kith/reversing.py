"""``reverse()`` remembered per process: an article page links its topics, related articles and
keywords, and each ``reverse()`` walks the URL patterns again for the same answer.

The answer depends only on the name, the arguments, the URLconf and the script prefix, so all
four are the key; a bounded cache, since slugs are many.
"""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse


def remembered_reverse(viewname: str, *args: object, **kwargs: object) -> str:
    """``reverse(viewname, args=args, kwargs=kwargs)``, worked out once per process for the
    same arguments (given as strings, as in an address).

    Raises ``NoReverseMatch`` like ``reverse()`` (a failure is not remembered).
    """
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    positional = tuple(str(arg) for arg in args)
    named = tuple(sorted((name, str(value)) for name, value in kwargs.items()))
    return _reverse(viewname, positional, named, urlconf, get_script_prefix())


@lru_cache(maxsize=20_000)
def _reverse(viewname: str, args: tuple, kwargs: tuple, urlconf: str, script_prefix: str) -> str:
    return reverse(viewname, args=args or None, kwargs=dict(kwargs) or None, urlconf=urlconf)
