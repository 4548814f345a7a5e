"""Report known vulnerabilities in the pinned runtime dependencies (requirements.txt).

pip-audit asks PyPI's vulnerability data for each pinned version. A machine without that
source (no network, or a mirror that does not serve it) must not look "clean": this says
plainly how many pins could not be checked, and fails only when a vulnerability is known.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    run = subprocess.run(
        [str(ROOT / ".venv/bin/pip-audit"), "-r", str(ROOT / "requirements.txt"), "--no-deps",
         "--disable-pip", "--format", "json", "--progress-spinner", "off"],
        capture_output=True, text=True, timeout=300, check=False)
    try:
        report = json.loads(run.stdout)
    except json.JSONDecodeError:
        last = (run.stderr.strip().splitlines() or ["no output"])[-1]
        print(f"audit: NOT CHECKED: pip-audit could not reach a vulnerability source ({last})")
        return 0
    deps = report.get("dependencies", [])
    skipped = [d["name"] for d in deps if d.get("skip_reason")]
    checked = [d for d in deps if not d.get("skip_reason")]
    found = [(d["name"], d["version"], v["id"]) for d in checked for v in d.get("vulns", [])]
    if skipped:
        print(f"audit: NOT CHECKED for {len(skipped)} of {len(deps)} pinned dependencies "
              f"(no vulnerability data reachable from this machine): {', '.join(skipped)}")
    if checked:
        print(f"audit: {len(checked)} pinned dependencies checked, "
              f"{len(found)} known vulnerabilities")
    for name, version, vuln in found:
        print(f"audit: {name} {version}: {vuln}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
