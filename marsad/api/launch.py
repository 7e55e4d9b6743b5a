"""Run the workbench in a child process on a loopback port: for the API and browser tests and bench/api.py."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


class ServerProcess:
    """`with ServerProcess(db_url, token) as server:` → a real uvicorn on 127.0.0.1, stopped on exit."""

    def __init__(self, db_url: str, ingest_token: str | None = None, port: int | None = None,
                 use_cli: bool = False, log_path: Path | None = None, env: dict | None = None,
                 startup_timeout: float = 60, workers: int = 1):
        self.host = "127.0.0.1"
        self.port = port or free_port()
        self.url = f"http://{self.host}:{self.port}"
        self.db_url = db_url
        self.ingest_token = ingest_token
        self.use_cli = use_cli
        self.log_path = log_path
        self.env = env or {}
        self.startup_timeout = startup_timeout
        self.workers = workers
        self.proc: subprocess.Popen | None = None
        self._log = None

    def start(self) -> "ServerProcess":
        env = {**os.environ, "MARSAD_DATABASE_URL": self.db_url, **self.env}
        env.pop("MARSAD_INGEST_TOKEN", None)
        if self.ingest_token:
            env["MARSAD_INGEST_TOKEN"] = self.ingest_token
        if self.use_cli:  # exactly what `marsad serve` runs
            cmd = [sys.executable, "-m", "marsad.cli.serve", "serve", "--host", self.host, "--port", str(self.port),
                   "--db", self.db_url, "--workers", str(self.workers)]
        else:
            cmd = [sys.executable, "-m", "uvicorn", "marsad.api.app:create_app", "--factory", "--host", self.host,
                   "--port", str(self.port), "--log-level", "warning", "--no-access-log", "--workers", str(self.workers)]
        self._log = open(self.log_path, "wb") if self.log_path else subprocess.DEVNULL
        self.proc = subprocess.Popen(cmd, env=env, stdout=self._log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited with {self.proc.returncode}; see {self.log_path or 'its output'}")
            try:
                if httpx.get(self.url + "/api/health", timeout=2).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"server did not answer on {self.url} within {self.startup_timeout:.0f} s")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        if self._log not in (None, subprocess.DEVNULL):
            self._log.close()

    def __enter__(self) -> "ServerProcess":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
