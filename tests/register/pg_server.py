"""A throwaway PostgreSQL cluster for the tests: initdb, start on loopback, stop, remove.

    with PostgresServer.start() as server:
        url = server.create_database("taza")   # postgresql+psycopg://taza@127.0.0.1:N/taza

The cluster lives in a temporary folder (data, unix socket, log), listens on 127.0.0.1
only, on a free port, with trust authentication: nothing outlives the test session.
initdb refuses to run as root, so when the tests run as root the server commands run as
an unprivileged user (``postgres``, created by the Debian package) via runuser or setpriv.
"""
from __future__ import annotations

import glob
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

SUPERUSER = "taza"
# pg_ctl -w waits for the server to accept connections; a slow 2-core CI needs slack.
START_TIMEOUT_S = 120
COMMAND_TIMEOUT_S = 180
UNPRIVILEGED_USERS = ("postgres", "nobody")
_BINARIES = ("initdb", "pg_ctl", "postgres")
# Tuned for a disposable cluster: durability is worth nothing here, speed is.
DEFAULT_SETTINGS = {
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "max_connections": "30",
    "shared_buffers": "32MB",
}
# A unix socket path may not exceed 107 bytes ("/.s.PGSQL.NNNNN" included).
_MAX_SOCKET_DIR = 80
_IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]*$")


class PostgresNotFound(RuntimeError):
    """initdb / pg_ctl / postgres are not installed."""


def find_bindir() -> Path:
    """The folder holding initdb, pg_ctl and postgres: from PATH, else the newest
    /usr/lib/postgresql/*/bin (Debian does not put the server binaries on PATH)."""
    candidates: list[Path] = []
    on_path = shutil.which("initdb")
    if on_path:
        candidates += [Path(on_path).parent, Path(on_path).resolve().parent]
    versions = glob.glob("/usr/lib/postgresql/*/bin")
    versions.sort(key=lambda p: [int(n) for n in re.findall(r"\d+", p)], reverse=True)
    candidates += map(Path, versions)
    for bindir in candidates:
        if all(os.access(bindir / name, os.X_OK) for name in _BINARIES):
            return bindir
    raise PostgresNotFound(
        "PostgreSQL server binaries (initdb, pg_ctl, postgres) were found neither on PATH "
        "nor in /usr/lib/postgresql/*/bin. Install them with `bash .ci/install-postgresql.sh` "
        "(Debian package «postgresql»), or set TAZA_SKIP_POSTGRES=1 to skip these tests.")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _unprivileged_user() -> pwd.struct_passwd:
    for name in UNPRIVILEGED_USERS:
        try:
            return pwd.getpwnam(name)
        except KeyError:
            continue
    raise PostgresNotFound(
        f"running as root, and none of the users {UNPRIVILEGED_USERS} exists to run "
        "initdb and the server (initdb refuses root)")


def _as_user_prefix(user: pwd.struct_passwd) -> list[str]:
    if shutil.which("runuser"):
        return ["runuser", "-u", user.pw_name, "--"]
    if shutil.which("setpriv"):
        return ["setpriv", f"--reuid={user.pw_uid}", f"--regid={user.pw_gid}",
                "--init-groups", "--"]
    raise PostgresNotFound("running as root, but neither runuser nor setpriv is available "
                           "to start PostgreSQL as an unprivileged user")


def _temp_root(user: pwd.struct_passwd | None) -> Path:
    base = Path(tempfile.gettempdir())
    # Another user must be able to reach the folder, and the socket path must stay short.
    if (user is not None and base != Path("/tmp")) or len(str(base)) > _MAX_SOCKET_DIR - 20:
        base = Path("/tmp")
    root = Path(tempfile.mkdtemp(prefix="taza-pg-", dir=base))
    if user is not None:
        os.chown(root, user.pw_uid, user.pw_gid)
    return root


def _clean_env() -> dict[str, str]:
    # PGPORT, PGHOST, PGDATA... of the caller must not steer the throwaway cluster.
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    env["LC_ALL"] = "C"
    return env


