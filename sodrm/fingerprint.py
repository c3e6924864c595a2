"""Stable digests of what a page is made from, so that a rebuild renders only pages whose inputs
changed. Unlike hash(), a digest is the same in every run of the interpreter."""
from __future__ import annotations

import dataclasses
from decimal import Decimal
from hashlib import blake2b
from typing import Any

from markupsafe import Markup

_SCALARS = frozenset((str, int, float, bool, Decimal, Markup, type(None)))
_FIELDS: dict[type, tuple[str, ...]] = {}


class Fingerprints:
    """Digests of page contexts. Records and groups are shared by many pages, so each object's
    digest is computed once per build, memoized by identity; the memo holds on to the objects,
    so that no identity can be reused by another object while it lasts."""

    def __init__(self, salt: str, shared: dict[str, Any]) -> None:
        """`shared`: values that every page's context holds, digested once into the salt."""
        self._by_id: dict[int, tuple[Any, str]] = {}
        self._shared = shared
        self._salt = salt + self._text(shared)

    def of(self, context: dict[str, Any]) -> str:
        shared, text = self._shared, self._text
        parts = [self._salt]
        for key in sorted(context):
            value = context[key]
            if shared.get(key, self) is not value:
                parts.append(key)
                parts.append(text(value))
        return _digest("\0".join(parts))

    def _text(self, value: Any) -> str:
        kind = type(value)
        if kind in _SCALARS:
            return repr(value)  # distinct across these types: '1', '1.0', "'1'", "Decimal('1')"
        known = self._by_id.get(id(value))
        if known is not None:
            return known[1]
        if hasattr(value, "fingerprint_parts"):
            # An object computed from a few inputs (a chart from its programs) is known by them.
            text = kind.__name__ + self._text(value.fingerprint_parts())
        elif kind is dict:
            text = "{" + ",".join(f"{key!r}:{self._text(item)}" for key, item in sorted(value.items())) + "}"
        elif kind is tuple or kind is list:
            text = "(" + ",".join(self._text(item) for item in value) + ")"
        elif dataclasses.is_dataclass(value):
            names = _FIELDS.get(kind) or _FIELDS.setdefault(kind, tuple(f.name for f in dataclasses.fields(kind)))
            text = kind.__name__ + "(" + ",".join(self._text(getattr(value, name)) for name in names) + ")"
        else:
            raise TypeError(f"cannot fingerprint a {kind.__name__}")
        digest = "#" + _digest(text)
        self._by_id[id(value)] = (value, digest)
        return digest


def _digest(text: str) -> str:
    return blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def digest_bytes(data: bytes) -> str:
    return blake2b(data, digest_size=16).hexdigest()
