"""deploy/ as far as this machine allows (no Docker daemon, no systemd): the files agree with the
code, the example settings parse, and the image's COPY set builds a package with its data."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml  # type: ignore[import-untyped]  # no stubs; only safe_load is used

from bot.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
SETTING = re.compile(r'"((?:NEWSBOT|TELEGRAM)_[A-Z_]+|LOG_LEVEL)"')


def settings_read() -> set[str]:
    return set(SETTING.findall((ROOT / "bot" / "settings.py").read_text(encoding="utf-8")))


def test_env_example_lists_every_setting_the_bot_reads() -> None:
    example = (DEPLOY / ".env.example").read_text(encoding="utf-8")
    listed = set(re.findall(r"^#?([A-Z][A-Z_]+)=", example, re.MULTILINE))
    read = settings_read()
    assert len(read) >= 15
    assert read - listed == set()
    assert listed - read == set()  # nothing listed that the bot ignores


def test_env_example_values_are_all_valid(tmp_path: Path) -> None:
    """Every example value, uncommented, is accepted (the token and the webhook secret filled in
    as a user would)."""
    lines = []
    for line in (DEPLOY / ".env.example").read_text(encoding="utf-8").splitlines():
        match = re.match(r"^#?([A-Z][A-Z_]+)=(.*)$", line)
        if match and match.group(2).strip():
            lines.append(f"{match.group(1)}={match.group(2).strip()}")
    lines.append("TELEGRAM_BOT_TOKEN=123456789:AAE-abcdefghijklmnopqrstuvwxyz_0123")
    lines.append("NEWSBOT_WEBHOOK_SECRET=" + "ab12" * 16)
    env = tmp_path / ".env"
    env.write_text("\n".join(lines) + "\n", encoding="utf-8")

    settings = Settings.from_env({}, env_file=env)

    assert settings.require_token().startswith("123456789:")
    assert settings.webhook is not None and settings.webhook.url.startswith("https://")


def test_compose_builds_the_image_keeps_the_database_in_a_volume() -> None:
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))
    service = compose["services"]["newsbot"]
    assert (DEPLOY / service["build"]["context"] / service["build"]["dockerfile"]).is_file()
    volume, mount = service["volumes"][0].split(":")
    assert volume in compose["volumes"] and mount == "/data"
    assert service["environment"]["NEWSBOT_DATABASE"].startswith("/data/")
    # the settings the compose file sets are valid settings
    Settings.from_env({k: str(v) for k, v in service["environment"].items()}, require_token=False)


COMPOSE_VARIABLE = re.compile(r"\$\{([A-Z_]+)(?::\?[^}]*)?\}")
SAMPLE = {"POSTGRES_PASSWORD": "pw-1", "NEWSBOT_DOMAIN": "bot.example.org"}


def interpolated(value: object) -> str:
    """A compose value with ``${NAME}`` / ``${NAME:?message}`` filled in from SAMPLE."""
    return COMPOSE_VARIABLE.sub(lambda m: SAMPLE[m.group(1)], str(value))


def test_the_replicas_compose_file_agrees_with_the_bot_and_the_proxy() -> None:
    compose = yaml.safe_load((DEPLOY / "compose.replicas.yaml").read_text(encoding="utf-8"))
    services = compose["services"]
    replicas = {name: s for name, s in services.items() if name.startswith("newsbot")}
    assert len(replicas) == 2
    single = yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))
    postgres = services["postgres"]["environment"]
    caddyfile = (DEPLOY / "Caddyfile").read_text(encoding="utf-8")
    (path,) = re.findall(r"^\s*handle (/\S*) \{", caddyfile, re.MULTILINE)
    (upstreams,) = re.findall(r"^\s*reverse_proxy (.+) \{", caddyfile, re.MULTILINE)
    (health_uri,) = re.findall(r"^\s*health_uri (\S+)", caddyfile, re.MULTILINE)
    (health_port,) = re.findall(r"^\s*health_port (\d+)", caddyfile, re.MULTILINE)
    listening = set()
    for replica in replicas.values():
        assert replica["build"] == single["services"]["newsbot"]["build"]
        env = {k: interpolated(v) for k, v in replica["environment"].items()}
        settings = Settings.from_env(
            {**env, "NEWSBOT_WEBHOOK_SECRET": "s" * 32}, require_token=False
        )
        # One PostgreSQL for both, the compose file's own.
        database = urlsplit(env["NEWSBOT_DATABASE"])
        assert (database.scheme, database.hostname, database.port) == (
            "postgresql",
            "postgres",
            5432,
        )
        assert database.username == postgres["POSTGRES_USER"]
        assert database.password == interpolated(postgres["POSTGRES_PASSWORD"])
        assert database.path == "/" + postgres["POSTGRES_DB"]
        # Webhook mode behind the proxy, which forwards the webhook's path to the replicas and
        # asks their /healthz which of them may take updates.
        assert settings.webhook is not None and settings.metrics_listen is not None
        assert urlsplit(settings.webhook.url).hostname == SAMPLE["NEWSBOT_DOMAIN"]
        assert "/" + settings.webhook.path == path
        listening.add(settings.webhook.listen_port)
        assert (health_uri, int(health_port)) == ("/healthz", settings.metrics_listen[1])
        assert f"{settings.metrics_listen[1]}/healthz" in " ".join(replica["healthcheck"]["test"])
        assert replica["depends_on"]["postgres"]["condition"] == "service_healthy"
    (port,) = listening
    assert set(upstreams.split()) == {f"{name}:{port}" for name in replicas}
    proxy = services["proxy"]
    assert "./Caddyfile:/etc/caddy/Caddyfile:ro" in proxy["volumes"]
    assert set(proxy["depends_on"]) == set(replicas)


def test_systemd_unit_runs_the_installed_bot_and_stops_on_bad_settings() -> None:
    unit = (DEPLOY / "newsbot.service").read_text(encoding="utf-8")
    (exec_start,) = re.findall(r"^ExecStart=(.+)$", unit, re.MULTILINE)
    assert exec_start.split()[:2] == ["/opt/newsbot/.venv/bin/newsbot", "run"]
    assert "RestartPreventExitStatus=2" in unit  # bad settings exit 2 (tests/test_bot_runner.py)
    assert re.search(r"^EnvironmentFile=", unit, re.MULTILINE)


def test_the_dockerfile_installs_cpu_torch_and_copies_every_package() -> None:
    dockerfile = (DEPLOY / "Dockerfile").read_text(encoding="utf-8")
    assert "download.pytorch.org/whl/cpu" in dockerfile
    assert re.search(r'^ENTRYPOINT \["newsbot"\]\s*^CMD \["run"\]', dockerfile, re.MULTILINE)
    copied = set(re.findall(r"^COPY (\S+) \./\S+$", dockerfile, re.MULTILINE))
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    setuptools = project["tool"]["setuptools"]
    packages = {name.rstrip("*") for name in setuptools["packages"]["find"]["include"]}
    assert copied == packages  # every package of the project, services/ included
    (files,) = re.findall(r"^COPY (.+) \./$", dockerfile, re.MULTILINE)
    assert {f"{module}.py" for module in setuptools["py-modules"]} <= set(files.split())


@pytest.mark.timeout(300)
def test_what_the_image_copies_builds_a_wheel_with_its_data(tmp_path: Path) -> None:
    """``pip install .`` in the image sees only what the Dockerfile copies: build from that."""
    dockerfile = (DEPLOY / "Dockerfile").read_text(encoding="utf-8")
    source = tmp_path / "app"
    source.mkdir()
    for line in re.findall(r"^COPY (.+)$", dockerfile, re.MULTILINE):
        *names, _ = line.split()
        for name in names:
            path = ROOT / name
            if path.is_dir():
                shutil.copytree(path, source / name, ignore=shutil.ignore_patterns("__pycache__"))
            else:
                shutil.copy(path, source / name)
    out = tmp_path / "wheel"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )
    (wheel,) = out.glob("newsbot-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    storage = ROOT / "storage"
    migrations = {
        p.relative_to(ROOT).as_posix()
        for p in [*storage.glob("alembic/*.py"), *storage.glob("alembic/versions/*.py"),
                  *storage.glob("legacy/*.sql")]
    }  # fmt: skip
    assert len(migrations) >= 6
    assert migrations <= names
    assert "summarizer/data/scorer.json" in names
    assert "bot/__main__.py" in names and not any(n.startswith("tests/") for n in names)
    assert {"errors.py", "services/jobs.py", "services/election.py"} <= names


def test_the_image_and_compose_check_health_with_newsbot_check() -> None:
    dockerfile = (DEPLOY / "Dockerfile").read_text(encoding="utf-8")
    healthcheck = re.compile(r"^HEALTHCHECK ([^\n]+?)\\\n\s*CMD (\[[^\]]+\])$", re.MULTILINE)
    (check,) = healthcheck.findall(dockerfile)
    assert check[1] == '["newsbot", "check", "--quiet"]'
    assert "--start-period=" in check[0]  # the model loads before the bot answers
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))
    health = compose["services"]["newsbot"]["healthcheck"]
    assert health["test"] == ["CMD", "newsbot", "check", "--quiet"]
    assert health["start_period"] and health["interval"]
    # the command exists and takes those arguments
    from bot.__main__ import build_parser

    args = build_parser().parse_args(["check", "--quiet"])
    assert args.command == "check" and args.quiet
