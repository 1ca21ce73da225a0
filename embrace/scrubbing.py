"""Scrubbing personal data out of free text before it is stored or published.

Partners write descriptions in a hurry; some will contain a personal identity number, a phone number or
an e-mail address. Those become placeholders. A ten- or twelve-digit number counts as a personal identity
number (personnummer, or samordningsnummer with the day plus 60) only when its date is possible and its
Luhn check digit is right, so case and order numbers are left alone.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

PLACEHOLDERS = {"personal_number": "[personnummer]", "phone": "[telefonnummer]", "email": "[e-post]"}

_PERSONAL_NUMBER = re.compile(
    r"(?<![\d])(?P<century>19|20)?(?P<date>\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]|6[1-9]|[78]\d|9[01]))"
    r"[-+ ]?(?P<serial>\d{4})(?![\d])"
)
# Every pattern needs an @ or seven digits (a phone number is 0 and six more; a personal number, ten).
# The warehouse finds texts written before scrubbing by the same sieve (re2 reads it as Python does).
CANDIDATE = re.compile(r"@|\d(?:\D*\d){6}")
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}(?![\w-])")
# Swedish numbers: +46 / 0046 / 0, then area code and subscriber number in groups.
_PHONE = re.compile(r"(?<![\w+])(?:\+46|0046|0)(?:[\s-]?\(0\))?(?:[\s-]?\d){6,11}(?![\d])")


@dataclass
class Scrubbed:
    text: str
    found: Counter[str] = field(default_factory=Counter)


def luhn_ok(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def scrub(text: str, found: Counter[str] | None = None) -> Scrubbed:
    """``text`` with personal data replaced; what was found is counted (into ``found`` when given)."""
    found = found if found is not None else Counter()
    # Most descriptions and addresses ("Storgatan 12") can hold none and need no further regex at all.
    if CANDIDATE.search(text) is None:
        return Scrubbed(text, found)

    def personal_number(match: re.Match[str]) -> str:
        if not luhn_ok(match["date"] + match["serial"]):
            return match[0]
        found["personal_number"] += 1
        return PLACEHOLDERS["personal_number"]

    def replace(kind: str) -> Callable[[re.Match[str]], str]:
        def placeholder(_match: re.Match[str]) -> str:
            found[kind] += 1
            return PLACEHOLDERS[kind]

        return placeholder

    text = _PERSONAL_NUMBER.sub(personal_number, text)
    text = _EMAIL.sub(replace("email"), text)
    text = _PHONE.sub(replace("phone"), text)
    return Scrubbed(text, found)


def scrub_optional(text: str | None, found: Counter[str]) -> str | None:
    """Scrub a field that may be absent, adding what was found to ``found``."""
    return None if text is None else scrub(text, found).text
