"""Create (once) the demo accounts for the editorial role journeys, and print how to log in.

editor (Editors), reviewer (Clinical reviewers, linked to a demo clinical reviewer) and —
once the comments app has created the Moderators group — moderator. For local development
only: it refuses to run with DJANGO_HTTPS on, like ``local_admin``. Passwords are generated
once and kept in .local-demo-users (ignored by git), so re-running prints the same ones.
"""

from __future__ import annotations

import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from articles.models import ClinicalReviewer

PASSWORD_FILE = Path(settings.BASE_DIR) / ".local-demo-users"
ACCOUNTS = [("editor", "Editors"), ("reviewer", "Clinical reviewers"), ("moderator", "Moderators")]
DEMO_REVIEWER = {"name": "Dr Demo Reviewer", "credentials": "MBBS, MRCPsych (demo account)"}


def _read_passwords() -> dict[str, str]:
    if not PASSWORD_FILE.exists():
        return {}
    pairs = (line.split(" ", 1) for line in PASSWORD_FILE.read_text().splitlines() if " " in line)
    return {name: password.strip() for name, password in pairs}


class Command(BaseCommand):
    help = "For local development only: create editor, reviewer and moderator demo accounts."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--port", default="8000", help="Port shown in the login address.")

    def handle(self, *args, port: str, **options) -> None:
        if settings.HTTPS:
            raise CommandError(
                "seed_demo_users is for development only and refuses to run with DJANGO_HTTPS "
                "on. Create real accounts in the admin and add them to the role groups."
            )
        User = get_user_model()
        passwords = _read_passwords()
        for username, group_name in ACCOUNTS:
            group = Group.objects.filter(name=group_name).first()
            if group is None:
                self.stdout.write(
                    f"Skipped {username}: the {group_name} group does not exist yet "
                    "(it comes with the comments app's migrations)."
                )
                continue
            user = User.objects.filter(username=username).first()
            password = passwords.get(username, "")
            if user is None or not password or not user.check_password(password):
                password = secrets.token_urlsafe(12)
                user = user or User(username=username)
                user.set_password(password)
            user.is_staff, user.is_active, user.is_superuser = True, True, False
            user.save()
            user.groups.set([group])
            passwords[username] = password
            if username == "reviewer":
                ClinicalReviewer.objects.update_or_create(user=user, defaults=DEMO_REVIEWER)
            self.stdout.write(
                f"{group_name}: http://127.0.0.1:{port}/admin/  username: {username}  "
                f"password: {password}"
            )
        PASSWORD_FILE.write_text("".join(f"{n} {p}\n" for n, p in passwords.items()))
        PASSWORD_FILE.chmod(0o600)
