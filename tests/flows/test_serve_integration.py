"""``make serve`` end to end: a real Prefect server on a free loopback port, a deployment
served with a 5 s interval, and at least two of its scheduled runs completed."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from flows.server import free_port

REPO = Path(__file__).resolve().parents[2]
STARTUP = 300        # a fresh server migrates its database first: slow on 2 cores
RUNS = 240


def _completed_scheduled_runs(api_url: str) -> list:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import (
        DeploymentFilter, DeploymentFilterName, FlowRunFilter, FlowRunFilterState,
        FlowRunFilterStateType)
    from prefect.client.schemas.objects import StateType
    from prefect.settings import PREFECT_API_URL, temporary_settings

    with temporary_settings(updates={PREFECT_API_URL: api_url}), \
            get_client(sync_client=True) as client:
        runs = client.read_flow_runs(
            deployment_filter=DeploymentFilter(name=DeploymentFilterName(any_=["daily"])),
            flow_run_filter=FlowRunFilter(state=FlowRunFilterState(
                type=FlowRunFilterStateType(any_=[StateType.COMPLETED]))))
    return [r for r in runs if r.auto_scheduled]


def _healthy(api_url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{api_url}/health", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def test_served_deployment_runs_on_its_schedule(tmp_path):
    port = free_port(None)
    api_url = f"http://127.0.0.1:{port}/api"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_API")}
    env.update({"PREFECT_HOME": str(tmp_path / "prefect"),
                "TAZA_OUTPUTS": str(tmp_path / "outputs"),
                "TAZA_DATABASE_URL": f"sqlite:///{tmp_path / 'register.sqlite'}",
                "PREFECT_RUNNER_POLL_FREQUENCY": "2"})
    supervisor = subprocess.Popen(
        [sys.executable, "-m", "flows.server", "--port", str(port), "--timeout", str(STARTUP),
         "--", "--only", "update-register", "--every", "5"],
        cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        start_new_session=True)
    try:
        deadline = time.monotonic() + STARTUP + RUNS
        completed: list = []
        while time.monotonic() < deadline and supervisor.poll() is None:
            if _healthy(api_url):
                completed = _completed_scheduled_runs(api_url)
                if len(completed) >= 2:
                    break
            time.sleep(2)
        assert supervisor.poll() is None, supervisor.stdout.read().decode()[-3000:]
        assert len(completed) >= 2
        assert {r.state_name for r in completed} == {"Completed"}
        assert (tmp_path / "register.sqlite").is_file()   # the runs used the inbox settings
    finally:
        supervisor.send_signal(signal.SIGTERM)    # the same path as Ctrl-C
        try:
            supervisor.wait(90)
        except subprocess.TimeoutExpired:
            os.killpg(supervisor.pid, signal.SIGKILL)
            supervisor.wait(10)
            pytest.fail("make serve did not stop on SIGTERM")
    assert supervisor.returncode == 0
    assert not _healthy(api_url)                  # the server went down with it
