"""The bot's use cases: what a chat can ask, combining the pipeline (``summarizer``) and the
repositories (``storage``). No Telegram here: services take plain values and repositories,
return typed results and raise the project's errors; ``handlers`` turn updates into calls and
results into messages; ``bot.services`` builds every service once.
"""
