"""modelgo_lint.digest is SHA-256: the same digests as hashlib's, for any bytes (issue 14)."""

from __future__ import annotations

import hashlib

from hypothesis import given
from hypothesis import strategies as st

from modelgo_lint import digest


@given(st.binary(max_size=4096))
def test_digest_is_hashlib_sha256(data: bytes) -> None:
    assert digest.sha256(data).hexdigest() == hashlib.sha256(data).hexdigest()
    assert digest.sha256(data).digest() == hashlib.sha256(data).digest()


def test_digest_of_a_known_vector() -> None:
    # FIPS 180-2, appendix B.1: SHA-256("abc")
    assert digest.sha256(b"abc").hexdigest() == (
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
