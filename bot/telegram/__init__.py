"""python-telegram-bot wiring: the Application, its typed shared state, the handlers, the
organisers' chat commands and the flood guard.

Handlers are thin: they turn an update into a call to `bot.answers.dialogue` (or the
campaign, for organisers) and send the reply through `context.send`.

May import everything below it: `bot.answers`, `bot.storage`, `bot.config`, `bot.campaign`,
`bot.clock`, `bot.transport`. Only the command line imports this package.
"""
