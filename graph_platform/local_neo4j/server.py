"""The project-managed local Neo4j: one background Java process per home directory.

A home holds `neo4j.conf` (regenerated from settings on each start), `data/`, `logs/`,
`neo4j.pid` and `auth.json` (the generated password, mode 0600). The server runs in its own
session, so it outlives the command that started it; `stop` ends it with SIGTERM.
"""

from __future__ import annotations

import errno
import json
import logging
import os
import secrets
import signal
import socket
import subprocess
import time
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import TypedDict

import neo4j
from neo4j.exceptions import AuthError, DriverError, Neo4jError, ServiceUnavailable, TransientError

from graph_platform.errors import ServerError
from graph_platform.local_neo4j.fetch import LAUNCHER_CLASS, JarCache, Java, file_lock, tail
from graph_platform.settings import Settings

log = logging.getLogger(__name__)

#: The launcher sets the password of this built-in user.
LOCAL_USER = "neo4j"
READY_MARKER = "GP_NEO4J_READY"
FAILED_MARKER = "GP_LAUNCH_FAILED"
PASSWORD_ENV = "GP_NEO4J_INITIAL_PASSWORD"

_VERSION_QUERY = (
    "CALL dbms.components() YIELD name, versions, edition "
    "WHERE name = 'Neo4j Kernel' RETURN versions[0] AS version, edition"
)
_JVM_FLAGS = (
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+DisableExplicitGC",
    "-XX:+ExitOnOutOfMemoryError",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Dlog4j2.disable.jmx=true",
    "-Dfile.encoding=UTF-8",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
)


class _Auth(TypedDict):
    """The content of `auth.json`; `applied` turns true once the server accepted the password."""

    user: str
    password: str
    applied: bool


@dataclass(frozen=True)
class ServerStatus:
    """What `db status` reports about a Neo4j server, local or external."""

    running: bool
    uri: str
    user: str
    external: bool = False
    version: str | None = None
    edition: str | None = None
    pid: int | None = None
    home: Path | None = None
    store_bytes: int | None = None
    password_file: Path | None = None
    start_seconds: float | None = None
    problem: str | None = None

    def as_dict(self) -> dict[str, object]:
        """JSON-ready fields (paths as strings)."""
        return {k: str(v) if isinstance(v, Path) else v for k, v in asdict(self).items()}


def query_version(driver: neo4j.Driver, database: str) -> tuple[str, str]:
    """The server's Neo4j version and edition, as `dbms.components()` reports them.

    Runs in an auto-commit transaction, which is not retried: an unreachable server fails fast.
    """
    with driver.session(database=database) as session:
        records = list(session.run(_VERSION_QUERY))
    if not records:
        raise ServerError("dbms.components() did not report the Neo4j Kernel")
    return str(records[0]["version"]), str(records[0]["edition"])


