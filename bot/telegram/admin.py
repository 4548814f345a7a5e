"""Organisers in the chat: `/broadcast TEXT` with a preview and a confirm, `/stats` and
`/report`.

Only users listed in ADMIN_IDS may use these; anyone else is refused politely and the
attempt is logged. A broadcast is created in the database at preview time, so the Send
button names a stored text: a double press, or a press after a restart, resumes the
same broadcast instead of sending a second copy. Sending runs in the background (the
bot keeps answering everyone else) and edits a progress message as it goes.

Quiet hours are judged by the application's clock (`BotData.clock`), at the press of Send and
while sending, never by the system clock directly: a test sets that clock to 03:00 or to the
morning the clocks change, and gets the same answer whenever it runs.
"""

from __future__ import annotations

import asyncio
import html
import logging
import secrets
import time

from telegram import Bot, InputFile, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest, TelegramError

from bot.answers.replies import (
    BroadcastTextError,
    Button,
    Reply,
    broadcast_text,
    message_reply,
    plain_reply,
)
from bot.campaign.delivery import DatabaseUnavailable, Progress, deliver
from bot.campaign.figures import stats_lines
from bot.campaign.plan import quiet_now
from bot.campaign.scheduler import LEASE_SECONDS, Lease
from bot.telegram.context import BotData, Context, send

log = logging.getLogger(__name__)

SEND_PREFIX = "bc:send:"
CANCEL_PREFIX = "bc:cancel:"
BUTTON_PATTERN = r"^bc:(send|cancel):"  # the preview's buttons, routed to `button` below
PROGRESS_EVERY_SECONDS = 2.0  # edits are rate limited too: no more often than this


def is_admin(update: Update, svc: BotData) -> bool:
    user = update.effective_user
    return user is not None and user.id in svc.settings.admin_ids


async def _refuse(update: Update, context: Context, what: str) -> bool:
    """Refuse a non-admin (politely, and logged); True when refused."""
    svc = context.bot_data
    if is_admin(update, svc):
        return False
    user = update.effective_user
    log.warning("refused %s from user %s (not in ADMIN_IDS)", what, user.id if user else None)
    chat = update.effective_chat
    if update.callback_query is not None:
        await update.callback_query.answer()
    if chat is not None:
        await send(context, chat.id, message_reply(svc.content, "not_admin"))
    return True


async def _flush_counts(svc: BotData) -> None:
    """Write the counts still held in memory, so the figures include the last seconds."""
    await svc.counter.flush()
    await svc.words.flush()


async def stats(update: Update, context: Context) -> None:
    """Show subscribers, broadcasts and questions per topic (counts only)."""
    if await _refuse(update, context, "/stats"):
        return
    svc = context.bot_data
    assert update.effective_chat is not None
    await _flush_counts(svc)
    lines = await stats_lines(svc.store) if svc.store is not None else ["No database."]
    body = "<pre>" + html.escape("\n".join(lines)) + "</pre>"
    await send(context, update.effective_chat.id, plain_reply(svc.content, body))


async def report(update: Update, context: Context) -> None:
    """Send the campaign report: the main chart as a picture, then the page as a file."""
    if await _refuse(update, context, "/report"):
        return
    svc = context.bot_data
    assert update.effective_chat is not None
    chat_id = update.effective_chat.id
    if svc.store is None:
        await send(context, chat_id, plain_reply(svc.content, "No database."))
        return
    await _flush_counts(svc)
    # Imported here: the report's page and charts (about 0.5 MB of modules) are only needed
    # when an organiser asks, not by every running bot.
    from bot.campaign.report_command import build

    titles = {topic.id: topic.title for topic in svc.content.topics.values()}
    built = await build(svc.store, titles=titles, now=svc.clock(), picture=True)
    caption = plain_reply(svc.content, html.escape(built.caption)).text
    made = built.report.generated
    try:
        if built.png is None:
            await send(context, chat_id, plain_reply(svc.content, html.escape(built.caption)))
        else:
            await context.bot.send_photo(
                chat_id, InputFile(built.png, filename=f"report-{made:%Y-%m-%d}.png"),
                caption=caption, parse_mode=ParseMode.HTML)
        await context.bot.send_document(
            chat_id, InputFile(built.html.encode(), filename=f"report-{made:%Y-%m-%d}.html"),
            caption=plain_reply(svc.content, "The whole report: open the file in a browser; "
                                "it needs no internet.").text,
            parse_mode=ParseMode.HTML)
    except TelegramError as exc:
        log.warning("could not send the report: %s", exc)


