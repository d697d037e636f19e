"""The five vendor regulations slakit ships, one declarative module each.

``from slakit.presets import distate`` gives the module; its ``REGULATION`` is the
regulation (the latest edition) and its ``EDITIONS`` every edition slakit knows, each
with the date it takes effect. :func:`get` finds one by name, :func:`editions` its
editions, and :func:`names` lists them. A contract variant of a preset (the same text
with what a contract may change, such as ``technomarket.AROUND_THE_CLOCK``) is got by
its dotted name; :func:`variants` lists them. Presets are loaded on first use, so
importing slakit stays cheap.
"""

from __future__ import annotations

import importlib

from slakit.errors import UnknownPresetError
from slakit.regulation import Editions, Regulation

__all__ = ["editions", "get", "names", "variants"]

# name -> module under slakit.presets; adding a vendor is one module and one line here.
_REGISTRY: dict[str, str] = {
    "advantshop": "advantshop",
    "aggregion": "aggregion",
    "aspro": "aspro",
    "distate": "distate",
    "technomarket": "technomarket",
}

# dotted name -> (module, attribute): a contract variant the regulation's text allows.
_VARIANTS: dict[str, tuple[str, str]] = {
    # "8 часов в рабочее время или круглосуточно, в зависимости от условий договора"
    "technomarket.AROUND_THE_CLOCK": ("technomarket", "AROUND_THE_CLOCK"),
}


def names() -> tuple[str, ...]:
    """The preset names, sorted."""
    return tuple(sorted(_REGISTRY))


def variants() -> tuple[str, ...]:
    """The contract variants' dotted names (``technomarket.AROUND_THE_CLOCK``), sorted."""
    return tuple(sorted(_VARIANTS))


def get(name: str) -> Regulation:
    """The preset regulation or contract variant called ``name``.

    An unknown name is an :class:`~slakit.errors.UnknownPresetError` listing the
    valid presets and variants.
    """
    if isinstance(name, str) and name in _VARIANTS:
        module_name, attribute = _VARIANTS[name]
    elif isinstance(name, str) and name in _REGISTRY:
        module_name, attribute = _REGISTRY[name], "REGULATION"
    else:
        raise UnknownPresetError(name, (*_REGISTRY, *_VARIANTS))
    module = importlib.import_module(f"{__name__}.{module_name}")
    regulation: Regulation = getattr(module, attribute)
    return regulation


def editions(name: str) -> Editions:
    """Every edition of the preset ``name`` slakit ships, for tickets that follow the
    edition in force at their opening or at a contract date (``Ticket.open``)."""
    if not isinstance(name, str) or name not in _REGISTRY:
        raise UnknownPresetError(name, _REGISTRY)
    module = importlib.import_module(f"{__name__}.{_REGISTRY[name]}")
    result: Editions = module.EDITIONS
    return result
