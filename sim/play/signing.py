"""Signed logs: each installation's own Ed25519 key signs the end of a session and periodic checkpoints.

A signature is a ``signed`` entry in an event's payload: ``{"key": <public key, base64>, "sig": <base64>}``,
over the event's canonical JSON without its ``hash`` and without that entry (see :func:`signed_body`). The
event carries ``prev``, the hash of the event before it, which covers every event before that, so one
signature vouches for the whole log up to and including its event; and the chain's own hash covers the
signature, so it cannot be moved to another log or line.

The key lives in the configuration folder (``TABLETOP_CONFIG_DIR``, else the platform's), in ``signing-key``,
readable by its owner only, made on first need. ``trusted-keys`` beside it lists the public keys a reviewer
trusts, one a line (anything after the key is a comment); the installation's own key is always trusted.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import os
from pathlib import Path

KEY_FILE = "signing-key"
TRUSTED_FILE = "trusted-keys"
SIGN_EVERY = 100  # a checkpoint signature at least every this many events


def config_dir() -> Path:
    configured = os.environ.get("TABLETOP_CONFIG_DIR")
    if configured:
        return Path(configured).expanduser()
    import platformdirs

    return platformdirs.user_config_path("tabletop", appauthor=False)


def fingerprint(public: str) -> str:
    """A short, stable name for a public key: ``SHA256:`` and the first 16 characters of its digest, base64."""
    raw = base64.b64decode(public)
    return "SHA256:" + base64.b64encode(hashlib.sha256(raw).digest()).decode()[:16]


def _public_text(key) -> str:
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    return base64.b64encode(key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)).decode()


def installation_key(*, create: bool = True):
    """This installation's private key (made and saved owner-only on first need), or None when it cannot be had."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    path = config_dir() / KEY_FILE
    try:
        return Ed25519PrivateKey.from_private_bytes(base64.b64decode(path.read_bytes().strip()))
    except FileNotFoundError:
        if not create:
            return None
    except (OSError, ValueError):
        return None
    key = Ed25519PrivateKey.generate()
    from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat

    raw = key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:  # another tabletop made it just now
        return installation_key(create=False)
    except OSError:
        return None
    with os.fdopen(fd, "wb") as out:
        out.write(base64.b64encode(raw) + b"\n")
    return key


def public_key(key=None) -> str | None:
    key = key if key is not None else installation_key()
    return None if key is None else _public_text(key)


def trusted_keys() -> set[str]:
    """The public keys this installation trusts: its own and those listed in ``trusted-keys``."""
    keys = set()
    own = installation_key(create=False)
    if own is not None:
        keys.add(_public_text(own))
    with contextlib.suppress(OSError, UnicodeDecodeError):
        for line in (config_dir() / TRUSTED_FILE).read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.lstrip().startswith("#"):
                keys.add(line.split()[0])
    return keys


def signed_body(event: dict) -> bytes:
    """What a signature covers: the event's canonical JSON without ``hash`` and without ``payload.signed``."""
    body = {k: v for k, v in event.items() if k != "hash"}
    body["payload"] = {k: v for k, v in event["payload"].items() if k != "signed"}
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def signer(key):
    """A function that signs an event body for :meth:`sim.play.log.LogWriter.append`."""
    public = _public_text(key)

    def sign(body: bytes) -> dict:
        return {"key": public, "sig": base64.b64encode(key.sign(body)).decode()}

    return sign


def signature_holds(event: dict) -> bool:
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    entry = event["payload"].get("signed")
    try:
        public = Ed25519PublicKey.from_public_bytes(base64.b64decode(entry["key"]))
        public.verify(base64.b64decode(entry["sig"]), signed_body(event))
    except (InvalidSignature, ValueError, TypeError, KeyError):
        return False
    return True


__all__ = [
    "SIGN_EVERY",
    "config_dir",
    "fingerprint",
    "installation_key",
    "public_key",
    "signature_holds",
    "signed_body",
    "signer",
    "trusted_keys",
]
