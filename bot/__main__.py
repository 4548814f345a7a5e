"""Entry point: `python -m bot COMMAND`."""

from bot.cli import main

raise SystemExit(main())
