"""The awareness-week campaign: the plan and its quiet hours, delivering broadcasts, the
scheduler that sends the plan, the figures organisers read, the `broadcast`/`stats`
commands, and the campaign report (figures, charts, the HTML page, the `report` command).

May import: `bot.answers` (content, replies), `bot.storage`, `bot.config`, `bot.clock`,
`bot.transport` and python-telegram-bot's `Bot`. Not `bot.telegram`: the running bot and
the command line both drive the campaign, so it cannot depend on either.
"""
