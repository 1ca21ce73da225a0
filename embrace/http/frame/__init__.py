"""The one page frame every page of the web app stands in: the top bar with the way around, the sign-out,
the language switch, and the frame's own style. The web app's pages and the situation reports extend
``frame.html``; a report printed or mailed is framed without the top bar.

Hooks of ``frame.html``: ``title``, ``head`` (a page's stylesheet), ``main``, ``scripts``. Context:
``lang``, and for the top bar ``frame`` as made by :func:`top_bar`."""

from __future__ import annotations

import base64
import hashlib
from importlib import resources

from jinja2 import ChoiceLoader, Environment, PackageLoader, select_autoescape

from embrace import i18n
from embrace.http.frame.navigation import LINKS, Link, TopBar, top_bar

STYLE = resources.files(__package__).joinpath("frame.css").read_text(encoding="utf-8")
# The frame's style is inline so that a report saved or printed carries it; the web app's content security
# policy lets exactly this text in by its hash.
STYLE_HASH = "'sha256-" + base64.b64encode(hashlib.sha256(STYLE.encode()).digest()).decode() + "'"

__all__ = ["LINKS", "STYLE", "STYLE_HASH", "Link", "TopBar", "environment", "top_bar"]


def environment(package: str) -> Environment:
    """A Jinja2 environment for ``package``'s templates that also finds ``frame.html``."""
    made = Environment(
        loader=ChoiceLoader([PackageLoader(package, "templates"), PackageLoader(__package__, "templates")]),
        autoescape=select_autoescape(),
    )
    i18n.install(made)
    made.globals["frame_style"] = STYLE
    return made
