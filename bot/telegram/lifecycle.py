"""How the Application stops, in one place for polling (`app.stop_polling`) and the webhook
(`webhook.WebhookServer`): the order python-telegram-bot's own `run_*` methods use, which
both front doors must keep so that sends in progress stop and the counters are written.
"""

from __future__ import annotations

import signal

from bot.telegram.context import App

# What stops the bot, whichever front door it runs (the start-up checks honour them too).
STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)


async def stop_application(application: App) -> None:
    """Stop fetching updates, stop, then shut down.

    Stopping handles every queued update to the end; post_stop (which lets sends in
    progress stop and writes the counters) runs only after a real stop, as in
    python-telegram-bot, so a failed start does not run it.
    """
    if application.updater is not None and application.updater.running:
        await application.updater.stop()
    if application.running:
        await application.stop()
        if application.post_stop:
            await application.post_stop(application)
    await application.shutdown()
    if application.post_shutdown:
        await application.post_shutdown(application)
