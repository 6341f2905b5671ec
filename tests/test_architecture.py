"""The import contract (.importlinter) holds: apps depend one way, kith imports no app."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import SimpleTestCase

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = shutil.which("lint-imports", path=str(Path(sys.executable).parent))


@pytest.mark.skipif(LINT_IMPORTS is None, reason="import-linter is not installed (make install)")
class ImportContractTests(SimpleTestCase):
    def test_the_layers_contract_is_kept(self):
        """comments -> articles -> topics -> kith: no lower layer imports a higher one."""
        result = subprocess.run(
            [LINT_IMPORTS, "--no-cache"], cwd=ROOT, capture_output=True, text=True, check=False
        )
        assert "Contracts: 1 kept, 0 broken." in result.stdout, result.stdout + result.stderr
        assert result.returncode == 0

    def test_the_project_package_names_no_app(self):
        """kith/ reaches the apps only through settings and include("app.urls") strings."""
        for path in (ROOT / "kith").rglob("*.py"):
            text = path.read_text()
            for app in ("articles", "topics", "comments"):
                assert f"from {app}" not in text and f"import {app}" not in text, path
