"""/ask QUESTION: a question about an article, in reply to its summary or about the chat's latest.

With a model server the reply is the model's answer from the article's text only (the guard
applied), with the supporting sentences quoted under it. Without one, or when the model fails,
it is the two or three sentences of the article that answer best, marked as extracts.
"""

from __future__ import annotations

from telegram import Update

from handlers.context import NewsbotContext
from handlers.i18n import N_, _
from handlers.links import entry_behind, thread_of, typing
from handlers.render import Block, link, pack, raw, text
from summarizer.summarizers.answers import Answer

MAX_QUESTION = 500  # characters of the question the model is shown
USAGE = N_(
    "Ask me about an article: /ask QUESTION, in reply to my summary of it, or on its own about "
    "the latest article in this chat."
)
NO_ARTICLE = N_("There is no article in this chat yet: send me a link first, then /ask about it.")
GONE = N_("That article is no longer in my memory. Send the link again, then ask.")


def render_answer(answer: Answer, *, title: str, url: str) -> list[str]:
    """The reply: the model's answer and its support, or the extracts marked as such."""
    blocks: list[Block] = [raw(f"<b>{text(answer.question)}</b>"), raw(link(url, title or url))]
    blocks.append(raw(""))
    if answer.from_model:
        blocks.extend(Block(s, before="") for s in answer.text)
        if answer.extracts:
            blocks.append(raw(""))
            blocks.append(raw(f"<i>{text(_('What the article says:'))}</i>"))
            blocks.extend(Block(s, before="“", after="”") for s in answer.extracts)
    elif answer.extracts:
        blocks.append(raw(f"<i>{text(_('Extracts from the article (not a written answer):'))}</i>"))
        blocks.extend(Block(s, before="“", after="”") for s in answer.extracts)
    else:
        blocks.append(raw(f"<i>{text(_('I found nothing in the article about that.'))}</i>"))
    return pack(blocks)


async def ask_command(update: Update, context: NewsbotContext) -> None:
    """/ask QUESTION (see the module doc)."""
    message, chat = update.effective_message, update.effective_chat
    if message is None or chat is None:
        return
    question = " ".join(context.args or []).strip()[:MAX_QUESTION]
    if not question:
        await message.reply_text(text(_(USAGE)))
        return
    services = context.services
    found = await entry_behind(services, context.bot, message.reply_to_message)
    if found is None:
        found = await services.history.latest(chat.id)
    if found is None:
        await message.reply_text(text(_(NO_ARTICLE)))
        return
    entry = found.entry
    settings = await services.chats.settings_of(chat.id)
    async with typing(context.bot, chat.id, thread_of(message)):
        result = await services.articles.answer(
            entry.article_id, question, language=settings.summary_language
        )
    if result is None:
        await message.reply_text(text(_(GONE)))
        return
    article, answer = result
    parts = render_answer(answer, title=article.title, url=article.canonical_url or article.url)
    for part in parts:
        await message.reply_text(part)