@dataclass
class PostgresServer:
    bindir: Path
    root: Path
    port: int
    user: pwd.struct_passwd | None  # the user the server runs as; None: the current one
    settings: dict[str, str] = field(default_factory=dict)
    running: bool = False

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def socket_dir(self) -> Path:
        return self.root / "socket"

    @property
    def log(self) -> Path:
        return self.root / "server.log"

    # -- lifecycle --

    @classmethod
    def start(cls, settings: dict[str, str] | None = None,
              attempts: int = 3) -> PostgresServer:
        """initdb a cluster in a fresh temporary folder and start it; raises
        PostgresNotFound when the binaries are missing, RuntimeError when it won't start."""
        bindir = find_bindir()
        user = _unprivileged_user() if os.geteuid() == 0 else None
        server = cls(bindir, _temp_root(user), 0, user,
                     {**DEFAULT_SETTINGS, **(settings or {})})
        try:
            server._initdb()
            for attempt in range(attempts):
                server.port = free_port()
                try:
                    server._pg_ctl_start()
                    return server
                except RuntimeError:
                    # Another process may have taken the port between probe and bind.
                    if attempt == attempts - 1:
                        raise
        except BaseException:
            server.stop()
            raise
        raise AssertionError("unreachable")

    def stop(self) -> None:
        """Stop the server (if it runs) and remove the whole temporary folder."""
        try:
            if self.running or (self.data / "postmaster.pid").exists():
                try:
                    self._run("pg_ctl", "stop", "-D", str(self.data), "-m", "fast", "-w",
                              "-t", "60")
                except (RuntimeError, subprocess.TimeoutExpired):
                    self._kill_postmaster()
                self.running = False
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> PostgresServer:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    # -- use --

    def url(self, database: str = "postgres", driver: str = "psycopg") -> str:
        return f"postgresql+{driver}://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def execute(self, sql: str, database: str = "postgres") -> None:
        """Run one statement in autocommit (CREATE/DROP DATABASE cannot run in a
        transaction)."""
        import psycopg

        with psycopg.connect(host="127.0.0.1", port=self.port, user=SUPERUSER,
                             dbname=database, autocommit=True, connect_timeout=30) as conn:
            conn.execute(sql)

    def create_database(self, name: str) -> str:
        """A new empty database; returns its SQLAlchemy URL."""
        if not _IDENTIFIER.match(name):
            raise ValueError(f"not a plain identifier: {name!r}")
        self.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def drop_database(self, name: str) -> None:
        if not _IDENTIFIER.match(name):
            raise ValueError(f"not a plain identifier: {name!r}")
        self.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    # -- internals --

    def _run(self, program: str, *args: str) -> subprocess.CompletedProcess[str]:
        command = [str(self.bindir / program), *args]
        if self.user is not None:
            command = _as_user_prefix(self.user) + command
        result = subprocess.run(command, capture_output=True, text=True, env=_clean_env(),
                                cwd=self.root, stdin=subprocess.DEVNULL,
                                timeout=COMMAND_TIMEOUT_S)
        if result.returncode != 0:
            raise RuntimeError(f"{program} failed ({result.returncode}): "
                               f"{result.stdout}{result.stderr}{self._log_tail()}")
        return result

    def _initdb(self) -> None:
        self._run("initdb", "-D", str(self.data), "--username", SUPERUSER, "--auth", "trust",
                  "--encoding", "UTF8", "--locale", "C", "--no-sync")

    def _pg_ctl_start(self) -> None:
        self.socket_dir.mkdir(exist_ok=True)
        if self.user is not None:
            os.chown(self.socket_dir, self.user.pw_uid, self.user.pw_gid)
        settings = {**self.settings, "listen_addresses": "127.0.0.1", "port": str(self.port),
                    "unix_socket_directories": str(self.socket_dir)}
        # The last occurrence of a setting wins: a fresh postgresql.auto.conf per attempt.
        auto = self.data / "postgresql.auto.conf"
        auto.write_text("".join(f"{k} = '{v}'\n" for k, v in settings.items()),
                        encoding="utf-8")
        if self.user is not None:
            os.chown(auto, self.user.pw_uid, self.user.pw_gid)
        self._run("pg_ctl", "start", "-D", str(self.data), "-l", str(self.log), "-w",
                  "-t", str(START_TIMEOUT_S))
        self.running = True

    def _kill_postmaster(self) -> None:
        try:
            pid = int((self.data / "postmaster.pid").read_text().split("\n", 1)[0])
            os.kill(pid, signal.SIGQUIT)
        except (OSError, ValueError):
            pass

    def _log_tail(self, lines: int = 20) -> str:
        try:
            tail = self.log.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:]
        except OSError:
            return ""
        return "\nserver log:\n" + "\n".join(tail)
