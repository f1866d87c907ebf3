"""The organisation's sealing certificate (domain.md, points 7 to 9: documents the
beneficiary, the funder or an auditor can trust).

Production: a PKCS#12 file given by the operator (``SCELLES_PKCS12_PATH`` and
``SCELLES_PKCS12_PASSWORD``), issued by a certification authority. ``make run`` and the tests:
a self-signed certificate generated on first use next to the data (``var/scelles/``), which
seals and validates the same way; only its trust is local.
"""

from __future__ import annotations

import datetime as dt
import functools
import threading
from pathlib import Path

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from django.conf import settings

_lock = threading.Lock()


def pkcs12_path() -> Path:
    return Path(settings.SCELLES_PKCS12_PATH)


def pkcs12_password() -> bytes:
    return settings.SCELLES_PKCS12_PASSWORD.encode()


def ensure_pkcs12() -> Path:
    """The PKCS#12 file, generated (self-signed) when absent outside production."""
    path = pkcs12_path()
    if path.exists():
        return path
    if settings.PRODUCTION:
        raise FileNotFoundError(
            f"Le certificat de scellement {path} est introuvable (SCELLES_PKCS12_PATH)."
        )
    with _lock:
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp")
            tmp.write_bytes(_self_signed_pkcs12())
            tmp.replace(path)  # atomic: a concurrent reader sees all of it or nothing
    return path


def _self_signed_pkcs12() -> bytes:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, f"{settings.ORGANISATION_NOM} (scellement)"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, settings.ORGANISATION_NOM),
            x509.NameAttribute(NameOID.COUNTRY_NAME, "FR"),
        ]
    )
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,  # non-repudiation: what a seal asserts
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
        .sign(key, hashes.SHA256())
    )
    return pkcs12.serialize_key_and_certificates(
        name=b"scellement",
        key=key,
        cert=cert,
        cas=None,
        encryption_algorithm=serialization.BestAvailableEncryption(pkcs12_password()),
    )


@functools.cache
def _loaded(path: str, mtime: float) -> tuple[object, list[asn1_x509.Certificate]]:
    from pyhanko.sign import signers

    signer = signers.SimpleSigner.load_pkcs12(pfx_file=path, passphrase=pkcs12_password())
    if signer is None:
        raise ValueError("Le fichier PKCS#12 de scellement ne peut pas être lu.")
    return signer, [signer.signing_cert, *signer.cert_registry]


def signer() -> object:
    """pyHanko's signer for the organisation's seal (cached per file version)."""
    path = ensure_pkcs12()
    return _loaded(str(path), path.stat().st_mtime)[0]


def trust_roots() -> list[asn1_x509.Certificate]:
    """Certificates a sealed document may chain to: the current one, its chain, and the
    previous ones still accepted after a rotation (``SCELLES_CERTIFICATS_ACCEPTES``, PEM)."""
    path = ensure_pkcs12()
    roots = list(_loaded(str(path), path.stat().st_mtime)[1])
    for pem in settings.SCELLES_CERTIFICATS_ACCEPTES:
        data = Path(pem).read_bytes()
        der = x509.load_pem_x509_certificate(data).public_bytes(serialization.Encoding.DER)
        roots.append(asn1_x509.Certificate.load(der))
    return roots