class LocalNeo4j:
    """Starts, stops and reports on the local Neo4j of `settings` (it ignores `neo4j_uri`)."""

    def __init__(self, settings: Settings, *, stop_timeout: float = 60.0) -> None:
        self.settings = settings
        self.home = settings.local_neo4j_home.resolve()
        self.stop_timeout = stop_timeout
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def uri(self) -> str:
        host = {"0.0.0.0": "127.0.0.1", "::": "::1", "": "127.0.0.1"}.get(
            self.settings.neo4j_host, self.settings.neo4j_host
        )
        return f"bolt://{f'[{host}]' if ':' in host else host}:{self.settings.neo4j_port}"

    @property
    def pid_file(self) -> Path:
        return self.home / "neo4j.pid"

    @property
    def conf_file(self) -> Path:
        return self.home / "neo4j.conf"

    @property
    def auth_file(self) -> Path:
        return self.home / "auth.json"

    @property
    def log_file(self) -> Path:
        return self.home / "logs" / "launcher.log"

    def password(self) -> str | None:
        """The generated password of user neo4j, or None if the server was never started."""
        auth = self._read_auth()
        return None if auth is None else auth["password"]

    def start(self) -> ServerStatus:
        """Start the server and return once Bolt answers; report it if it is already running."""
        began = time.monotonic()
        java = Java.locate()
        self.home.mkdir(parents=True, exist_ok=True)
        with file_lock(self.home / ".lock"):
            if self._running_pid() is not None:
                return self.status()
            self._check_port()
            jars = JarCache(self.settings, java)
            jars.ensure()
            auth = self._read_auth() or self._new_auth()
            self._write_conf()
            process, offset = self._spawn(java, jars, None if auth["applied"] else auth["password"])
            try:
                self._wait_ready(process, offset, auth["password"], began)
            except BaseException:
                self._terminate(process.pid, timeout=10.0)
                self.pid_file.unlink(missing_ok=True)
                raise
            if not auth["applied"]:
                self._write_auth(_Auth(user=auth["user"], password=auth["password"], applied=True))
        return replace(self.status(), start_seconds=round(time.monotonic() - began, 2))

    def stop(self) -> bool:
        """Stop the server (SIGTERM, SIGKILL after `stop_timeout`); False if it was not running."""
        if not self.home.is_dir():
            return False
        with file_lock(self.home / ".lock"):
            pid = self._running_pid()
            if pid is None:
                return False
            self._terminate(pid, timeout=self.stop_timeout)
            self.pid_file.unlink(missing_ok=True)
            return True

    def status(self) -> ServerStatus:
        """Running or not, and when running the version the server reports over Bolt."""
        pid, stale = self._pid()
        status = ServerStatus(
            running=pid is not None,
            uri=self.uri,
            user=LOCAL_USER,
            pid=pid,
            home=self.home,
            store_bytes=_tree_size(self.home / "data"),
            password_file=self.auth_file if self.auth_file.exists() else None,
            problem=f"stale pid file {self.pid_file} (its process is gone)" if stale else None,
        )
        password = self.password()
        if pid is None or password is None:
            return status
        try:
            with neo4j.GraphDatabase.driver(
                self.uri, auth=(LOCAL_USER, password), connection_timeout=5.0
            ) as driver:
                version, edition = query_version(driver, self.settings.neo4j_database)
        except (Neo4jError, DriverError, ServerError, OSError) as error:
            return replace(status, problem=f"Bolt does not answer: {error}")
        return replace(status, version=version, edition=edition)

    def _pid(self) -> tuple[int | None, bool]:
        """The pid of this home's live launcher, and whether a pid file is left by a dead one."""
        try:
            pid = int(self.pid_file.read_text().strip())
        except FileNotFoundError:
            return None, False
        except ValueError:
            return None, True
        if pid > 0 and _alive(pid) and _is_launcher(pid, self.home):
            return pid, False
        return None, True

    def _running_pid(self) -> int | None:
        """The pid of this home's live launcher; a stale pid file is removed (call under lock)."""
        pid, stale = self._pid()
        if not stale:
            return pid
        log.warning(
            "removed stale pid file %s (pid %s is not a running Neo4j; it recovers its store "
            "on the next start)",
            self.pid_file,
            self.pid_file.read_text().strip(),
        )
        self.pid_file.unlink(missing_ok=True)
        return None

    def _check_port(self) -> None:
        host, port = self.settings.neo4j_host, self.settings.neo4j_port
        try:
            family, kind, proto, _, address = socket.getaddrinfo(
                host, port, type=socket.SOCK_STREAM
            )[0]
        except socket.gaierror as error:
            raise ServerError(f"GP_NEO4J_HOST={host!r} does not resolve: {error}") from error
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind(address)
            except OSError as error:
                if error.errno == errno.EADDRINUSE:
                    raise ServerError(
                        f"port {port} on {host} is already in use by another process, so the "
                        f"local Neo4j cannot listen there. Stop that process or choose another "
                        f"port with GP_NEO4J_PORT (e.g. GP_NEO4J_PORT={port + 1})."
                    ) from error
                raise ServerError(
                    f"cannot listen on {host}:{port}: {error} (check GP_NEO4J_HOST)"
                ) from error

    def _write_conf(self) -> None:
        s, home = self.settings, self.home
        address = f"{s.neo4j_host}:{s.neo4j_port}"
        lines = [
            "# Generated by graph_platform from GP_* settings on every start: edits are lost.",
            f"server.directories.data={home / 'data'}",
            f"server.directories.transaction.logs.root={home / 'data' / 'transactions'}",
            f"server.directories.dumps.root={home / 'data' / 'dumps'}",
            f"server.directories.logs={home / 'logs'}",
            f"server.directories.import={home / 'import'}",
            f"server.directories.plugins={home / 'plugins'}",
            f"server.directories.run={home / 'run'}",
            f"server.directories.licenses={home / 'licenses'}",
            "server.bolt.enabled=true",
            f"server.bolt.listen_address={address}",
            f"server.bolt.advertised_address={address}",
            "server.bolt.tls_level=DISABLED",
            "server.http.enabled=false",
            "server.https.enabled=false",
            "dbms.security.auth_enabled=true",
            f"initial.dbms.default_database={s.neo4j_database}",
            f"server.memory.pagecache.size={s.neo4j_pagecache}",
            "db.tx_log.rotation.retention_policy=2 files",
            # Smaller, not preallocated transaction logs: a fresh store is ~1 MB, not 512 MB.
            "db.tx_log.rotation.size=64M",
            "db.tx_log.preallocate=false",
            "dbms.usage_report.enabled=false",
            # Bolt's two Netty event loops each wait a 5 s quiet period on shutdown; the
            # databases are already checkpointed and closed by then.
            "internal.dbms.bolt.netty_server_shutdown_quiet_period=0",
        ]
        self.conf_file.write_text("\n".join(lines) + "\n")

    def _spawn(
        self, java: Java, jars: JarCache, password: str | None
    ) -> tuple[subprocess.Popen[bytes], int]:
        """Launch detached from this process; returns the child and the log offset of this run."""
        self.log_file.parent.mkdir(parents=True, exist_ok=True)
        heap = self.settings.neo4j_heap
        command = [
            str(java.executable),
            f"-Xms{heap}",
            f"-Xmx{heap}",
            *_JVM_FLAGS,
            "-cp",
            jars.classpath,
            LAUNCHER_CLASS,
            str(self.home),
            str(self.conf_file),
        ]
        env = {k: v for k, v in os.environ.items() if k != PASSWORD_ENV}
        if password is not None:
            env[PASSWORD_ENV] = password
        with self.log_file.open("ab") as out:
            offset = out.tell()
            out.write(f"--- start {time.strftime('%Y-%m-%d %H:%M:%S')}\n".encode())
            out.flush()
            process = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                cwd=self.home,
                env=env,
                start_new_session=True,
            )
        self._process = process
        self.pid_file.write_text(f"{process.pid}\n")
        return process, offset

    def _wait_ready(
        self, process: subprocess.Popen[bytes], offset: int, password: str, began: float
    ) -> None:
        """Wait for the launcher's ready line, then for `RETURN 1` over Bolt; fail fast on exit."""
        deadline = began + self.settings.neo4j_start_timeout
        with neo4j.GraphDatabase.driver(
            self.uri, auth=(LOCAL_USER, password), connection_timeout=5.0
        ) as driver:
            while True:
                code = process.poll()
                if code is not None:
                    raise self._launch_error(code, offset)
                # Authenticating before the launcher has set the password would count as failed
                # logins, so the driver only polls once the launcher says it is ready.
                if READY_MARKER in tail(self.log_file, 1000, offset):
                    try:
                        with driver.session(database=self.settings.neo4j_database) as session:
                            session.run("RETURN 1").consume()
                        return
                    except AuthError as error:
                        raise ServerError(
                            f"the local Neo4j in {self.home} rejects the password in "
                            f"{self.auth_file}: {error.message}. Delete that file and start "
                            "again to set a new password."
                        ) from error
                    except (ServiceUnavailable, TransientError):
                        pass
                if time.monotonic() > deadline:
                    raise ServerError(
                        f"the local Neo4j did not answer on {self.uri} within "
                        f"{self.settings.neo4j_start_timeout:.0f} s (GP_NEO4J_START_TIMEOUT). "
                        f"Last lines of {self.log_file}:\n{tail(self.log_file, 20, offset)}"
                    )
                time.sleep(0.2)

    def _launch_error(self, code: int, offset: int) -> ServerError:
        text = tail(self.log_file, 100_000, offset)  # this run's output, stack trace included
        failed = next((ln for ln in text.splitlines() if ln.startswith(FAILED_MARKER)), None)
        if "FileLockException" in (failed or text):
            holders = ", ".join(str(pid) for pid in _launcher_pids(self.home)) or "unknown"
            return ServerError(
                f"the store in {self.home / 'data'} is locked by another running Neo4j process "
                f"(pid {holders}): only one server can use a home. Stop it with "
                f"`GP_NEO4J_HOME={self.home} graph-platform db stop` (or `kill <pid>`), or set "
                "GP_NEO4J_HOME to another directory."
            )
        reason = failed.removeprefix(FAILED_MARKER).strip() if failed else f"exit code {code}"
        return ServerError(
            f"the local Neo4j in {self.home} failed to start: {reason}\n"
            f"Last lines of {self.log_file} (more in {self.home / 'logs' / 'debug.log'}):\n"
            + "\n".join(text.splitlines()[-25:])
        )

    def _terminate(self, pid: int, timeout: float) -> None:
        """SIGTERM, wait up to `timeout`, then SIGKILL with a warning."""
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            return
        if self._wait_exit(pid, timeout):
            return
        log.warning("Neo4j (pid %d) did not stop within %.0f s; killing it", pid, timeout)
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            return
        if not self._wait_exit(pid, 10.0):
            raise ServerError(f"Neo4j (pid {pid}) survived SIGKILL; check `ps -p {pid}`")

    def _wait_exit(self, pid: int, timeout: float) -> bool:
        if self._process is not None and self._process.pid == pid:
            try:
                self._process.wait(timeout)
                return True
            except subprocess.TimeoutExpired:
                return False
        deadline = time.monotonic() + timeout
        while _alive(pid):
            if time.monotonic() > deadline:
                return False
            time.sleep(0.1)
        return True

    def _read_auth(self) -> _Auth | None:
        try:
            data = json.loads(self.auth_file.read_text())
        except FileNotFoundError:
            return None
        except ValueError as error:
            raise ServerError(
                f"{self.auth_file} is not valid JSON ({error}); delete it to set a new password "
                "on the next start"
            ) from error
        if not isinstance(data, dict) or not isinstance(data.get("password"), str):
            raise ServerError(f"{self.auth_file} has no password; delete it and start again")
        return _Auth(
            user=str(data.get("user", LOCAL_USER)),
            password=data["password"],
            applied=bool(data.get("applied", True)),
        )

    def _new_auth(self) -> _Auth:
        """A fresh password, applied by the launcher on the next start (marked `applied` then)."""
        auth = _Auth(user=LOCAL_USER, password=secrets.token_urlsafe(24), applied=False)
        self._write_auth(auth)
        return auth

    def _write_auth(self, auth: _Auth) -> None:
        partial = self.auth_file.with_suffix(".partial")
        partial.unlink(missing_ok=True)
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as file:
            json.dump(auth, file, indent=2)
        partial.replace(self.auth_file)


