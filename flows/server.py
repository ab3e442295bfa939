"""``make serve``: a local Prefect server on loopback, then the deployments in the foreground.

1. ``prefect server start --host 127.0.0.1 --port P`` in the background (P: 4200 when free,
   else a free port), its home and log in ``.state/prefect`` (``PREFECT_HOME``), analytics
   off, logging quiet;
2. wait until ``/api/health`` answers (a slow 2-core machine needs a while: 300 s by default);
3. ``python -m flows.serve ARGS...`` with ``PREFECT_API_URL`` pointing at it;
4. Ctrl-C (or SIGTERM) stops the deployments first, then the server. If either process ends
   by itself, the other is stopped too.
"""
from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from pathlib import Path

from flows import settings

DEFAULT_PORT = 4200
HOST = "127.0.0.1"


def free_port(preferred: int | None = DEFAULT_PORT) -> int:
    """``preferred`` if nothing listens on it, else a port the system picks."""
    if preferred:
        with socket.socket() as probe:
            # As the server will: a port left in TIME_WAIT by the last run is free.
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind((HOST, preferred))
                return preferred
            except OSError:
                pass
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def server_env(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PREFECT_API_URL", None)
    env.update({
        "PREFECT_HOME": str(home),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_SERVER_LOGGING_LEVEL": "WARNING",
        "PREFECT_LOGGING_SERVER_LEVEL": "WARNING",
        "PREFECT_API_SERVICES_TRIGGERS_ENABLED": "false",
        "PREFECT_SERVER_UI_SHOW_PROMOTIONAL_CONTENT": "false",
    })
    return env


def start_server(port: int, home: Path, log: Path) -> subprocess.Popen:
    home.mkdir(parents=True, exist_ok=True)
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("ab") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "prefect", "server", "start", "--host", HOST,
             "--port", str(port)],
            env=server_env(home), stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True)   # Ctrl-C reaches it through us, in order


def wait_healthy(api_url: str, process: subprocess.Popen, timeout: float,
                 log: Path | None = None) -> None:
    """Until ``/health`` answers 200; fails early when the server process dies."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            tail = log.read_text(errors="replace")[-2000:] if log and log.exists() else ""
            raise RuntimeError(f"сервер Prefect завершился с кодом {process.returncode} / "
                               f"the Prefect server exited\n{tail}")
        try:
            with urllib.request.urlopen(f"{api_url}/health", timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(1)
    raise TimeoutError(f"сервер Prefect не ответил за {timeout:.0f} с / no answer from "
                       f"{api_url}/health")


def stop(process: subprocess.Popen | None, sig: int = signal.SIGTERM,
         grace: float = 30) -> None:
    if process is None or process.poll() is not None:
        return
    try:
        os.killpg(process.pid, sig) if _own_group(process) else process.send_signal(sig)
        process.wait(grace)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(10)
    except ProcessLookupError:
        pass


def _own_group(process: subprocess.Popen) -> bool:
    try:
        return os.getpgid(process.pid) == process.pid
    except ProcessLookupError:
        return False


def _interrupt(signum, frame) -> None:
    """SIGTERM (a service manager, a test) stops everything like Ctrl-C does."""
    raise KeyboardInterrupt


def run(port: int | None, timeout: float, serve_args: Sequence[str]) -> int:
    home = Path(os.environ.get("PREFECT_HOME") or settings.STATE_DIR / "prefect")
    port = free_port(port or DEFAULT_PORT)
    api_url = f"http://{HOST}:{port}/api"
    log = home / "server.log"
    server = start_server(port, home, log)
    deployments = None
    # Explicitly: a shell that starts us in the background leaves SIGINT ignored.
    signal.signal(signal.SIGINT, _interrupt)
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        print(f"Сервер Prefect: {api_url} (журнал {log}); ждём готовности…", flush=True)
        wait_healthy(api_url, server, timeout, log)
        print(f"Интерфейс: http://{HOST}:{port}; Ctrl-C — остановить", flush=True)
        env = dict(os.environ, PREFECT_API_URL=api_url, PREFECT_HOME=str(home))
        deployments = subprocess.Popen([sys.executable, "-m", "flows.serve", *serve_args],
                                       env=env, cwd=settings.PROJECT_ROOT,
                                       start_new_session=True)
        while deployments.poll() is None and server.poll() is None:
            time.sleep(1)
        return deployments.returncode or server.returncode or 0
    except KeyboardInterrupt:
        print("Остановка…", flush=True)
        return 0
    finally:
        stop(deployments, signal.SIGINT)
        stop(server, signal.SIGTERM)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m flows.server",
        description="Сервер Prefect на 127.0.0.1 и расписания Taza / Local Prefect server "
                    "and Taza's deployments. Arguments after -- go to flows.serve.")
    parser.add_argument("--port", type=int, default=None,
                        help=f"порт ({DEFAULT_PORT}, если свободен, иначе любой свободный)")
    parser.add_argument("--timeout", type=float, default=300,
                        help="сколько ждать готовности сервера, с")
    args, rest = parser.parse_known_args(argv)
    if rest and rest[0] == "--":
        rest = rest[1:]
    sys.exit(run(args.port, args.timeout, rest))


if __name__ == "__main__":
    main()
