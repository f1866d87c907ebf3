"""gunicorn's access log never prints a signing link's or an agenda feed's token (domain.md,
Confidentiality and data: the credential of a link is a secret)."""

from __future__ import annotations

import datetime
import logging
from types import SimpleNamespace

import pytest
from gunicorn.config import Config
from gunicorn.glogging import Logger

from bilan import gunicorn_conf

TOKEN = "q1Zx-9aB_cdEfGhIjKlMnOpQrStUvWxYz0123456789ab"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            f'203.0.113.5 - - [24/Nov/2026:10:00:00 +0100] "GET /signature/convention/{TOKEN}/ '
            'HTTP/1.1" 200 5120 "Mozilla/5.0" 12',
            '203.0.113.5 - - [24/Nov/2026:10:00:00 +0100] "GET /signature/…/ HTTP/1.1" 200 5120 '
            '"Mozilla/5.0" 12',
        ),
        (
            f'"POST /signature/convention/{TOKEN}/?x=1 HTTP/1.1" 302',
            '"POST /signature/…/ HTTP/1.1" 302',
        ),
        (f'"GET /agenda/{TOKEN}.ics HTTP/1.1" 200', '"GET /agenda/… HTTP/1.1" 200'),
        (f'"GET /agenda/{TOKEN} HTTP/1.1" 200', '"GET /agenda/… HTTP/1.1" 200'),
        ('"GET /espace/bilans/12/ HTTP/1.1" 200', '"GET /espace/bilans/12/ HTTP/1.1" 200'),
    ],
)
def test_redact_hides_the_token_of_signing_and_agenda_paths(line, expected) -> None:
    assert gunicorn_conf.redact(line) == expected


def test_redact_secret_paths_filter_rewrites_the_record() -> None:
    record = logging.LogRecord(
        "gunicorn.access",
        logging.INFO,
        __file__,
        1,
        '"%(m)s %(U)s" %(s)s',
        ({"m": "GET", "U": f"/signature/convention/{TOKEN}/", "s": "200"},),
        None,
    )
    assert gunicorn_conf.RedactSecretPaths().filter(record) is True
    assert record.getMessage() == '"GET /signature/…/" 200'


def test_access_log_format_leaves_out_the_query_string_and_the_referer() -> None:
    fmt = gunicorn_conf.access_log_format
    assert "%(U)s" in fmt
    assert "%(r)s" not in fmt and "%(q)s" not in fmt and "%(f)s" not in fmt


@pytest.fixture
def logging_restored():
    """gunicorn's setup reconfigures logging for the whole process: put it back after."""
    names = ["", "gunicorn.access", "gunicorn.error"]
    saved = {
        name: (logging.getLogger(name).handlers[:], logging.getLogger(name).level) for name in names
    }
    saved_filters = {name: logging.getLogger(name).filters[:] for name in names}
    saved_propagate = {name: logging.getLogger(name).propagate for name in names}
    yield
    for name, (handlers, level) in saved.items():
        logger = logging.getLogger(name)
        logger.handlers[:] = handlers
        logger.filters[:] = saved_filters[name]
        logger.setLevel(level)
        logger.propagate = saved_propagate[name]


def test_gunicorn_access_line_with_the_project_config_has_no_token(
    logging_restored, capsys
) -> None:
    cfg = Config()
    cfg.set("accesslog", "-")
    cfg.set("access_log_format", gunicorn_conf.access_log_format)
    cfg.set("logconfig_dict", gunicorn_conf.logconfig_dict)
    logger = Logger(cfg)
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"/signature/convention/{TOKEN}/?t={TOKEN}",
        "PATH_INFO": f"/signature/convention/{TOKEN}/",
        "QUERY_STRING": f"t={TOKEN}",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "203.0.113.5",
        "HTTP_REFERER": f"https://bilan.test/signature/convention/{TOKEN}/",
        "HTTP_USER_AGENT": "Mozilla/5.0",
    }
    response = SimpleNamespace(status="200 OK", sent=5120, headers=[])
    logger.access(response, SimpleNamespace(headers=[]), environ, datetime.timedelta(0, 0, 12000))
    out = capsys.readouterr().out
    assert out.count("\n") == 1
    assert '"GET /signature/…/ HTTP/1.1" 200 5120 "Mozilla/5.0" 12' in out
    assert TOKEN not in out


def _routes_a_jeton() -> list[tuple[str, dict[str, str]]]:
    """Every URL pattern of the resolver that takes a credential in its path."""
    from django.urls import URLPattern, URLResolver, get_resolver, reverse

    noms = {"token", "jeton", "key", "uidb36"}
    trouves = []

    def walk(patterns, namespace):
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = ":".join(filter(None, [namespace, p.namespace]))
                walk(p.url_patterns, ns or None)
            elif isinstance(p, URLPattern) and p.name:
                params = set(p.pattern.regex.groupindex)
                if params & noms:
                    kwargs = {k: ("abc123" if k == "uidb36" else TOKEN) for k in params}
                    nom = f"{namespace}:{p.name}" if namespace else p.name
                    trouves.append((reverse(nom, kwargs=kwargs), kwargs))

    walk(get_resolver().url_patterns, None)
    return trouves


def test_every_path_that_carries_a_credential_is_redacted() -> None:
    routes = _routes_a_jeton()
    assert len(routes) >= 9  # signing, agenda, share, 360°, survey, export ×2, reset, confirm
    for chemin, _kwargs in routes:
        ligne = gunicorn_conf.redact(f'"GET {chemin} HTTP/1.1" 200')
        assert TOKEN not in ligne, chemin
        assert (
            gunicorn_conf.redact(f'"GET {chemin.upper()} HTTP/1.1" 200').count(TOKEN.upper()) == 0
        ), chemin


def test_the_reset_done_page_is_left_readable() -> None:
    ligne = '"GET /comptes/password/reset/key/done/ HTTP/1.1" 200'
    assert gunicorn_conf.redact(ligne) == ligne


def test_django_request_and_runserver_lines_never_print_a_token() -> None:
    """« Gone: /partage/<jeton>/ » (django.request) and runserver's access lines (make run)
    go through the console handler, whose filter hides the credential."""
    from bilan.journalisation import RedactSecretPaths

    handlers = [
        h
        for h in logging.getLogger().handlers
        if any(isinstance(f, RedactSecretPaths) for f in h.filters)
    ]
    assert handlers, "le gestionnaire console n'a pas le filtre des jetons"
    assert any(
        any(isinstance(f, RedactSecretPaths) for f in h.filters)
        for h in logging.getLogger("django.server").handlers
    ), "runserver garde un gestionnaire sans le filtre des jetons"
    for nom, message, args in [
        ("django.request", "Gone: %s", (f"/partage/{TOKEN}/",)),
        (
            "django.server",
            '"%s" %s %s',
            (f"GET /comptes/password/reset/key/a1-{TOKEN}/ HTTP/1.1", 200, 12),
        ),
    ]:
        record = logging.getLogger(nom).makeRecord(
            nom, logging.WARNING, __file__, 1, message, args, None
        )
        for f in handlers[0].filters:
            f.filter(record)
        assert TOKEN not in handlers[0].format(record)
