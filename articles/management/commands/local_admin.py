"""Create (once) and describe the local administrator account that `make run` prints."""

from __future__ import annotations

import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

PASSWORD_FILE = Path(settings.BASE_DIR) / ".local-admin-password"


class Command(BaseCommand):
    help = (
        "For local development only: make sure a superuser exists and print how to log in. "
        "The generated password is kept in .local-admin-password (ignored by git)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--username", default="admin", help="Default: admin.")
        parser.add_argument("--port", default="8000", help="Port shown in the login address.")

    def handle(self, *args, username: str, port: str, **options) -> None:
        if settings.HTTPS:
            raise CommandError(
                "local_admin is for development only and refuses to run with DJANGO_HTTPS on. "
                "Use `manage.py createsuperuser` in production."
            )
        username = username.strip()
        if not username or len(username) > 150 or "\x00" in username:
            raise CommandError("--username must be 1 to 150 characters, without NUL bytes.")
        User = get_user_model()
        password = PASSWORD_FILE.read_text().strip() if PASSWORD_FILE.exists() else ""
        user = User.objects.filter(username=username).first()
        if user is None or not password or not user.check_password(password):
            password = secrets.token_urlsafe(12)
            if user is None:
                user = User.objects.create_superuser(username=username, password=password)
            else:
                user.set_password(password)
                user.is_staff = user.is_superuser = user.is_active = True
                user.save()
            PASSWORD_FILE.write_text(password + "\n")
            PASSWORD_FILE.chmod(0o600)
        self.stdout.write(
            self.style.SUCCESS(
                f"Admin: http://127.0.0.1:{port}/admin/  username: {username}  password: {password}"
            )
        )
