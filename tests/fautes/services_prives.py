"""Private Redis and PostgreSQL instances that a fault test starts on its own port and may
stop at will: the machine's shared services are never touched."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


def port_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _attendre(condition, delai: float = 20.0) -> None:
    fin = time.monotonic() + delai
    while time.monotonic() < fin:
        if condition():
            return
        time.sleep(0.1)
    raise TimeoutError("le service privé ne répond pas")


def _requis(programme: str) -> str:
    chemin = shutil.which(programme)
    if chemin is None:
        if os.environ.get("CI"):
            pytest.fail(f"{programme} est introuvable : le test de panne ne peut pas tourner")
        pytest.skip(f"{programme} absent (installé sur la machine de CI)")
    return chemin


class RedisPrive:
    """redis-server on a free port, nothing kept on disk; stop() and start() on the same port."""

    def __init__(self, dossier: Path) -> None:
        self.binaire = _requis("redis-server")
        self.port = port_libre()
        self.dossier = dossier
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def _repond(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as s:
                s.sendall(b"PING\r\n")
                return s.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603
            [
                self.binaire,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.dossier),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        _attendre(self._repond)

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None
        _attendre(lambda: not self._repond())


@contextmanager
def redis_prive(dossier: Path) -> Iterator[RedisPrive]:
    redis = RedisPrive(dossier)
    redis.start()
    try:
        yield redis
    finally:
        if redis.process is not None:
            redis.process.kill()
            redis.process.wait(timeout=10)


class PostgresPrive:
    """A PostgreSQL cluster of its own (initdb in a temporary directory, a free port), run as
    the ``postgres`` system user; restart() keeps its data and port."""

    def __init__(self) -> None:
        bins = sorted(Path("/usr/lib/postgresql").glob("*/bin"))
        if not bins:
            _requis("initdb")  # fails in CI, skips elsewhere
        self.bin = bins[-1]
        self.port = port_libre()
        # Directly under /tmp: pytest's own temporary tree is closed to the postgres user.
        self.dossier = Path(tempfile.mkdtemp(prefix="bilan-pg-"))
        self.donnees = self.dossier / "donnees"

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/postgres"

    def _en_postgres(self, *argv: str) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        subprocess.run([*prefix, *argv], check=True, capture_output=True)  # noqa: S603

    def initialiser(self) -> None:
        if os.geteuid() == 0:
            shutil.chown(self.dossier, "postgres", "postgres")
        self._en_postgres(
            str(self.bin / "initdb"),
            "-D",
            str(self.donnees),
            "-A",
            "trust",
            "-U",
            "postgres",
            "--no-sync",
        )

    def _pg_ctl(self, action: str) -> None:
        options = f"-p {self.port} -k {self.dossier} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._en_postgres(
            str(self.bin / "pg_ctl"),
            "-D",
            str(self.donnees),
            "-o",
            options,
            "-w",
            "-l",
            str(self.dossier / "journal"),
            "-m",
            "fast",
            action,
        )

    def start(self) -> None:
        self._pg_ctl("start")

    def restart(self) -> None:
        self._pg_ctl("restart")

    def stop(self) -> None:
        self._pg_ctl("stop")


@contextmanager
def postgres_prive() -> Iterator[PostgresPrive]:
    pg = PostgresPrive()
    try:
        pg.initialiser()
        pg.start()
        yield pg
    finally:
        subprocess.run(  # noqa: S603
            [
                "runuser",
                "-u",
                "postgres",
                "--",
                str(pg.bin / "pg_ctl"),
                "-D",
                str(pg.donnees),
                "-m",
                "immediate",
                "stop",
            ]
            if os.geteuid() == 0
            else [str(pg.bin / "pg_ctl"), "-D", str(pg.donnees), "-m", "immediate", "stop"],
            capture_output=True,
            check=False,
        )
        shutil.rmtree(pg.dossier, ignore_errors=True)
