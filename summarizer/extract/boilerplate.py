"""Boilerplate rules as data: the patterns of lines and headings that are page furniture.

Each pattern is applied by ``summarizer.extract.body``; adding a language's wording is an edit
here only.
"""

from __future__ import annotations

import re

BOILERPLATE_LINE = re.compile(
    r"""^(
        advertisement|advertising|anzeige|реклама|publicité|publicidad|sponsored( content)?
      | (story|article) continues below.* | continue reading.* | scroll (down )?to continue.*
      | (read|see|watch|listen)( the)? (more|also|next|full story|full article)\b.*
      | (more|related)( (stories|articles|coverage|content|reading|news|links|topics))?\s*[:»›>].*
      | (related|recommended|trending( now)?|popular|most (read|popular|viewed|shared)|top stories)
        (\s(stories|articles|coverage|content|reading|news|links|topics|posts|videos))?
        \s*([:»›>|-].*)?
      | (mehr zum thema|lesen sie auch|auch interessant|weitere artikel|das könnte sie)\b.*
      | (читайте также|смотрите также|по теме|еще по теме)\b.*
      | (lire aussi|à lire aussi|voir aussi|leer más|lee también|vea también|leia também)\b.*
      | (sign up|subscribe|register|join)\b.{0,120}\b(newsletter|email|inbox|updates|free)\b.*
      | (get|receive) (our|the) .{0,60}newsletter.*
      | .{0,80}\bnewsletter\b.{0,80}(sign up|subscribe|inbox)\b.*
      | (follow|like) us( on)?\b.{0,80}
      | (share|tweet|email|print)( (this|on|via)\b.{0,60})?
      | (click|tap) here\b.{0,100}
      | (photo|image|picture|video|foto|bild|фото|credit|quelle|crédit)s?(\s+credit)?\s*[:©].{0,200}
      | (image|photo) (copyright|caption|source)\b.{0,200}
      | (getty\simages|ap\sphoto|afp|reuters|shutterstock|epa|dpa|istock)
        (\s*(/|via|\||,)\s*[\w .'’/-]{0,60})?
      | (©|copyright|\(c\)).{0,200} | .{0,160}\ball rights reserved\b.{0,100}
      | this\s(article|story|content)\s(was|is|has\sbeen)\s(originally\s)?
        (published|updated|produced|corrected)\b.{0,200}
      | (updated|published|posted|last\s(updated|modified))\s*(:|on\b|at\b|\d).{0,80}
      | (subscribe|sign\sin|log\sin|sign\sup|register)(\s(now|today|here))?\W*
      | subscribe\s(to|now|today)\b.{0,150}
      | more\s(great\s|top\s|recent\s|popular\s)?([\w’'-]+\s){0,2}
        (stories|articles|reads|coverage|news)\W*
      | (loading|please enable javascript|javascript is (disabled|required)).{0,100}
      | (we use cookies|this (web)?site uses cookies|cookies? (policy|settings|preferences)).{0,400}
      | ((view|show|read|add|post|leave|load|see)\s(all\s)?(\d+\s)?)?(a\s)?comments?
        (\s*\(\d+\)|\s\d+)?
    )$""",
    re.IGNORECASE | re.VERBOSE,
)

# Whole short lines that are credits, contact lines, promos or page furniture.
FURNITURE_LINE = re.compile(
    r"""^(
        [(\[]?\s*((additional|further)\s)?(reporting|writing|editing|research)\s(by|from)\b.{0,250}
      | .{0,200}\bcontribut(ed|ing)\s(reporting|to\sthis\s(report|story|article))\b.{0,100}
      | (with|from)\s.{0,40}\b(wires?|wire\sservices|news\sservices|staff\swriters?|reports)
      | (contributing|contributors?)\s*:.{0,120}
      | staff\sreports?|wire\sreports?|from\swire\sreports
      | [—–-]\s*.{1,80}\(@\w{1,30}\).{0,60}
      | (have\sa\s(news\s)?tip\??|write\sto|email|e-mail|contact|reach)\s.{0,150}@.{0,150}
      | .{0,120}\b(may|can)\sbe\s(reached|contacted)\sat\b.{0,200}
      | .{0,250}\bfollow\s(@\w+|.{1,60}?\s(on|at|via)\s
        (twitter|facebook|instagram|x|youtube|linkedin|tiktok|telegram|https?://|www\.))
        .{0,200}
      | (https?://)?(www\.)?(twitter|x|facebook|instagram|linkedin|t)\.(com|me)/\S+
      | (if\syou\s)?(like|liked|enjoy|enjoyed|love|loved)\s(this|the)\s(story|article|post)\b
        .{0,250}
      | .{0,120}\b(if\syou\s(buy|purchase|click)|we\smay\s(earn|receive|get)
        |may\s(earn|get|receive)\sa\s(small\s)?(commission|share))\b.{0,250}
      | .{0,120}\bfor\syour\spersonal,?\snon-commercial\suse\sonly\b.{0,300}
      | (you\s(may|might)\salso\slike|don'?t\smiss|explore\sfurther|leggi\sanche|filed\sunder
        |order\sreprints|print\sarticle|(more\s)?from\sour\spartners|recommended\sfor\syou
        |what\sto\sread\snext|up\snext)\b.{0,120}
      | (reading\stime|read\stime|lesezeit|tempo\sde\sleitura|tiempo\sde\slectura|время\sчтения)
        \s*:?.{0,30}
      | \d+\s*(min|minute|minutes|mins)\.?\s(read|lesezeit)
      | source\s*:.{0,60}
      | \S+@\S+\.\w+
      | [(\[].{0,120}[)\]]
    )$""",
    re.IGNORECASE | re.VERBOSE,
)