async def broadcast(update: Update, context: Context) -> None:
    """Preview a broadcast with Send and Cancel buttons; nothing goes out yet."""
    if await _refuse(update, context, "/broadcast"):
        return
    svc = context.bot_data
    message = update.effective_message
    assert message is not None and update.effective_chat is not None and message.text
    chat_id = update.effective_chat.id
    parts = message.text.split(maxsplit=1)
    if len(parts) < 2 or not parts[1].strip():
        await send(context, chat_id, message_reply(svc.content, "admin_broadcast_usage"))
        return
    try:
        text = broadcast_text(svc.content, message=parts[1])
    except BroadcastTextError as exc:
        await send(context, chat_id, message_reply(svc.content, "admin_broadcast_invalid",
                                                    reason=str(exc)))
        return
    assert svc.store is not None
    # When and by whom, for organisers reading `stats`; the random part keeps two previews of
    # different texts in the same second (or under a test's frozen clock) from colliding.
    stamp = svc.clock().strftime("%Y%m%d-%H%M%S")
    user_id = update.effective_user.id if update.effective_user else 0
    broadcast_id = f"chat-{stamp}-{user_id}-{secrets.token_hex(2)}"
    await svc.store.create_broadcast(broadcast_id, text, "chat")
    count = await svc.store.owed(broadcast_id)
    await send(context, chat_id, message_reply(svc.content, "admin_broadcast_preview",
                                               count=str(count)))
    # Then the exact message subscribers will get, footer included, with the buttons.
    buttons = ((Button(svc.content.messages["button_send"], SEND_PREFIX + broadcast_id),
                Button(svc.content.messages["button_cancel"], CANCEL_PREFIX + broadcast_id)),)
    await send(context, chat_id, Reply(text, buttons))


async def button(update: Update, context: Context) -> None:
    """Send or Cancel pressed on a preview."""
    query = update.callback_query
    if query is None:
        return
    if not query.data:
        # python-telegram-bot hands a press without data to every pattern: it is nobody's
        # broadcast button, so it gets what any unknown button gets, the menu.
        chat_id = query.message.chat.id if query.message else query.from_user.id
        await query.answer()
        await send(context, chat_id, context.bot_data.conversation.menu())
        return
    if await _refuse(update, context, "a broadcast button"):
        return
    svc = context.bot_data
    chat_id = query.message.chat.id if query.message else query.from_user.id
    await query.answer()
    if query.data.startswith(CANCEL_PREFIX):
        await _drop_buttons(query)
        await send(context, chat_id, message_reply(svc.content, "admin_broadcast_cancelled"))
        return
    broadcast_id = query.data[len(SEND_PREFIX):]
    tasks = svc.admin_tasks
    running = tasks.get(broadcast_id)
    if running is not None and not running.done():
        await send(context, chat_id, message_reply(svc.content, "admin_broadcast_running"))
        return
    if quiet_now(svc.plan, svc.clock()):
        await send(context, chat_id, message_reply(svc.content, "admin_broadcast_quiet"))
        return
    # Registered before anything is awaited: a second press handled meanwhile (updates are
    # handled concurrently) must find this one running, or both would send to everyone.
    log.info("admin %s started broadcast %s", query.from_user.id, broadcast_id)
    tasks[broadcast_id] = asyncio.create_task(_run(context, broadcast_id, chat_id),
                                              name=f"broadcast {broadcast_id}")


async def _drop_buttons(query: object) -> None:
    try:
        await query.edit_message_reply_markup(None)  # type: ignore[attr-defined]
    except TelegramError as exc:
        log.debug("could not remove the preview's buttons: %s", exc)


