from __future__ import annotations


def include_derived(kwargs: dict, *, source: str, derived: str) -> None:
    """A save limited by ``update_fields`` that changes ``source`` also saves ``derived``.

    ``save()`` methods that fill a derived field (rendered HTML, reading time) call this so that
    ``save(update_fields=["body"])`` cannot leave the stored HTML behind the Markdown.
    """
    fields = kwargs.get("update_fields")
    if fields is not None and source in fields:
        kwargs["update_fields"] = {*fields, derived}
