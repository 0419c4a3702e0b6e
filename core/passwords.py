"""Password hashing with argon2id (argon2-cffi's defaults, RFC 9106 low-memory profile).

Hashes carry their own parameters and salt; `verify` also says when a stored hash should be
upgraded to the current parameters.

argon2 is memory-hard on purpose: each hash or verification holds 64 MiB for about 0.2 s. Twenty
committee members signing in at once would hold 1.3 GB, with no gain in speed on a server with
two cores, so at most `SLOTS` run at a time and the others wait their turn.
"""

from __future__ import annotations

import threading

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

_HASHER = PasswordHasher()
MIN_LENGTH = 10
SLOTS = 2
_SLOTS = threading.BoundedSemaphore(SLOTS)


class WeakPassword(ValueError):
    """The password does not meet the minimum; the message is Norwegian."""


def hash_password(password: str) -> str:
    if len(password or "") < MIN_LENGTH:
        raise WeakPassword(f"Passordet må ha minst {MIN_LENGTH} tegn.")
    with _SLOTS:
        return _HASHER.hash(password)


def verify(stored_hash: str | None, password: str) -> bool:
    """True when the password matches the stored hash (False for no hash or a bad one)."""
    if not stored_hash or not password:
        return False
    try:
        with _SLOTS:
            return _HASHER.verify(stored_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    return _HASHER.check_needs_rehash(stored_hash)
