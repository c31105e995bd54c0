"""Reader for the MiniZinc data files of the B2B benchmark (Bofill et al., JAIR 2022).

Only the subset of MiniZinc data syntax those files use is accepted: `name = value;` with
integers, sets (`{1,3}`, `1..4`), one-dimensional arrays and `[| ... | ... |]` tables.
Participants, meetings and slots keep the file's 1-based numbers.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from regionforum.scheduling.problem import (
    Meeting,
    Participant,
    Problem,
    ProblemError,
    Session,
    validate_structure,
)

_TOKEN = re.compile(
    r"\s*(?:(?P<comment>%[^\n]*)|(?P<range>-?\d+\.\.-?\d+)|(?P<int>-?\d+)"
    r"|(?P<sym>\[\||\|\]|[\[\]{}|,;=])|(?P<name>[A-Za-z_]\w*))"
)
_SESSIONS = {1: Session.MORNING, 2: Session.AFTERNOON, 3: Session.ANY}

# Parsed values: int, a set of ints, a list of values, or a table (list of rows).
type Value = int | frozenset[int] | list[Value] | Table


@dataclass(frozen=True, slots=True)
class Table:
    rows: list[list[int]]


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str  # "int", "range", "sym", "name"
    text: str
    line: int


def _tokenize(text: str) -> list[_Token]:
    newlines = [i for i, char in enumerate(text) if char == "\n"]
    tokens: list[_Token] = []
    pos = 0
    while True:
        match = _TOKEN.match(text, pos)
        if match is None:
            rest = text[pos:]
            if rest.strip():
                offset = pos + len(rest) - len(rest.lstrip())
                line = bisect.bisect_left(newlines, offset) + 1
                raise ProblemError(f"unexpected character {text[offset]!r}", where=f"line {line}")
            return tokens
        pos = match.end()
        kind = match.lastgroup
        if kind is None or kind == "comment":
            continue
        line = bisect.bisect_left(newlines, match.start(kind)) + 1
        tokens.append(_Token(kind, match.group(kind), line))


class _Parser:
    def __init__(self, tokens: list[_Token]) -> None:
        self.tokens = tokens
        self.pos = 0
        self.field = ""

    def _error(self, message: str, token: _Token | None = None) -> ProblemError:
        token = token or self._peek()
        line = token.line if token else (self.tokens[-1].line if self.tokens else 1)
        where = f"line {line}" + (f", field {self.field}" if self.field else "")
        return ProblemError(message, where=where)

    def _peek(self) -> _Token | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def _next(self) -> _Token:
        token = self._peek()
        if token is None:
            raise self._error("unexpected end of file")
        self.pos += 1
        return token

    def _expect(self, text: str) -> None:
        token = self._next()
        if token.text != text:
            raise self._error(f"expected {text!r}, found {token.text!r}", token)

    def assignments(self) -> dict[str, tuple[Value, int]]:
        values: dict[str, tuple[Value, int]] = {}
        while self._peek() is not None:
            token = self._next()
            if token.kind != "name":
                raise self._error(f"expected a name, found {token.text!r}", token)
            self.field = token.text
            if token.text in values:
                raise self._error("assigned twice", token)
            self._expect("=")
            values[token.text] = (self._value(), token.line)
            self._expect(";")
            self.field = ""
        return values

    def _value(self) -> Value:
        token = self._next()
        if token.kind == "int":
            return int(token.text)
        if token.kind == "range":
            return _range(token.text)
        if token.text == "{":
            return self._set()
        if token.text == "[|":
            return self._table()
        if token.text == "[":
            return self._list()
        raise self._error(f"expected a value, found {token.text!r}", token)

    def _set(self) -> frozenset[int]:
        items: set[int] = set()
        while True:
            token = self._next()
            if token.text == "}" and not items:
                return frozenset()
            if token.kind == "int":
                items.add(int(token.text))
            elif token.kind == "range":
                items |= _range(token.text)
            else:
                raise self._error(f"expected a set element, found {token.text!r}", token)
            token = self._next()
            if token.text == "}":
                return frozenset(items)
            if token.text != ",":
                raise self._error(f"expected ',' or '}}', found {token.text!r}", token)

    def _list(self) -> list[Value]:
        items: list[Value] = []
        if self._peek() is not None and self._peek().text == "]":  # type: ignore[union-attr]
            self._next()
            return items
        while True:
            items.append(self._value())
            token = self._next()
            if token.text == "]":
                return items
            if token.text != ",":
                raise self._error(f"expected ',' or ']', found {token.text!r}", token)
            following = self._peek()
            if following is not None and following.text == "]":  # a trailing comma
                self._next()
                return items

    def _table(self) -> Table:
        rows: list[list[int]] = []
        row: list[int] = []
        while True:
            token = self._next()
            if token.kind == "int":
                row.append(int(token.text))
            elif token.text == ",":
                continue
            elif token.text in ("|", "|]"):
                if row:
                    rows.append(row)
                    row = []
                if token.text == "|]":
                    return Table(rows)
            else:
                raise self._error(f"expected a number or '|', found {token.text!r}", token)


def _range(text: str) -> frozenset[int]:
    low, high = (int(part) for part in text.split(".."))
    return frozenset(range(low, high + 1))


def parse_dzn(text: str) -> Problem:
    """Read a B2B `.dzn` file into a Problem; ProblemError names the line and field at fault."""
    values = _Parser(_tokenize(text)).assignments()

    def where(name: str) -> str:
        return f"line {values[name][1]}, field {name}" if name in values else f"field {name}"

    def scalar(name: str) -> int:
        if name not in values:
            raise ProblemError("missing", where=f"field {name}")
        value = values[name][0]
        if not isinstance(value, int):
            raise ProblemError("expected an integer", where=where(name))
        return value

    def array(name: str, length: int) -> list[Value] | None:
        if name not in values:
            return None
        value = values[name][0]
        if not isinstance(value, list):
            raise ProblemError("expected an array", where=where(name))
        if len(value) != length:
            raise ProblemError(f"has {len(value)} entries, expected {length}", where=where(name))
        return value

    n_business = scalar("nBusiness")
    n_meetings = scalar("nMeetings")
    n_tables = scalar("nTables")
    n_slots = scalar("nTotalSlots")
    n_morning = scalar("nMorningSlots")
    for name, value in (("nBusiness", n_business), ("nMeetings", n_meetings)):
        if value < 0:
            raise ProblemError("must not be negative", where=where(name))

    if "requested" not in values:
        raise ProblemError("missing", where="field requested")
    requested = values["requested"][0]
    if not isinstance(requested, Table):
        raise ProblemError("expected a [| ... |] table", where=where("requested"))
    if len(requested.rows) != n_meetings:
        raise ProblemError(
            f"has {len(requested.rows)} rows, expected nMeetings = {n_meetings}",
            where=where("requested"),
        )

    forbidden: list[frozenset[int]] = [frozenset()] * n_business
    forbidden_values = array("forbidden", n_business)
    if forbidden_values is not None:
        for index, item in enumerate(forbidden_values, start=1):
            if not isinstance(item, frozenset):
                raise ProblemError(f"entry {index} is not a set", where=where("forbidden"))
            slots = item - {0}  # {0} is the files' way of saying "none"
            bad = sorted(s for s in slots if not 1 <= s <= n_slots)
            if bad:
                raise ProblemError(
                    f"participant {index}: slot {bad[0]} is out of range 1..{n_slots}",
                    where=where("forbidden"),
                )
            forbidden[index - 1] = slots

    fixed: list[int] = [0] * n_meetings
    fixed_values = array("fixed", n_meetings)
    if fixed_values is not None:
        for index, item in enumerate(fixed_values, start=1):
            if not isinstance(item, int):
                raise ProblemError(f"entry {index} is not an integer", where=where("fixed"))
            if not 0 <= item <= n_slots:
                raise ProblemError(
                    f"meeting {index}: slot {item} is out of range 1..{n_slots} (0 = free)",
                    where=where("fixed"),
                )
            fixed[index - 1] = item

    precedences: list[frozenset[int]] = [frozenset()] * n_meetings
    precedence_values = array("precedences", n_meetings)
    if precedence_values is not None:
        for index, item in enumerate(precedence_values, start=1):
            if not isinstance(item, frozenset):
                raise ProblemError(f"entry {index} is not a set", where=where("precedences"))
            bad = sorted(m for m in item if not 1 <= m <= n_meetings)
            if bad:
                raise ProblemError(
                    f"meeting {index}: meeting {bad[0]} is out of range 1..{n_meetings}",
                    where=where("precedences"),
                )
            precedences[index - 1] = item

    meetings: list[Meeting] = []
    for index, row in enumerate(requested.rows, start=1):
        if len(row) != 3:
            raise ProblemError(
                f"row {index} has {len(row)} numbers, expected 3 (a, b, session)",
                where=where("requested"),
            )
        a, b, session = row
        for p in (a, b):
            if not 1 <= p <= n_business:
                raise ProblemError(
                    f"row {index}: participant {p} is out of range 1..{n_business}",
                    where=where("requested"),
                )
        if a == b:
            raise ProblemError(
                f"row {index}: participant {a} meets itself", where=where("requested")
            )
        if session not in _SESSIONS:
            raise ProblemError(
                f"row {index}: session {session} is not 1, 2 or 3", where=where("requested")
            )
        meetings.append(
            Meeting(
                id=index,
                participants=(a, b),
                session=_SESSIONS[session],
                fixed_slot=fixed[index - 1] or None,
                after=tuple(sorted(precedences[index - 1])),
            )
        )
    problem = Problem(
        slots=n_slots,
        morning_slots=n_morning,
        tables=n_tables,
        participants=tuple(
            Participant(id=p, forbidden=forbidden[p - 1]) for p in range(1, n_business + 1)
        ),
        meetings=tuple(meetings),
    )
    validate_structure(problem)
    return problem
