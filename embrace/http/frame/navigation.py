"""The web app's way around: every page a signed-in person can go to from the top bar, and who may."""

from __future__ import annotations

from dataclasses import dataclass

from embrace.messages import Language
from embrace.roles import Action, Role, allowed
from embrace.sqlstore.accounts import SignedIn


@dataclass(frozen=True)
class Link:
    name: str
    path: str
    text: str  # a catalogue id
    action: Action | None = None  # what a role must be allowed to see the link; None: everyone

    def open_to(self, role: Role) -> bool:
        return self.action is None or allowed(role, self.action)


LINKS = (
    Link("report", "/app/report", "app.nav_report"),
    Link("reports", "/app/reports", "app.nav_reports"),
    Link("interventions", "/app/interventions", "app.nav_interventions"),
    Link("lagesbild", "/app/lagesbild", "app.nav_lagesbild"),
    Link("quarterly", "/app/lagesbild/kvartal", "app.nav_quarterly", action="analyse"),
    Link("problems", "/app/problems", "app.nav_problems"),
    Link("meeting", "/app/meeting", "app.nav_meeting", action="chair"),
    Link("quarter_meeting", "/app/meeting/quarterly", "app.nav_quarter_meeting", action="chair"),
    Link("tasks", "/app/tasks", "app.nav_tasks"),
    Link("feedback", "/app/feedback", "app.nav_feedback"),
    Link("partners", "/app/partners", "app.nav_partners", action="manage_partners"),
)


@dataclass(frozen=True)
class TopBar:
    """What the top bar shows: who is signed in and where they may go. The page says where they are by
    setting ``active`` to a link's name."""

    signed: SignedIn | None  # None: only the language switch, as on the sign-in page
    links: tuple[Link, ...]
    path: str  # where the language switch comes back to
    other_language: Language


def top_bar(signed: SignedIn | None, path: str, language: Language) -> TopBar:
    role = signed.principal.role if signed else None
    return TopBar(
        signed=signed,
        links=tuple(link for link in LINKS if role and link.open_to(role)),
        path=path,
        other_language="en" if language == "sv" else "sv",
    )
