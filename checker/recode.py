"""Regular expressions whose compiled code is kept in the on-disk lexicon cache.

The scanners' patterns are one character class of every key's first character each (several
hundred characters): `re` parses and optimizes such a class in Python, ~4–5 ms a pattern, and
a one-message `msgcheck check` built four of them on every start. The code `re` makes from a
pattern depends only on the pattern and the interpreter, so it is computed once when the
lexicon cache is written and handed to `_sre.compile` when it is read. That is `re`'s own last
step (re._compiler.compile), reached through private names: the cache records the Python
version and `_sre.MAGIC` it was made by, and anything unexpected falls back to re.compile, so a
stale or foreign cache costs time, never a wrong pattern."""
from __future__ import annotations

import marshal
import re
import sys
from typing import Any

try:
    import _sre
    from re import _compiler, _parser
    _KEY: Any = (tuple(sys.version_info[:3]), _sre.MAGIC)
except (ImportError, AttributeError):   # another interpreter: always re.compile
    _sre = _compiler = _parser = None
    _KEY = None

_CODES: dict[str, bytes | tuple] = {}   # marshal bytes as `load` keeps them (a tuple when set by hand)
# Patterns made from cached code. A code list is dropped once used (it is kept in the compiled
# pattern): an audit worker should not hold ~0.5 MB of int lists it will never read again.
_TAKEN: set[str] = set()


def compile(pattern: str) -> re.Pattern[str]:   # noqa: A001 - read as recode.compile
    """re.compile(pattern), from the cached code when the cache holds it."""
    got = _CODES.pop(pattern, None)
    if got is not None and _sre is not None:
        try:
            flags, code, groups, groupindex, indexgroup = marshal.loads(got) if isinstance(got, bytes) else got
            compiled = _sre.compile(pattern, flags, code, groups, groupindex, indexgroup)
        except Exception:   # noqa: BLE001 - a code list this _sre does not take: compile anew
            return re.compile(pattern)
        _TAKEN.add(pattern)
        return compiled
    return re.compile(pattern)


def _code_of(pattern: str) -> tuple:
    p = _parser.parse(pattern, 0)
    code = _compiler._code(p, 0)
    groupindex = dict(p.state.groupdict)
    indexgroup = [None] * p.state.groups
    for name, i in groupindex.items():
        indexgroup[i] = name
    # (plain ints: re's opcodes are an int subclass, which marshal does not write)
    return int(p.state.flags), [int(x) for x in code], int(p.state.groups - 1), \
        {str(k): int(v) for k, v in groupindex.items()}, tuple(indexgroup)


def dump(patterns) -> tuple:
    """What `load` takes back: the code of each pattern, marked with this interpreter."""
    if _KEY is None:
        return (None, {})
    codes = {}
    for p in patterns:
        try:
            code = _code_of(p)
            marshal.dumps(code)   # (what the cache cannot write, it does not keep)
        except Exception:   # noqa: BLE001 - re's internals changed, or this one pattern: compile anew
            continue
        codes[p] = code
    return (_KEY, codes) if codes else (None, {})


def load(dumped) -> None:
    """Take the code of `dump` when this interpreter made it."""
    try:
        key, codes = dumped
    except (TypeError, ValueError):
        return
    if key is not None and _KEY is not None and tuple(key[0]) == _KEY[0] and key[1] == _KEY[1]:
        # (each kept as its own marshal bytes, a third of the int lists' size, until used)
        _CODES.update((p, marshal.dumps(c)) for p, c in codes.items())
