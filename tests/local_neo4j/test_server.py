"""The local Neo4j as real processes, each test on its own home and a free port.

The jar cache is the project's (settings.jar_cache_dir), so only the first run ever downloads.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import socket
import stat
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

import graph_platform.cli.db  # noqa: F401  (registers `db` on the app)
from graph_platform.cli.app import app
from graph_platform.errors import ConfigurationError, ServerError
from graph_platform.local_neo4j.fetch import Java
from graph_platform.local_neo4j.server import PASSWORD_ENV, LocalNeo4j, ServerStatus
from graph_platform.runtime import Runtime
from graph_platform.settings import Settings, get_settings


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def throwaway(settings: Settings, home: Path) -> Settings:
    """A home and a free port of its own; a small heap, since the session server runs beside it."""
    return settings.model_copy(
        update={
            "neo4j_uri": None,
            "neo4j_home": home,
            "neo4j_port": free_port(),
            "neo4j_heap": "512m",
            "neo4j_pagecache": "64m",
        }
    )


@pytest.fixture
def local_settings(settings: Settings, tmp_path: Path) -> Settings:
    return throwaway(settings, tmp_path / "neo4j")


@pytest.fixture
def server(local_settings: Settings) -> Iterator[LocalNeo4j]:
    server = LocalNeo4j(local_settings)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def running(
    settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[LocalNeo4j, ServerStatus]]:
    """One server started for the read-only tests of this module, and what `start` returned."""
    server = LocalNeo4j(throwaway(settings, tmp_path_factory.mktemp("running") / "neo4j"))
    started = server.start()
    yield server, started
    server.stop()


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[Settings, list[str]], Result]]:
    """Runs `graph-platform ARGS` with `get_settings()` reading the given home and port."""

    def invoke(settings: Settings, args: list[str]) -> Result:
        monkeypatch.delenv("GP_NEO4J_URI", raising=False)
        monkeypatch.setenv("GP_NEO4J_HOME", str(settings.neo4j_home))
        monkeypatch.setenv("GP_NEO4J_PORT", str(settings.neo4j_port))
        get_settings.cache_clear()
        return CliRunner().invoke(app, args)

    yield invoke
    get_settings.cache_clear()


def environ_of(pid: int) -> dict[str, str]:
    raw = Path(f"/proc/{pid}/environ").read_bytes().decode(errors="replace")
    return dict(item.split("=", 1) for item in raw.split("\0") if "=" in item)


def count_marks(server: LocalNeo4j, mark: str) -> int:
    with Runtime(server.settings).driver() as driver:
        records = driver.execute_query(
            "MATCH (n:TestMark {mark: $mark}) RETURN count(n) AS n", mark=mark
        ).records
    return int(records[0]["n"])


def write_mark(server: LocalNeo4j, mark: str) -> None:
    with Runtime(server.settings).driver() as driver:
        driver.execute_query("CREATE (:TestMark {mark: $mark})", mark=mark)


def test_start_waits_for_bolt_with_the_generated_password(
    running: tuple[LocalNeo4j, ServerStatus],
) -> None:
    server, started = running
    port = server.settings.neo4j_port

    assert started.running and started.pid is not None
    assert started.version == server.settings.neo4j_version
    assert started.edition == "community"
    assert started.uri == f"bolt://127.0.0.1:{port}"
    assert started.start_seconds is not None and started.start_seconds > 0
    assert stat.S_IMODE(server.auth_file.stat().st_mode) == 0o600
    assert json.loads(server.auth_file.read_text())["applied"] is True
    assert f"server.bolt.listen_address=127.0.0.1:{port}" in server.conf_file.read_text()
    assert server.pid_file.read_text().strip() == str(started.pid)
    assert count_marks(server, "none") == 0  # connection() found the stored password


def test_start_again_reports_the_running_server(running: tuple[LocalNeo4j, ServerStatus]) -> None:
    server, started = running

    again = LocalNeo4j(server.settings).start()

    assert again.running and again.pid == started.pid and again.start_seconds is None


def test_status_reports_version_and_store_size(running: tuple[LocalNeo4j, ServerStatus]) -> None:
    server, started = running

    status = server.status()

    assert status.running and status.pid == started.pid
    assert status.version == server.settings.neo4j_version
    assert status.store_bytes is not None and status.store_bytes > 100_000
    assert status.password_file == server.auth_file


def test_cli_status_json(
    running: tuple[LocalNeo4j, ServerStatus], cli: Callable[[Settings, list[str]], Result]
) -> None:
    server, started = running

    shown = cli(server.settings, ["db", "status", "--json"])

    assert shown.exit_code == 0, shown.output
    status = json.loads(shown.output)
    assert status["running"] is True and status["pid"] == started.pid
    assert status["version"] == server.settings.neo4j_version


def test_store_locked_by_another_process(running: tuple[LocalNeo4j, ServerStatus]) -> None:
    server, started = running
    hidden = server.pid_file.rename(server.home / "hidden.pid")  # as if the pid file were lost
    intruder = LocalNeo4j(server.settings.model_copy(update={"neo4j_port": free_port()}))
    try:
        with pytest.raises(ServerError, match="is locked by another running Neo4j") as error:
            intruder.start()
    finally:
        hidden.rename(server.pid_file)

    assert f"pid {started.pid}" in str(error.value)
    assert str(server.home) in str(error.value)
    assert server.status().running


def test_stop_restart_and_crash_keep_the_data(
    server: LocalNeo4j, caplog: pytest.LogCaptureFixture
) -> None:
    first = server.start()
    write_mark(server, "before-stop")

    began = time.monotonic()
    assert server.stop() is True
    # Bolt's two Netty quiet periods alone took 10 s before the generated conf set them to 0.
    assert time.monotonic() - began < 8
    assert first.pid is not None and not Path(f"/proc/{first.pid}").exists()
    assert not server.pid_file.exists()
    assert not server.status().running
    assert server.stop() is False

    second = server.start()
    assert count_marks(server, "before-stop") == 1
    assert second.pid is not None
    assert PASSWORD_ENV not in environ_of(second.pid)  # only the first start passes it

    write_mark(server, "before-crash")
    os.kill(second.pid, signal.SIGKILL)
    os.waitpid(second.pid, 0)
    assert "stale pid file" in (server.status().problem or "")
    with caplog.at_level(logging.WARNING):
        third = server.start()

    assert "removed stale pid file" in caplog.text
    assert third.running and third.pid != second.pid
    assert count_marks(server, "before-stop") == 1
    assert count_marks(server, "before-crash") == 1


def test_launch_failure_reports_the_launcher_error(local_settings: Settings) -> None:
    server = LocalNeo4j(local_settings.model_copy(update={"neo4j_pagecache": "lots"}))

    with pytest.raises(ServerError, match=r"failed to start: .*server\.memory\.pagecache\.size"):
        server.start()

    assert not server.pid_file.exists()
    assert not server.status().running


def test_port_in_use_is_reported(local_settings: Settings) -> None:
    port = local_settings.neo4j_port
    with socket.socket() as other:
        other.bind(("127.0.0.1", port))
        other.listen()
        with pytest.raises(ServerError, match=rf"port {port} on 127.0.0.1 .*GP_NEO4J_PORT"):
            LocalNeo4j(local_settings).start()
    assert not LocalNeo4j(local_settings).pid_file.exists()


def test_java_missing_is_reported(
    local_settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "empty-jdk").mkdir()
    (tmp_path / "bin").mkdir()
    monkeypatch.setenv("JAVA_HOME", str(tmp_path / "empty-jdk"))
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))

    with pytest.raises(ConfigurationError, match=r"no `java` was found in JAVA_HOME .* or on PATH"):
        LocalNeo4j(local_settings).start()


def test_old_java_is_reported(
    local_settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    java = tmp_path / "jdk8" / "bin" / "java"
    java.parent.mkdir(parents=True)
    java.write_text("#!/bin/sh\necho 'java version \"1.8.0_392\"' >&2\n")
    java.chmod(0o755)
    monkeypatch.setenv("JAVA_HOME", str(tmp_path / "jdk8"))

    with pytest.raises(ConfigurationError, match="is Java 8; Neo4j needs Java 17"):
        LocalNeo4j(local_settings).start()


def test_maven_missing_is_reported(
    local_settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bin_dir = tmp_path / "bin"  # java, but no mvn
    bin_dir.mkdir()
    (bin_dir / "java").symlink_to(Java.locate().executable)
    monkeypatch.delenv("JAVA_HOME", raising=False)
    monkeypatch.setenv("PATH", str(bin_dir))
    empty_cache = local_settings.model_copy(update={"state_dir": tmp_path / "state"})

    with pytest.raises(ConfigurationError, match=r"Maven \(`mvn`\) is not on PATH"):
        LocalNeo4j(empty_cache).start()


def test_maven_failure_is_reported(local_settings: Settings, tmp_path: Path) -> None:
    unknown = local_settings.model_copy(
        update={"neo4j_version": "0.0.0-missing", "state_dir": tmp_path / "state"}
    )

    with pytest.raises(ServerError) as error:
        LocalNeo4j(unknown).start()

    message = str(error.value)
    assert "Maven could not fetch org.neo4j:neo4j:0.0.0-missing" in message
    assert "~/.m2/settings.xml" in message
    assert "0.0.0-missing" in (unknown.jar_cache_dir / "maven.log").read_text()
    assert not (unknown.jar_cache_dir / "lib").exists()


def test_cli_on_a_stopped_server(
    local_settings: Settings, cli: Callable[[Settings, list[str]], Result]
) -> None:
    shown = cli(local_settings, ["db", "status", "--json"])
    assert shown.exit_code == 0, shown.output
    status = json.loads(shown.output)
    assert status["running"] is False
    assert status["uri"] == f"bolt://127.0.0.1:{local_settings.neo4j_port}"

    stopped = cli(local_settings, ["db", "stop"])
    assert stopped.exit_code == 0
    assert "nothing to stop" in " ".join(stopped.output.split())
