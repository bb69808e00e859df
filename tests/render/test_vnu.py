"""Every page passes the Nu HTML Checker (vnu.jar) with no errors."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from .sitecheck import pages

pytestmark = pytest.mark.slow  # a Java process checks every page


@pytest.mark.parametrize("which", ["fixture_site", "repo_site", "hostile_site"])
def test_every_page_passes_vnu(which: str, vnu: list[str], request: pytest.FixtureRequest) -> None:
    site: Path = request.getfixturevalue(which)
    files = [str(p) for p in pages(site)]
    assert len(files) > 50
    proc = subprocess.run(
        [*vnu, "--errors-only", "--format", "gnu", *files], check=False, capture_output=True, text=True, timeout=600
    )
    report = (proc.stdout + proc.stderr).strip()
    assert proc.returncode == 0 and report == "", report[:4000]
