"""Messages for people, in Swedish and English, keyed by stable error codes.

Codes come from pydantic (``missing``, ``string_too_long``...), from the contracts' own validators
(``window_order``...) and from the validation rules (``in_future``...). Anything without a translation
falls back to the English text it came with, so a new rule never produces an empty message.
"""

from __future__ import annotations

from typing import Any, Literal

Language = Literal["sv", "en"]
LANGUAGES: tuple[Language, ...] = ("sv", "en")

VERDICTS: dict[str, dict[Language, str]] = {  # an intervention effect's verdict in words
    "seems effective": {"sv": "verkar ha effekt", "en": "seems effective"},
    "seems harmful": {"sv": "händelserna verkar ha ökat", "en": "incidents seem to have risen"},
    "no sign of effect": {"sv": "inga tecken på effekt", "en": "no sign of effect"},
    "too little data to tell": {"sv": "för lite data för att säga", "en": "too little data to tell"},
    "no fair comparison": {"sv": "ingen rättvis jämförelse", "en": "no fair comparison"},
}
NO_SUCH_INTERVENTION: dict[Language, str] = {"sv": "Insatsen finns inte.", "en": "No such intervention."}

MESSAGES: dict[str, dict[Language, str]] = {
    # pydantic's own
    "missing": {"sv": "Uppgiften saknas.", "en": "This field is required."},
    "extra_forbidden": {
        "sv": "Okänt fält. Organisation och kommun tas från inloggningen och får inte anges.",
        "en": "Unknown field. Organisation and tenant come from the credentials and may not be given.",
    },
    "string_too_long": {"sv": "Högst {max_length} tecken.", "en": "At most {max_length} characters."},
    "string_too_short": {"sv": "Minst {min_length} tecken.", "en": "At least {min_length} characters."},
    "string_pattern_mismatch": {"sv": "Fel format.", "en": "Wrong format."},
    "string_type": {"sv": "Ska vara text.", "en": "Must be text."},
    "too_long": {"sv": "Högst {max_length} stycken.", "en": "At most {max_length} items."},
    "too_short": {"sv": "Minst {min_length} stycken.", "en": "At least {min_length} items."},
    "datetime_parsing": {
        "sv": "Ange tiden enligt RFC 3339 med tidszon, t.ex. 2026-01-27T22:15:00+01:00.",
        "en": "Give the time as RFC 3339 with an offset, e.g. 2026-01-27T22:15:00+01:00.",
    },
    "datetime_type": {"sv": "Ska vara en tidpunkt.", "en": "Must be a date and time."},
    "datetime_from_date_parsing": {
        "sv": "Ange tiden enligt RFC 3339 med tidszon.",
        "en": "Give the time as RFC 3339 with an offset.",
    },
    "timezone_aware": {
        "sv": "Tiden behöver en tidszon, t.ex. +01:00.",
        "en": "The time needs an offset, e.g. +01:00.",
    },
    "date_from_datetime_parsing": {
        "sv": "Ange ett datum, t.ex. 2026-01-27.",
        "en": "Give a date, e.g. 2026-01-27.",
    },
    "date_parsing": {"sv": "Ange ett datum, t.ex. 2026-01-27.", "en": "Give a date, e.g. 2026-01-27."},
    "float_parsing": {"sv": "Ska vara ett tal.", "en": "Must be a number."},
    "float_type": {"sv": "Ska vara ett tal.", "en": "Must be a number."},
    "int_parsing": {"sv": "Ska vara ett heltal.", "en": "Must be a whole number."},
    "int_type": {"sv": "Ska vara ett heltal.", "en": "Must be a whole number."},
    "bool_parsing": {"sv": "Ska vara true eller false.", "en": "Must be true or false."},
    "bool_type": {"sv": "Ska vara true eller false.", "en": "Must be true or false."},
    "greater_than_equal": {"sv": "Minst {ge}.", "en": "At least {ge}."},
    "less_than_equal": {"sv": "Högst {le}.", "en": "At most {le}."},
    "literal_error": {"sv": "Ska vara en av {expected}.", "en": "Must be one of {expected}."},
    "union_tag_invalid": {"sv": "Ska vara en av {expected_tags}.", "en": "Must be one of {expected_tags}."},
    "union_tag_not_found": {"sv": "Ange {discriminator}.", "en": "Give {discriminator}."},
    "json_invalid": {"sv": "Ogiltig JSON.", "en": "Invalid JSON."},
    "model_type": {"sv": "Ska vara ett objekt.", "en": "Must be an object."},
    "dict_type": {"sv": "Ska vara ett objekt.", "en": "Must be an object."},
    "list_type": {"sv": "Ska vara en lista.", "en": "Must be a list."},
    "uuid_parsing": {"sv": "Ska vara ett UUID.", "en": "Must be a UUID."},
    # the contracts' validators
    "finite_number": {"sv": "Ska vara ett ändligt tal.", "en": "Must be a finite number."},
    "window_order": {
        "sv": "Sluttiden måste vara efter starttiden.",
        "en": "The end must be after the start.",
    },
    "location_missing": {
        "sv": "Ange en punkt, en adress eller ett område.",
        "en": "Give a point, an address or an area.",
    },
    "incidents_missing": {
        "sv": "En rapport innehåller minst en händelse.",
        "en": "A report holds at least one incident.",
    },
    "retraction_with_incidents": {
        "sv": "En återkallelse innehåller inga händelser.",
        "en": "A retraction carries no incidents.",
    },
    "place_missing": {"sv": "Ange ett område eller en punkt.", "en": "Give an area or a point."},
    "dates_order": {
        "sv": "Slutdatum får inte vara före startdatum.",
        "en": "The end may not be before the start.",
    },
    "share_range": {"sv": "En andel ligger mellan 0 och 1.", "en": "A share lies between 0 and 1."},
    "geometry_type": {
        "sv": "Ska vara en GeoJSON Polygon eller MultiPolygon.",
        "en": "Must be a GeoJSON Polygon or MultiPolygon.",
    },
    "geometry_coordinates": {"sv": "Geometrin saknar koordinater.", "en": "The geometry has no coordinates."},
    "date_range": {
        "sv": "Datumet ska ligga mellan år {earliest} och {latest}.",
        "en": "The date must lie in the years {earliest}-{latest}.",
    },
    "iso_week": {
        "sv": "Veckan {week} finns inte: år {year} har 52 veckor.",
        "en": "Week {week} does not exist: {year} has 52 ISO weeks.",
    },
    # the platform's rules
    "unknown_category": {"sv": "Okänd kategori: {category}.", "en": "Unknown category: {category}."},
    "unknown_intervention_type": {
        "sv": "Okänd insatstyp: {kind}.",
        "en": "Unknown type of intervention: {kind}.",
    },
    "unknown_area": {"sv": "Okänt område: {area_id}.", "en": "Unknown area: {area_id}."},
    "unknown_organisation": {
        "sv": "Okänd organisation: {organisation}.",
        "en": "Unknown organisation: {organisation}.",
    },
    "in_future": {
        "sv": "Tiden ligger i framtiden (mer än {minutes} minuter).",
        "en": "The time lies in the future (more than {minutes} minutes).",
    },
    "too_old": {"sv": "Tiden är äldre än {days} dagar.", "en": "The time is older than {days} days."},
    "outside_sweden": {"sv": "Platsen ligger inte i Sverige.", "en": "The place is not in Sweden."},
    "far_outside_municipality": {
        "sv": "Platsen ligger {km} km utanför kommunen. Kontrollera den.",
        "en": "The place lies {km} km outside the municipality. Please check it.",
    },
    "duplicate_id": {"sv": "Id {id} förekommer två gånger.", "en": "The id {id} appears twice."},
    "area_nesting": {"sv": "Fel överordnat område: {reason}.", "en": "Wrong parent area: {reason}."},
    "invalid_geometry": {"sv": "Ogiltig geometri: {reason}.", "en": "Invalid geometry: {reason}."},
}


def message(code: str, language: Language, fallback: str, params: dict[str, Any] | None = None) -> str:
    template = MESSAGES.get(code, {}).get(language)
    if template is None:
        return fallback
    try:
        return template.format(**(params or {}))
    except (KeyError, IndexError, ValueError):
        return fallback
