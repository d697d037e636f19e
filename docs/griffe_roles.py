"""A griffe extension: Sphinx roles in slakit's docstrings become links in the API reference.

slakit's docstrings say ``:meth:`add` `` and ``:class:`Event` `` (readable in ``help()``
and in an editor); mkdocstrings renders Markdown, where a role would show as raw text.
This extension rewrites each role, before the docstring is parsed, into an autorefs
cross-reference ``[`add`][slakit.Schedule.add]``:

- the name is resolved the way Python would see it from the docstring's object (its
  members, its class, its module's names and imports), by griffe;
- the resolved path is then spelled through the top-level ``slakit`` name that
  exports it (``slakit.schedule.Schedule.add`` -> ``slakit.Schedule.add``), which is
  where the reference page renders it, so a class moving between modules does not
  break the link;
- a name that cannot be resolved stays as code, never as a raw role.

With ``strict: true`` an unresolved link fails the build, so a role that points at an
object the reference page does not render is caught in CI.
"""

from __future__ import annotations

import re
from typing import Any

import griffe

ROLE = re.compile(r":(?:py:)?(?:meth|class|func|attr|data|exc|mod|obj|const):`~?([\w.]+)`")


def _public_names(pkg: griffe.Module) -> dict[str, str]:
    """Canonical path -> top-level public path, for every alias ``pkg`` exports."""
    names: dict[str, str] = {}
    for name, member in pkg.members.items():
        if member.is_alias and not name.startswith("_"):
            names[member.target_path] = f"{pkg.path}.{name}"  # type: ignore[union-attr]
    return names


def _public(path: str, names: dict[str, str]) -> str:
    """``path`` spelled through its top-level export, where there is one."""
    head, rest = path, ""
    while head:
        if head in names:
            return names[head] + rest
        head, _, last = head.rpartition(".")
        rest = f".{last}{rest}"
    return path


def _link(obj: griffe.Object, name: str, names: dict[str, str]) -> str:
    first, _, tail = name.partition(".")
    try:
        path = obj.resolve(first)
    except (griffe.NameResolutionError, AttributeError, KeyError):
        return f"`{name}`"
    if tail:
        path = f"{path}.{tail}"
    return f"[`{name}`][{_public(path, names)}]"


def _walk(obj: griffe.Object, names: dict[str, str]) -> None:
    if obj.docstring is not None and ":" in obj.docstring.value:
        obj.docstring.value = ROLE.sub(
            lambda match: _link(obj, match.group(1), names), obj.docstring.value
        )
    for member in obj.members.values():
        if not member.is_alias:
            _walk(member, names)  # type: ignore[arg-type]


class SphinxRoles(griffe.Extension):
    """Turn ``:meth:`x` ``-style roles into cross-references, once the package is loaded."""

    def on_package(self, *, pkg: griffe.Module, **kwargs: Any) -> None:
        _walk(pkg, _public_names(pkg))

    # griffe 1's name of the same event; a second pass finds no roles left to rewrite.
    on_package_loaded = on_package
