"""SHA-256 from CPython's built-in implementation, without loading OpenSSL (issue 14).

``import hashlib`` loads ``_hashlib`` and with it libcrypto: about 4 ms at every start-up, more
than the hashing of every license file a run reads. CPython also builds its own SHA-256
(``_sha2`` from 3.12, ``_sha256`` before); the digests are the same bytes. A build without those
modules (some FIPS distributions) falls back to ``hashlib``.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from hashlib import sha256
else:
    try:
        from _sha2 import sha256  # CPython 3.12+
    except ImportError:
        try:
            from _sha256 import sha256  # CPython 3.10, 3.11
        except ImportError:  # pragma: no cover - a build without the built-in hashes
            from hashlib import sha256

__all__ = ["sha256"]
