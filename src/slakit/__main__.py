"""``python -m slakit``: the same command line as ``slakit``."""

from slakit.cli import main

raise SystemExit(main())
