"""Serve the platform for development: web server, Celery worker and beat together."""

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
        stopping = []
        # Ctrl-C reaches every process of the group: the children stop by themselves.
        signal.signal(signal.SIGINT, lambda *_: stopping.append(True))
        procs = {name: subprocess.Popen(cmd) for name, cmd in commands.items()}  # noqa: S603
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