# Short lines that are just a date or a time stamp ("Updated 10:45 AM EST 11/19/2019").
DATE_STAMP = re.compile(
    r"\d{4}-\d{2}-\d{2}|\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b|\b\d{1,2}:\d{2}\b|\b\d{1,2}\s?[ap]\.?m\.?(\s|$)",
    re.IGNORECASE,
)

PROMO = re.compile(r"\b(click here|tap here)\b", re.IGNORECASE)

NEWSLETTER = re.compile(r"newsletter|рассылк|infolettre|boletín", re.IGNORECASE)

SUBSCRIBE = re.compile(
    r"\b(subscrib\w*|sign(ing)? up|signup|inbox|delivered|register|abonnier\w*|anmelden|"
    r"подпи\w*|inscri\w*|suscrib\w*|iscriv\w*)",
    re.IGNORECASE,
)

NO_WORD = re.compile(r"^[\W_]*$")

# "By Jane Doe and John Roe", "By JANE DOE, Reuters": a byline line.
BYLINE = re.compile(r"^(by|von|par|por|di|door|av)\s+(\S+\s*){1,10}$", re.IGNORECASE)

BYLINE_CONNECTORS = frozenset(
    {"and", "&", "und", "et", "y", "e", "|", "-", "–", "de", "van", "von", "der", "da", "in"}
)

# Text in the middle of a short line that betrays a caption or a credit.
CREDIT_TAIL = re.compile(
    r"[(\[]\s*(photo|image|picture|foto|bild|фото|credit|source|getty|ap|afp|reuters|epa)\b[^)\]]{0,80}[)\]]\s*$",
    re.IGNORECASE,
)

COOKIE = re.compile(
    r"\b(cookies?|consent|gdpr|datenschutz\w*|einwilligung|zustimmen|файл\w* cookie|куки|"
    r"согласи\w*|privacy (settings|preferences|policy)|tracking technologies|"
    r"partners? (process|use))\b",
    re.IGNORECASE,
)

LOGIN = re.compile(
    r"\b(log ?in|sign ?in|sign ?up|create an account|register|subscribe to (continue|read)|"
    r"already a (subscriber|member)|forgot (your )?password|password|anmelden|einloggen|"
    r"registrieren|войти|вход|зарегистр\w*|пароль|connexion|s'identifier|iniciar sesión|"
    r"登录|登入|ログイン|تسجيل الدخول)\b",
    re.IGNORECASE,
)


# A heading that opens a section of page furniture: everything under it, up to the next
# heading, is dropped ("About Acme Corp" closing a press release, "Related stories", ...).
FURNITURE_HEADING = re.compile(
    r"""^(
        about\s(the\s)?(author|authors|writer|writers|us|the\scompany)
      | (related|recommended|popular|trending|most\s(read|popular|viewed|shared)|top\sstories)
        (\s\w+){0,3}
      | more\s(from|on|about|in|stories|news|articles|like\sthis)\b.{0,60}
      | (you\s(may|might)\salso\s(like|enjoy)|further\sreading|read\s(more|next|also)|see\salso)
      | (comments?|leave\sa\s(comment|reply)|join\sthe\s(conversation|discussion)|discuss)
        (\s*\(?\d+\)?)?
      | (share\s(this|the)\s(article|story|post)|share)
      | (sign\sup|subscribe|newsletter)\b.{0,60}
      | (tags|topics|categories|filed\sunder)
      | (über\s(uns|den\sautor|die\sautorin)|mehr\szum\sthema|das\skönnte\ssie\sauch\sinteressieren)
      | (об\sавторе|похожие\s\w+|читайте\sтакже|по\sтеме|комментарии)
      | (à\spropos\s.{0,40}|sur\sle\smême\ssujet|à\slire\saussi|lire\saussi)
      | (sobre\s(el|la|o|a)\s(autor|autora)|noticias\srelacionadas|notícias\srelacionadas
        |leia\stambém)
    )\s*[:.]?$""",
    re.VERBOSE | re.IGNORECASE,
)

# "About Acme Corp.", "Über die Acme AG": the boilerplate that closes a press release.
ABOUT_NAME = re.compile(
    r"^(About|Über(\s(die|den|das))?|À\spropos\sde|Sobre|Acerca\sde|О\s(компании)?)\s+"
    r"[A-ZÀ-ÖØ-ÞА-Я0-9][\w&.'’-]*(\s[A-ZÀ-ÖØ-ÞА-Я0-9(][\w&.'’()-]*){0,4}\s*:?$"
)
