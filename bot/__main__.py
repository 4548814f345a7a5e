"""Entry point: `python -m bot COMMAND`."""

from .cli import main

raise SystemExit(main())
