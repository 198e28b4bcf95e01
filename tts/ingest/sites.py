"""Per-site rules from tts/data/sites.toml: what a site needs removed beyond the generic rules.

Newsrooms know their own templates; a selector here is cheaper than a smarter heuristic.
"""

from __future__ import annotations

import sys
from functools import cache
from importlib import resources
from urllib.parse import urlsplit

from cssselect import SelectorError
from lxml.cssselect import CSSSelector
from lxml.etree import XPath, XPathSyntaxError

from tts.errors import ConfigError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


@cache
def _rules() -> dict[str, tuple[XPath, ...]]:
    text = (resources.files("tts") / "data" / "sites.toml").read_text("utf-8")
    return {
        domain.lower(): tuple(_compile(rule, domain) for rule in table.get("drop", []))
        for domain, table in tomllib.loads(text).items()
    }


def _compile(rule: str, domain: str) -> XPath:
    """XPath when the rule starts with '/' or '(', else a CSS selector."""
    try:
        if rule.startswith(("/", "(")):
            return XPath(rule)
        return XPath(CSSSelector(rule).path)
    except (XPathSyntaxError, SelectorError) as error:
        raise ConfigError(f"sites.toml [{domain}]: bad selector {rule!r}: {error}") from None


def domain_of(url: str) -> str:
    """'https://www.tagesschau.de/x' -> 'www.tagesschau.de' ('' for no URL)."""
    return (urlsplit(url).hostname or "").lower() if url else ""


def drop_rules(host: str) -> tuple[XPath, ...]:
    """The rules for `host` and every domain above it (www.x.de uses x.de's)."""
    rules = _rules()
    parts = host.lower().split(".")
    found: list[XPath] = []
    for start in range(len(parts) - 1):
        found.extend(rules.get(".".join(parts[start:]), ()))
    return tuple(found)