def _alive(pid: int) -> bool:
    """Whether `pid` runs (a finished child of this process is reaped, not counted)."""
    try:
        reaped, _ = os.waitpid(pid, os.WNOHANG)
        if reaped == pid:
            return False
    except ChildProcessError:
        pass
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _cmdline(pid: int) -> list[str] | None:
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return None
    return raw.decode(errors="replace").split("\0")


def _is_launcher(pid: int, home: Path) -> bool:
    """Whether `pid` is the launcher of `home` (guards against pids reused after a crash)."""
    if not Path("/proc").is_dir():
        return True  # no /proc (macOS): trust the pid
    args = _cmdline(pid)
    return args is not None and LAUNCHER_CLASS in args and str(home) in args


def _launcher_pids(home: Path) -> list[int]:
    """Live launchers of `home`, found through /proc (empty where there is none)."""
    proc = Path("/proc")
    if not proc.is_dir():
        return []
    return sorted(
        int(entry.name)
        for entry in proc.iterdir()
        if entry.name.isdigit() and _is_launcher(int(entry.name), home)
    )


def _tree_size(path: Path) -> int:
    """Bytes of the regular files under `path` (0 if it does not exist)."""
    total = 0
    for root, _, files in os.walk(path):
        for name in files:
            try:
                total += (Path(root) / name).lstat().st_size
            except FileNotFoundError:
                continue
    return total
