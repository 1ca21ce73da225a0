"""A panel's SQL as the ClickHouse plugin sends it, without a Grafana: the plugin's steps in its order.

1. ``$__conditionalAll(condition, $var)`` (frontend, CHDatasource.applyConditionalAll): from the last
   one back, its arguments split at top-level commas, replaced by ``1=1`` when the variable is "All" or
   empty, else by the condition.
2. Grafana's variable interpolation with the plugin's format: ``$var``, ``${var}``, ``${var:format}``;
   a list becomes ``'a','b'`` by default, ``singlequote`` quotes and escapes each value.
3. The backend macros (pkg/macros/macros.go): ``$__timeFilter(col)``, ``$__fromTime``, ``$__toTime``, their
   ``_ms`` forms, ``$__dateFilter(col)``, ``$__timeInterval(col)``, ``$__interval_s``.

Anything left that starts with ``$`` is an error, so a panel cannot use what this does not know.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

ALL = "$__all"
Value = str | Sequence[str]


@dataclass(frozen=True)
class Choice:
    """A variable's current value (``ALL`` or values) and, for "All", every value it offers."""

    current: Value
    options: Sequence[str] = ()

    def values(self) -> Value:
        return list(self.options) if self.current == ALL else self.current


def _macro_args(sql: str, opening: int) -> tuple[list[str], int]:
    """The plugin's getMacroArgs: arguments at the top level of the parentheses opening at ``opening``,
    and where they close (-1: they never do)."""
    depth, start, args = 0, opening + 1, []
    for index in range(opening, len(sql)):
        char = sql[index]
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "," and depth == 1:
            args.append(sql[start:index])
            start = index + 1
        if depth == 0:
            args.append(sql[start:index])
            return args, index
    return [], -1


def conditional_all(sql: str, choices: Mapping[str, Choice]) -> str:
    macro = "$__conditionalAll("
    at = sql.rfind(macro)
    while at != -1:
        params, _ = _macro_args(sql, at + len(macro) - 1)
        if len(params) != 2:
            return sql
        named = re.search(r"(?<=\$\{)\w+(?=\})|(?<=\$)\w+", params[1].strip())
        phrase = params[0]
        if named:
            current = choices[named.group(0)].current
            text = current if isinstance(current, str) else ",".join(current)
            phrase = "1=1" if text in ("", ALL) else phrase
        sql = sql.replace(f"{macro}{params[0]},{params[1]})", phrase, 1)
        at = sql.rfind(macro)
    return sql


_VARIABLE = re.compile(r"\$(\w+)|\[\[(\w+?)(?::(\w+))?\]\]|\$\{(\w+)(?:\.([^:^}]+))?(?::([^}]+))?\}")


def _formatted(value: Value, format_name: str | None) -> str:
    values = [value] if isinstance(value, str) else list(value)
    if format_name == "singlequote":
        return ",".join("'" + v.replace("'", "\\'") + "'" for v in values)
    if format_name not in (None, "raw"):
        raise ValueError(f"format {format_name} is not emulated")
    if format_name is None and not isinstance(value, str):
        return "'" + "','".join(values) + "'"  # the plugin's own format of a list
    return ",".join(values)


def interpolate(sql: str, choices: Mapping[str, Choice]) -> str:
    def one(match: re.Match[str]) -> str:
        name = match.group(1) or match.group(2) or match.group(4)
        if name not in choices:
            return match.group(0)  # not a variable: a macro for the backend, or text
        return _formatted(choices[name].values(), match.group(3) or match.group(6))

    return _VARIABLE.sub(one, sql)


def _seconds(moment: datetime) -> str:
    return f"toDateTime({int(moment.timestamp())})"


def _millis(moment: datetime) -> str:
    return f"fromUnixTimestamp64Milli({int(moment.timestamp() * 1000)})"


def backend_macros(sql: str, start: datetime, end: datetime, interval: timedelta) -> str:
    seconds = max(int(interval.total_seconds()), 1)
    macros: dict[str, Callable[[list[str]], str]] = {
        "fromTime": lambda _: _seconds(start), "toTime": lambda _: _seconds(end),
        "fromTime_ms": lambda _: _millis(start), "toTime_ms": lambda _: _millis(end),
        "timeFilter": lambda a: f"{a[0]} >= {_seconds(start)} AND {a[0]} <= {_seconds(end)}",
        "timeFilter_ms": lambda a: f"{a[0]} >= {_millis(start)} AND {a[0]} <= {_millis(end)}",
        "dateFilter": lambda a: (f"{a[0]} >= toDate('{start:%Y-%m-%d}') AND "
                                 f"{a[0]} <= toDate('{end:%Y-%m-%d}')"),
        "timeInterval": lambda a: f"toStartOfInterval(toDateTime({a[0]}), INTERVAL {seconds} second)",
        "interval_s": lambda _: str(seconds),
    }  # fmt: skip
    out, position = [], 0
    for match in re.finditer(r"\$__(\w+)", sql):
        if match.start() < position or match.group(1) not in macros:
            continue
        end_of_call, args = match.end(), []
        if sql[match.end() : match.end() + 1] == "(":
            raw, closing = _macro_args(sql, match.end())
            args, end_of_call = [a.strip() for a in raw], closing + 1
        out.append(sql[position : match.start()] + macros[match.group(1)](args))
        position = end_of_call
    return "".join(out) + sql[position:]


def expand(sql: str, choices: Mapping[str, Choice], start: datetime, end: datetime,
           interval: timedelta = timedelta(hours=1)) -> str:  # fmt: skip
    expanded = backend_macros(interpolate(conditional_all(sql, choices), choices), start, end, interval)
    if "$" in expanded:
        raise AssertionError(f"not expanded: {expanded[expanded.index('$') :][:80]}")
    return expanded
