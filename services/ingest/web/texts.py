"""The web app's words, in Swedish (default) and English."""

from __future__ import annotations

from embrace.messages import Language

TEXTS: dict[str, dict[Language, str]] = {
    "app_name": {"sv": "EMBRACE – veckorapport", "en": "EMBRACE – weekly report"},
    "skip": {"sv": "Hoppa till innehållet", "en": "Skip to content"},
    "login": {"sv": "Logga in", "en": "Log in"},
    "logout": {"sv": "Logga ut", "en": "Log out"},
    "email": {"sv": "E-post", "en": "E-mail"},
    "password": {"sv": "Lösenord", "en": "Password"},
    "login_failed": {"sv": "Fel e-post eller lösenord.", "en": "Wrong e-mail or password."},
    "login_throttled": {
        "sv": "För många försök. Vänta en stund och försök igen.",
        "en": "Too many attempts. Wait a moment and try again.",
    },
    "session_expired": {
        "sv": "Formuläret var för gammalt. Försök igen.",
        "en": "The form had expired. Try again.",
    },
    "nav_report": {"sv": "Veckorapport", "en": "Weekly report"},
    "nav_reports": {"sv": "Inskickat", "en": "Submitted"},
    "nav_interventions": {"sv": "Insatser", "en": "Interventions"},
    "report_title": {"sv": "Veckorapport", "en": "Weekly report"},
    "report_intro": {
        "sv": "Rapportera förra veckans händelser: vad, var och när. Lägg till en händelse i taget, "
        "granska och skicka sedan hela rapporten.",
        "en": "Report last week's incidents: what, where and when. Add one incident at a time, "
        "then review and send the whole report.",
    },
    "draft": {"sv": "I rapporten hittills", "en": "In the report so far"},
    "draft_empty": {"sv": "Inga händelser tillagda ännu.", "en": "No incidents added yet."},
    "add_incident": {"sv": "Lägg till en händelse", "en": "Add an incident"},
    "what": {"sv": "Vad hände?", "en": "What happened?"},
    "category": {"sv": "Typ av händelse", "en": "Kind of incident"},
    "choose": {"sv": "Välj …", "en": "Choose …"},
    "group_insecurity": {"sv": "Otrygghet och ordningsstörningar", "en": "Insecurity and disorder"},
    "group_crime": {"sv": "Brott", "en": "Crime"},
    "description": {"sv": "Beskrivning (frivillig)", "en": "Description (optional)"},
    "description_hint": {
        "sv": "Skriv inte namn, personnummer eller telefonnummer. Sådant tas bort automatiskt.",
        "en": "Do not write names, personal identity numbers or phone numbers. Those are removed.",
    },
    "when": {"sv": "När?", "en": "When?"},
    "date": {"sv": "Datum", "en": "Date"},
    "time": {"sv": "Klockslag (om du vet det)", "en": "Time (if you know it)"},
    "part_of_day": {"sv": "Annars: ungefär när på dygnet", "en": "Otherwise: roughly when in the day"},
    "part_unknown": {"sv": "Vet inte (hela dygnet)", "en": "Do not know (the whole day)"},
    "part_night": {"sv": "Natt (00–06)", "en": "Night (00–06)"},
    "part_morning": {"sv": "Morgon och förmiddag (06–12)", "en": "Morning (06–12)"},
    "part_afternoon": {"sv": "Eftermiddag (12–18)", "en": "Afternoon (12–18)"},
    "part_evening": {"sv": "Kväll (18–24)", "en": "Evening (18–24)"},
    "where": {"sv": "Var?", "en": "Where?"},
    "area": {"sv": "Område", "en": "Area"},
    "no_area": {"sv": "Inget valt", "en": "None chosen"},
    "address": {"sv": "Adress eller plats", "en": "Address or place"},
    "address_hint": {"sv": "T.ex. Storgatan 1 eller lekplatsen vid skolan", "en": "E.g. Main Street 1"},
    "coordinates": {"sv": "Punkt på kartan (frivillig)", "en": "Point on the map (optional)"},
    "map_hint": {"sv": "Klicka på kartan för att sätta en nål.", "en": "Click the map to drop a pin."},
    "latitude": {"sv": "Latitud", "en": "Latitude"},
    "longitude": {"sv": "Longitud", "en": "Longitude"},
    "police_reported": {"sv": "Händelsen är polisanmäld", "en": "Reported to the police"},
    "add": {"sv": "Lägg till händelsen", "en": "Add the incident"},
    "remove": {"sv": "Ta bort", "en": "Remove"},
    "review": {"sv": "Granska och skicka", "en": "Review and send"},
    "review_title": {"sv": "Granska rapporten", "en": "Review the report"},
    "review_intro": {
        "sv": "Kontrollera händelserna. När rapporten är skickad kan den inte ändras här, "
        "men du kan återkalla den.",
        "en": "Check the incidents. Once sent, the report cannot be changed here, but you can withdraw it.",
    },
    "send": {"sv": "Skicka rapporten", "en": "Send the report"},
    "back": {"sv": "Tillbaka och ändra", "en": "Back to edit"},
    "sent": {"sv": "Tack! Rapporten är mottagen.", "en": "Thank you! The report was received."},
    "reports_title": {"sv": "Inskickat vecka {week}", "en": "Submitted in week {week}"},
    "reports_empty": {"sv": "Inget inskickat den veckan.", "en": "Nothing submitted that week."},
    "previous_week": {"sv": "Föregående vecka", "en": "Previous week"},
    "next_week": {"sv": "Nästa vecka", "en": "Next week"},
    "withdraw": {"sv": "Återkalla", "en": "Withdraw"},
    "withdrawn": {"sv": "Återkallad", "en": "Withdrawn"},
    "version": {"sv": "version", "en": "version"},
    "incidents_n": {"sv": "{n} händelser", "en": "{n} incidents"},
    "incidents_1": {"sv": "1 händelse", "en": "1 incident"},
    "added": {
        "sv": "Händelsen är tillagd. Lägg till fler eller granska och skicka.",
        "en": "The incident was added. Add more, or review and send.",
    },
    "fix_errors": {"sv": "Rätta uppgifterna som är markerade.", "en": "Please correct the marked fields."},
    "check_place": {"sv": "Kontrollera platsen: {message}", "en": "Check the place: {message}"},
    "interventions_title": {"sv": "Insatser", "en": "Interventions"},
    "interventions_empty": {"sv": "Inga insatser registrerade.", "en": "No interventions registered."},
    "register_intervention": {"sv": "Registrera en insats", "en": "Register an intervention"},
    "title": {"sv": "Rubrik", "en": "Title"},
    "intervention_kind": {"sv": "Typ av insats", "en": "Type of intervention"},
    "start": {"sv": "Startdatum", "en": "Start date"},
    "end": {"sv": "Slutdatum (frivilligt)", "en": "End date (optional)"},
    "status": {"sv": "Status", "en": "Status"},
    "status_planned": {"sv": "Planerad", "en": "Planned"},
    "status_ongoing": {"sv": "Pågår", "en": "Ongoing"},
    "status_done": {"sv": "Genomförd", "en": "Done"},
    "responsible": {"sv": "Ansvarig organisation", "en": "Responsible organisation"},
    "targets": {"sv": "Vad insatsen riktar sig mot", "en": "What the intervention targets"},
    "register": {"sv": "Registrera", "en": "Register"},
    "save": {"sv": "Spara ändringarna", "en": "Save the changes"},
    "edit": {"sv": "Ändra", "en": "Edit"},
    "saved": {"sv": "Sparat.", "en": "Saved."},
    "read_only": {
        "sv": "Bara den ansvariga organisationen kan ändra insatsen.",
        "en": "Only the responsible organisation can change this intervention.",
    },
    "not_allowed": {"sv": "Din roll kan inte rapportera.", "en": "Your role cannot report."},
    "language": {"sv": "In English", "en": "På svenska"},
}


def count(n: int, language: Language) -> str:
    return text("incidents_1", language) if n == 1 else text("incidents_n", language, n=n)


def text(key: str, language: Language, **params: object) -> str:
    template = TEXTS[key][language]
    return template.format(**params) if params else template
