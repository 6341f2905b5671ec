"""Background work of the comments app, run by django-tasks (settings.TASKS).

With the immediate backend (the default) a task runs at once, in the process that enqueued it,
after the commit; in production the database backend stores it and ``manage.py db_worker``
runs it (README, “Production”).
"""

from __future__ import annotations

from django_tasks import task

from comments import notifications


@task()
def deliver_notification(notification_id: int) -> str:
    """Sends one reply notification (or confirmation link) if it is still due."""
    return notifications.deliver(notification_id)
