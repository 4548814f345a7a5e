"""The back-care awareness bot. `python -m bot COMMAND` runs it; docs/architecture.md maps
the package: the answer engine and storage at the bottom, then settings, the campaign,
Telegram, and the command line on top."""
