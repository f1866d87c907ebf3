"""Serve the platform for `make run`: web server, Celery worker and beat together.

The web server runs with DEBUG off (unless ``DJANGO_DEBUG`` is set): a visitor trying the
platform meets its French error pages, not Django's debug page, and the static files are
served by WhiteNoise from the source folders (``WHITENOISE_USE_FINDERS``), without
collectstatic. The hosts are the local ones, plus the host of ``--addr``.
"""

import os
import signal
import subprocess
import sys
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Lance le serveur web, le worker Celery et le planificateur (beat) ; Ctrl-C arrête tout."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--addr", default="127.0.0.1:8000")

    def handle(self, *args: Any, addr: str, **options: Any) -> None:
        py = sys.executable
        celery = [py, "-m", "celery", "-A", "bilan"]
        commands = {
            "worker": [*celery, "worker", "--loglevel=INFO", "--concurrency=1"],
            "beat": [
                *celery,
                "beat",
                "--loglevel=INFO",
                "--schedule",
                settings.CELERY_BEAT_SCHEDULE_FILENAME,
            ],
            "web": [py, "manage.py", "runserver", addr],
        }
        envs = {"web": web_env(addr=addr, environ=os.environ)}
        stopping = []
        # Ctrl-C reaches every process of the group: the children stop by themselves.
        signal.signal(signal.SIGINT, lambda *_: stopping.append(True))
        procs = {
            name: subprocess.Popen(cmd, env=envs.get(name))  # noqa: S603
            for name, cmd in commands.items()
        }
        self.stdout.write(
            self.style.SUCCESS(
                f"Plateforme servie sur http://{addr}/ avec le worker et le planificateur. "
                "Ctrl-C pour tout arrêter."
            )
        )
        try:
            while not stopping and all(p.poll() is None for p in procs.values()):
                time.sleep(0.5)
            if not stopping:
                stopped = [n for n, p in procs.items() if p.poll() is not None]
                self.stderr.write(f"Arrêt inattendu de : {', '.join(stopped)} ; arrêt des autres.")
        finally:
            for p in procs.values():
                if p.poll() is None:
                    p.send_signal(signal.SIGTERM)
            for p in procs.values():
                try:
                    p.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    p.kill()
            self.stdout.write("Plateforme arrêtée.")


def web_env(*, addr: str, environ: os._Environ[str] | dict[str, str]) -> dict[str, str]:
    """The web server's environment: DEBUG off and the local hosts, unless the caller chose
    (``DJANGO_DEBUG``, ``DJANGO_ALLOWED_HOSTS`` already set are kept)."""
    env = dict(environ)
    env.setdefault("DJANGO_DEBUG", "0")
    host = addr.rsplit(":", 1)[0] if ":" in addr else addr
    hosts = ["127.0.0.1", "localhost", *([host] if host and host != "0.0.0.0" else [])]  # noqa: S104
    env.setdefault("DJANGO_ALLOWED_HOSTS", ",".join(dict.fromkeys(hosts)))
    return env
