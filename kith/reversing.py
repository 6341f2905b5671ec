"""``reverse()`` remembered per process: an article page links its topics, related articles and
keywords, and each ``reverse()`` walks the URL patterns again for the same answer.

The answer depends only on the name, the arguments, the URLconf and the script prefix, so all
four are the key; a bounded cache, since slugs are many.
"""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse


def remembered_reverse(viewname: str, **kwargs: object) -> str:
    """``reverse(viewname, kwargs=kwargs)``, worked out once per process for the same arguments.

    Raises ``NoReverseMatch`` like ``reverse()`` (a failure is not remembered).
    """
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    return _reverse(viewname, tuple(sorted(kwargs.items())), urlconf, get_script_prefix())


@lru_cache(maxsize=20_000)
def _reverse(viewname: str, kwargs: tuple, urlconf: str, script_prefix: str) -> str:
    return reverse(viewname, kwargs=dict(kwargs), urlconf=urlconf)
