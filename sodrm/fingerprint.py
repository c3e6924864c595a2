"""Stable digests of what a page is made from, so that a rebuild renders only pages whose inputs
changed. Unlike hash(), a digest is the same in every run of the interpreter."""
from __future__ import annotations

from decimal import Decimal
from hashlib import blake2b
from typing import Any

from markupsafe import Markup

_SCALARS = frozenset((str, int, float, bool, Decimal, Markup, type(None)))


class Fingerprints:
    """Digests of page contexts. Records and groups are shared by many pages, so each object's
    digest is computed once per build, memoized by identity; the memo holds on to the objects,
    so that no identity can be reused by another object while it lasts."""

    def __init__(self, salt: str, shared: dict[str, Any]) -> None:
        """`shared`: values that every page's context holds, digested once into the salt."""
        self._by_id: dict[int, tuple[Any, str]] = {}
        self._shared = shared
        self._salt = salt + self._text(shared)

    def of(self, template: str, context: dict[str, Any] | tuple) -> str:
        """A page's digest: its template and the values of its context that not all pages share,
        in the context's order (plan makes each kind of page's context in a fixed order); or,
        for a context given as a record, its fields."""
        shared, text, scalars = self._shared, self._text, _SCALARS
        if type(context) is not dict:
            return _digest("\0".join((self._salt, template, self._fields(context))))
        parts = [self._salt, template]
        for key, value in context.items():
            if shared.get(key, self) is not value:
                parts.append(key)
                parts.append(repr(value) if type(value) in scalars else text(value))
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
            text = "(" + ",".join(map(self._text, value)) + ")"
        elif isinstance(value, tuple):  # a record (NamedTuple): its type and its fields
            text = self._fields(value)
        else:
            raise TypeError(f"cannot fingerprint a {kind.__name__}")
        digest = "#" + _digest(text)
        self._by_id[id(value)] = (value, digest)
        return digest

    def _fields(self, record: tuple) -> str:
        return type(record).__name__ + "(" + ",".join(map(self._text, record)) + ")"


def _digest(text: str) -> str:
    return blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def digest_bytes(data: bytes) -> str:
    return blake2b(data, digest_size=16).hexdigest()
