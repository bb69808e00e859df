"""Progress display: only for a person at a terminal, never in CI, never with --quiet, never for quick work."""

from __future__ import annotations

import io
import time

import pytest

from newskb import progress


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_shown_only_on_a_terminal_outside_ci_and_without_quiet(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    assert progress.enabled(stream=Tty())
    assert not progress.enabled(stream=io.StringIO())
    assert not progress.enabled(quiet=True, stream=Tty())
    monkeypatch.setenv("CI", "true")
    assert not progress.enabled(stream=Tty())
    monkeypatch.setenv("CI", "false")
    assert progress.enabled(stream=Tty())


def test_a_long_step_shows_its_label_and_clears_the_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setattr(progress, "DELAY", 0.05)
    out = Tty()
    with progress.step("validating", stream=out):
        time.sleep(0.2)
    text = out.getvalue()
    assert "validating…" in text and text.endswith("\r\x1b[2K")


def test_quick_work_and_redirected_output_show_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    out = Tty()
    with progress.step("quick", stream=out):
        pass
    assert out.getvalue() == ""
    piped = io.StringIO()
    monkeypatch.setattr(progress, "DELAY", 0.0)
    with progress.step("slow", stream=piped):
        time.sleep(0.05)
    bar = progress.bar(10, stream=piped)
    bar.update(5, "x")
    bar.close()
    assert piped.getvalue() == ""


def test_a_counted_bar_draws_with_tqdm_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setattr(progress, "DELAY", 0.0)
    out = Tty()
    bar = progress.bar(4, "pages", stream=out)
    for i in range(1, 5):
        bar.update(i, f"en/stories/{i}/")
    bar.close()
    text = out.getvalue()
    assert "pages:" in text and "/4 [" in text and text.endswith("\r")  # drawn, then cleared (leave=False)


def test_cli_quiet_prints_nothing_but_the_result(tmp_path, monkeypatch, capsys) -> None:
    import shutil
    from pathlib import Path

    from newskb.cli import main

    fixture = Path(__file__).resolve().parent / "fixtures" / "validate" / "clean"
    shutil.copytree(fixture, tmp_path / "kb")
    monkeypatch.chdir(tmp_path / "kb")
    monkeypatch.setattr(progress, "DELAY", 0.0)
    assert main(["validate", "--quiet", "--no-cache"]) == 0
    captured = capsys.readouterr()
    assert captured.err == "" and captured.out.startswith("All checks passed")
