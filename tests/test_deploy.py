"""What a deployment reads besides the code: the systemd unit, .env.example, the Procfile and
the hashed lock. Each is checked as the tool that reads it would, so a typo fails here."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.ci import in_ci

ROOT = Path(__file__).resolve().parent.parent
UNIT = ROOT / "docs" / "systemd" / "backcare-bot.service"
INSTALLED = "/opt/backcare-bot"


def settings_in_contract() -> set[str]:
    text = (ROOT / "docs" / "contract.md").read_text(encoding="utf-8")
    table = text.split("## Settings", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"^\| `([A-Z_]+)` \|", table, flags=re.M))


def settings_read_by_code() -> set[str]:
    text = (ROOT / "bot" / "config.py").read_text(encoding="utf-8")
    return set(re.findall(r'_clean\(env, "([A-Z_]+)"\)', text))


def test_systemd_unit_verifies(tmp_path: Path) -> None:
    """`systemd-analyze verify` on the shipped unit, moved to where this checkout is."""
    if shutil.which("systemd-analyze") is None:
        if in_ci():
            pytest.fail("systemd-analyze is missing on CI")
        pytest.skip("systemd-analyze is not installed")
    unit = UNIT.read_text(encoding="utf-8")
    assert f"ExecStart={INSTALLED}/.venv/bin/python -m bot run" in unit
    here = unit.replace(f"{INSTALLED}/.venv/bin/python", sys.executable).replace(
        INSTALLED, str(ROOT))
    (tmp_path / "backcare-bot.service").write_text(here, encoding="utf-8")
    run = subprocess.run(["systemd-analyze", "verify", "backcare-bot.service"],
                         cwd=tmp_path, capture_output=True, text=True, timeout=60, check=False)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "" and run.stderr.strip() == "", run.stdout + run.stderr


def test_systemd_unit_does_not_restart_on_a_setting_to_fix() -> None:
    unit = UNIT.read_text(encoding="utf-8")
    assert "RestartPreventExitStatus=2" in unit  # `python -m bot` exits 2 on a bad setting
    assert "KillSignal=SIGTERM" in unit


def test_env_example_lists_every_setting() -> None:
    names = set(re.findall(r"^#? ?([A-Z_]+)=", (ROOT / ".env.example").read_text("utf-8"),
                           flags=re.M))
    assert settings_read_by_code() <= settings_in_contract()
    assert names == settings_in_contract()


def test_procfile_runs_the_bot_as_web_or_worker() -> None:
    lines = dict(line.split(":", 1) for line in
                 (ROOT / "Procfile").read_text(encoding="utf-8").splitlines() if line.strip())
    assert {k: v.strip() for k, v in lines.items()} == {
        "web": "python -m bot run", "worker": "python -m bot run"}


def test_lock_pins_every_requirement_with_hashes() -> None:
    text = (ROOT / "requirements.txt").read_text(encoding="utf-8")
    requirements = re.findall(r"^([A-Za-z0-9_.-]+)==\S+ \\$", text, flags=re.M)
    assert {"python-telegram-bot", "sqlalchemy", "aiohttp", "pyyaml"} <= {
        r.lower() for r in requirements}
    entries = [e for e in re.split(r"\n(?=[A-Za-z])", text.split("\n\n", 1)[-1]) if e.strip()]
    for entry in entries:
        if not entry.startswith("#"):
            assert "--hash=sha256:" in entry, entry.splitlines()[0]
    assert (ROOT / ".python-version").read_text(encoding="utf-8").strip() == "3.11"
