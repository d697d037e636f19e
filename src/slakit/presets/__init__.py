"""The five vendor regulations slakit ships, one declarative module each.

``from slakit.presets import distate`` gives the module; its ``REGULATION`` is the
regulation (the latest edition) and its ``EDITIONS`` every edition slakit knows, each
with the date it takes effect. :func:`get` finds one by name, :func:`editions` its
editions, and :func:`names` lists them. Presets are
loaded on first use, so importing slakit stays cheap.
"""

from __future__ import annotations

import importlib

from slakit.errors import UnknownPresetError
from slakit.regulation import Editions, Regulation

__all__ = ["editions", "get", "names"]

# name -> module under slakit.presets; adding a vendor is one module and one line here.
_REGISTRY: dict[str, str] = {
    "advantshop": "advantshop",
    "aggregion": "aggregion",
    "aspro": "aspro",
    "distate": "distate",
    "technomarket": "technomarket",
}


def names() -> tuple[str, ...]:
    """The preset names, sorted."""
    return tuple(sorted(_REGISTRY))


def get(name: str) -> Regulation:
    """The preset regulation called ``name``; an unknown name lists the valid ones."""
    if not isinstance(name, str) or name not in _REGISTRY:
        raise UnknownPresetError(name, _REGISTRY)
    module = importlib.import_module(f"{__name__}.{_REGISTRY[name]}")
    regulation: Regulation = module.REGULATION
    return regulation


def editions(name: str) -> Editions:
    """Every edition of the preset ``name`` slakit ships, for tickets that follow the
    edition in force at their opening or at a contract date (``Ticket.open``)."""
    if not isinstance(name, str) or name not in _REGISTRY:
        raise UnknownPresetError(name, _REGISTRY)
    module = importlib.import_module(f"{__name__}.{_REGISTRY[name]}")
    result: Editions = module.EDITIONS
    return result
