"""A local stand-in for the Telegram Bot API, for tests and benchmarks.

The real python-telegram-bot Application runs against it unchanged, so a test exercises the
bot's real handlers, retries and error handling without a network or a token:

    async with BotAPIStub() as stub:
        async with telegram.Bot(stub.token, base_url=stub.base_url) as bot:
            await bot.send_message(42, "hi")
        assert stub.sent[0].text == "hi"
        stub.push_update(text_update("what is sciatica"))  # for the bot's getUpdates

It is split along its seams, and everything public is re-exported here:

* ``updates``: builders of realistic update dicts (``text_update``, ``callback_update``,
  ``photo_update``, ...) and the ids they use (``BOT_ID``, ``DEFAULT_USER_ID``, ...); plain
  functions, no server needed.
* ``server``: ``BotAPIStub``, the aiohttp server that answers Bot API calls, records them
  (``SentMessage``, ``EditedMessage``, ...), feeds updates to getUpdates or a webhook, and
  injects faults (errors, blocked chats, delays, 429 rate limits).
* ``__main__``: ``python -m bot.testing.botapi --port 8081 --rate-limit 30``, the stand-in as a
  separate process with a small HTTP control API, for benchmarks.
"""

from bot.testing.botapi.server import (
    DEFAULT_TOKEN,
    BotAPIStub,
    CallbackAnswer,
    EditedMessage,
    RecordedRequest,
    SentFile,
    SentMessage,
    UploadedFile,
    WebhookConfig,
)
from bot.testing.botapi.updates import (
    BOT_FIRST_NAME,
    BOT_ID,
    BOT_USERNAME,
    DEFAULT_GROUP_ID,
    DEFAULT_SUPERGROUP_ID,
    DEFAULT_USER_ID,
    bot_user,
    callback_update,
    document_update,
    edited_text_update,
    location_update,
    my_chat_member_update,
    photo_update,
    sticker_update,
    text_update,
    voice_update,
)

__all__ = [
    "BOT_FIRST_NAME",
    "BOT_ID",
    "BOT_USERNAME",
    "DEFAULT_GROUP_ID",
    "DEFAULT_SUPERGROUP_ID",
    "DEFAULT_TOKEN",
    "DEFAULT_USER_ID",
    "BotAPIStub",
    "CallbackAnswer",
    "EditedMessage",
    "RecordedRequest",
    "SentFile",
    "SentMessage",
    "UploadedFile",
    "WebhookConfig",
    "bot_user",
    "callback_update",
    "document_update",
    "edited_text_update",
    "location_update",
    "my_chat_member_update",
    "photo_update",
    "sticker_update",
    "text_update",
    "voice_update",
]
