from __future__ import annotations

import pytest

from embrace.scrubbing import luhn_ok, scrub


@pytest.mark.parametrize(
    "number",
    [
        "811218-9876",  # personnummer, the Tax Agency's example
        "8112189876",
        "19811218-9876",
        "198112189876",
        "811218+9876",  # over 100 years old
        "701063-2391",  # samordningsnummer: day 63 = the 3rd + 60
    ],
)
def test_personal_identity_numbers_with_a_valid_check_digit_become_a_placeholder(number: str) -> None:
    result = scrub(f"Anmälare {number} såg gruppen.")
    assert result.text == "Anmälare [personnummer] såg gruppen."
    assert result.found["personal_number"] == 1


@pytest.mark.parametrize(
    "text",
    [
        "Ärende 811218-9875 registrerat",  # wrong check digit: an order number, not a person
        "Datum 2026-01-27 kl 22.15",
        "Diarienummer 5000-K123456-26",
        "Storgatan 12, 123 45 Stockholm",
        "Skadorna kostar 15000 kr",
    ],
)
def test_numbers_that_are_not_personal_data_are_left_alone(text: str) -> None:
    assert scrub(text).text == text


@pytest.mark.parametrize(
    "phone",
    [
        "0123456",
        "070-123 45 67",
        "0701234567",
        "+46 70 123 45 67",
        "+46701234567",
        "08-123 456 78",
        "0046 8 123 45 67",
    ],
)
def test_swedish_phone_numbers_become_a_placeholder(phone: str) -> None:
    assert scrub(f"Ring {phone} om det händer igen").text == "Ring [telefonnummer] om det händer igen"


def test_email_addresses_become_a_placeholder() -> None:
    result = scrub("Kontakta anna.svensson+trygg@kommun.example.se eller vakt@bolag.se.")
    assert result.text == "Kontakta [e-post] eller [e-post]."
    assert result.found["email"] == 2


def test_several_kinds_in_one_text_are_all_counted() -> None:
    result = scrub("Boende 811218-9876, tel 0701234567, mejl x@y.se")
    assert result.text == "Boende [personnummer], tel [telefonnummer], mejl [e-post]"
    assert dict(result.found) == {"personal_number": 1, "phone": 1, "email": 1}


def test_the_luhn_check_digit() -> None:
    assert luhn_ok("8112189876")
    assert not luhn_ok("8112189875")
