"""Who uses the instance, by the names people know them by: a tenant (a municipality) and its partner
organisations. They are published when added or renamed, so that readers of the warehouse (Grafana) can say
"Demobostäder AB" where the data says ``demobostader``."""

from __future__ import annotations

from embrace.contracts.envelope import Versioned
from embrace.contracts.fields import OrganisationKind, ShortText, Slug


class RegisteredTenant(Versioned):
    name: ShortText


class RegisteredOrganisation(Versioned):
    organisation: Slug
    name: ShortText
    kind: OrganisationKind
