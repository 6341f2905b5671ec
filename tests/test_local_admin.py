from __future__ import annotations

import re
import stat
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import TestCase, override_settings

from articles.management.commands import local_admin

LOGIN_LINE = re.compile(
    r"^Admin: http://127\.0\.0\.1:(?P<port>\d+)/admin/  username: (?P<username>\S+)  "
    r"password: (?P<password>\S+)$"
)


class LocalAdminTests(TestCase):
    @pytest.fixture(autouse=True)
    def _password_file(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """Never touch the real BASE_DIR/.local-admin-password."""
        self.password_file = tmp_path / ".local-admin-password"
        monkeypatch.setattr(local_admin, "PASSWORD_FILE", self.password_file)

    def run_command(self, *args: str) -> dict[str, str]:
        out = StringIO()
        call_command("local_admin", *args, stdout=out)
        match = LOGIN_LINE.match(out.getvalue().strip())
        assert match, out.getvalue()
        return match.groupdict()

    def test_creates_a_superuser_once_and_prints_the_login(self):
        """The first run makes a superuser whose printed password works and is kept private."""
        login = self.run_command("--port", "8123")
        assert login["port"] == "8123" and login["username"] == "admin"
        user = get_user_model().objects.get()
        assert user.username == "admin" and user.is_superuser and user.is_staff
        assert user.check_password(login["password"])
        assert self.password_file.read_text() == login["password"] + "\n"
        assert stat.S_IMODE(self.password_file.stat().st_mode) == 0o600

    def test_second_run_reuses_the_stored_password(self):
        """Re-running prints the same password and creates no second account."""
        first = self.run_command()
        second = self.run_command()
        assert second["password"] == first["password"]
        assert get_user_model().objects.count() == 1

    def test_lost_password_file_gives_a_new_working_password(self):
        """If the file is gone, the existing account gets a new password, not a duplicate."""
        first = self.run_command()
        self.password_file.unlink()
        second = self.run_command()
        assert second["password"] != first["password"]
        user = get_user_model().objects.get()
        assert user.check_password(second["password"])

    @override_settings(HTTPS=True)
    def test_refuses_in_production(self):
        """With DJANGO_HTTPS on, no account is made and no password is written."""
        with pytest.raises(CommandError, match="development only"):
            call_command("local_admin", stdout=StringIO())
        assert not get_user_model().objects.exists()
        assert not self.password_file.exists()

    def test_rejects_bad_usernames(self):
        """Empty, overlong or NUL-containing usernames are a clear error."""
        for username in ("  ", "x" * 151, "ad\x00min"):
            with pytest.raises(CommandError, match="1 to 150 characters"):
                call_command("local_admin", "--username", username, stdout=StringIO())
        assert not get_user_model().objects.exists()