async def _run(context: Context, broadcast_id: str, chat_id: int) -> None:
    """Deliver in the background, with a progress message edited every few seconds.

    It stops, leaving the rest pending for the next press of Send, when the bot shuts down
    or when the application's clock reaches quiet hours.
    """
    svc, bot = context.bot_data, context.bot
    assert svc.store is not None
    progress_id: int | None = None
    last_edit = 0.0
    pending_edit: asyncio.Task[None] | None = None

    async def edit(reply: Reply) -> None:
        if progress_id is None:
            return
        try:
            await bot.edit_message_text(reply.text, chat_id, progress_id,
                                        parse_mode=ParseMode.HTML)
        except BadRequest as exc:  # "message is not modified" and the like
            log.debug("progress edit skipped: %s", exc)
        except TelegramError as exc:
            log.warning("progress edit failed: %s", exc)

    def on_progress(progress: Progress) -> None:
        nonlocal last_edit, pending_edit
        # Real seconds, not the application's clock: this only paces edits (Telegram limits
        # them too), and a test's frozen clock would otherwise allow a single edit.
        now = time.monotonic()
        if now - last_edit < PROGRESS_EVERY_SECONDS or (pending_edit and not pending_edit.done()):
            return
        last_edit = now
        pending_edit = asyncio.create_task(edit(message_reply(
            svc.content, "admin_broadcast_progress", id=broadcast_id, done=str(progress.done),
            total=str(progress.total), sent=str(progress.sent), blocked=str(progress.blocked),
            failed=str(progress.failed))))

    # Another replica may be sending it already (Send pressed twice, each press reaching a
    # different process): the database's lease decides, as for the scheduled campaign.
    claim = f"chat-broadcast:{broadcast_id}"
    owner = svc.campaign_owner or "bot"
    claimed_at = svc.clock()
    if not await svc.store.claim_schedule_item(claim, owner, LEASE_SECONDS, now=claimed_at):
        await send(context, chat_id, message_reply(svc.content, "admin_broadcast_running"))
        return
    lease = Lease(svc.store, claim, owner, LEASE_SECONDS, svc.clock, claimed_at)
    keeper = asyncio.create_task(lease.keep(), name=f"lease-{claim}")

    def should_stop() -> bool:
        return svc.stopping or not lease.held() or quiet_now(svc.plan, svc.clock())

    try:
        progress_id = await send(context, chat_id, message_reply(
            svc.content, "admin_broadcast_progress", id=broadcast_id, done="0", total="…",
            sent="0", blocked="0", failed="0"))
        summary = await deliver(svc.store, bot, broadcast_id,
                                should_stop=should_stop, on_progress=on_progress)
    except DatabaseUnavailable as exc:  # nothing unrecorded was sent; Send again resumes
        log.warning("broadcast %s stopped: %s", broadcast_id, exc)
        await _send_error(svc, bot, chat_id)
        return
    except Exception:
        log.exception("broadcast %s failed", broadcast_id)
        await _send_error(svc, bot, chat_id)
        return
    finally:
        keeper.cancel()
        await asyncio.gather(keeper, return_exceptions=True)
        try:  # not completed: a later press resumes what is still owed
            await svc.store.release_schedule_claim(claim, owner)
        except Exception as exc:  # it expires by itself
            log.warning("broadcast %s: could not release the lease (%s)", broadcast_id,
                        type(exc).__name__)
    if pending_edit is not None:
        await pending_edit
    c = summary.counts
    if c["pending"]:
        await edit(message_reply(svc.content, "admin_broadcast_paused", id=broadcast_id,
                                 pending=str(c["pending"])))
    else:
        await edit(message_reply(svc.content, "admin_broadcast_done", id=broadcast_id,
                                 sent=str(c["sent"]), blocked=str(c["blocked"]),
                                 failed=str(c["failed"])))


async def _send_error(svc: BotData, bot: Bot, chat_id: int) -> None:
    """Tell the organiser the broadcast failed (the log has the details)."""
    try:
        await bot.send_message(chat_id, message_reply(svc.content, "error").text,
                               parse_mode=ParseMode.HTML)
    except TelegramError as exc:
        log.warning("could not report the failed broadcast: %s", exc)
