"""Where PostgreSQL cannot start (here: initdb not on PATH), its tests are skipped with the
reason, except with CI=true, where they fail: CI must run them."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


async def run_postgres_tests(ci: str | None, tmp_path: Path) -> tuple[int, str]:
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env["PATH"] = str(Path(sys.executable).parent)  # no initdb, no pg_ctl
    if ci is not None:
        env["CI"] = ci
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rs",
        "tests/test_link_limits.py", "-k", "postgresql and window", "--basetemp", str(tmp_path),
        cwd=ROOT, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )  # fmt: skip
    out, _ = await asyncio.wait_for(process.communicate(), 300)
    assert process.returncode is not None
    return process.returncode, out.decode()


@pytest.mark.parametrize(("ci", "code", "says"), [
    (None, 0, "1 skipped"),
    ("true", 1, "1 error"),
])  # fmt: skip
async def test_postgresql_tests_skip_with_a_reason_outside_ci_and_fail_in_ci(
    ci: str | None, code: int, says: str, tmp_path: Path
) -> None:
    returncode, out = await run_postgres_tests(ci, tmp_path)

    assert returncode == code, out[-3000:]
    assert says in out
    assert "initdb is not on PATH" in out
    if ci:
        assert "CI=true: they may not be skipped" in out
