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


# A line that says the rest of the story is for subscribers: a page that is only its teaser.
PAYWALL_LINE = re.compile(
    r"\b(to\s(read|continue\sreading|keep\sreading)\s(the|this)\s(full|whole|rest\sof\sthe)\s"
    r"(story|article)|subscribe\s(now\s|today\s)?to\s(read|continue|keep\sreading)|"
    r"(for|to)\s(paying\s)?subscribers\sonly|exclusive(ly)?\sfor\ssubscribers|"
    r"réservé\saux\sabonnés|abonnez-vous\spour\slire|nur\sfür\sabonnenten|"
    r"jetzt\sabonnieren|solo\spara\ssuscriptores|suscríbete\spara\sleer|"
    r"только\sдля\sподписчиков)\b",
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

# A whole line that a page shows instead of content: an error, a placeholder, a script or bot
# check ("Page not found", "This page is under construction. Please check back later.",
# "Please enable JavaScript to continue", "Just a moment..."). Only a short page is judged by
# it (``body._refuse_junk``): what is left of one once such lines go is its text. The phrases
# that a news sentence may also hold ("coming soon", "access denied") count only when they are
# most of the line.
PLACEHOLDER_LINE = re.compile(
    r"""^(
        .{0,80}?(
            \b(page|file|article|story|post|content|resource|seite|datei|artikel)s?
            \s(you\s.{0,40}?\s)?(was\s|is\s|could\s|can\s|can[’']t\s|cannot\s)?(n[o'’]t\s|not\s)?
            (be\s)?found\b
          | \bnothing\s(was\s)?found\b | \bnot\sfound\son\sthis\sserver\b
          | \b(could|can|did)\s?(n[o'’]t|not)\sfind\s(that|this|the|your)\s(page|article|story
            |file|post)\b
          | \b(error\s)?(403|404|410|500|502|503)\b(\s?[-:–]\s?|\s)(error|not\sfound|forbidden
            |gone|unavailable|internal\sserver\serror|bad\sgateway)\b
          | \berror\s(403|404|410|500|502|503)\b
          | \b(page|file|article|story|post|content)\s(you\s.{0,40}?\s)?(may|might)\shave\sbeen
            \s(removed|deleted|moved)\b
          | \b(enable|activate|turn\son)\s(your\s)?javascript\b
          | \bjavascript\s(is\s)?(disabled|required|needed|must\sbe\senabled)\b
          | \bjavascript\sto\s(run|view|use|continue)\b
          | \b(your\s)?browser\s(is\s)?(not\ssupported|out\sof\sdate|outdated)\b
          | \b(update|upgrade)\syour\sbrowser\b
          | \b(checking|verifying|check)\s(your\sbrowser|(that\s)?you\sare\s(a\s)?human
            |if\sthe\ssite\sconnection\sis\ssecure)\b
          | \bverify\s(that\s)?you\s(are|'re|’re)\s(a\s)?human\b | \bare\syou\sa\srobot\b
          | \byou\s(are|'re)\sbeing\sredirected\b
          | \b(seite|datei)\s(wurde\s)?nicht\sgefunden\b | \bjavascript\s(aktivieren|einschalten)\b
          | \bpage\s(introuvable|non\strouvée)\b | \bactiver\s(le\s)?javascript\b
          | \bpágina\sno\sencontrada\b | \b(activar|habilitar|active|habilite)\s(el\s)?javascript\b
          | \bстраница\sне\sнайдена\b | \bвключите\sjavascript\b
        ).{0,120}
      | \W*(403|404|410|500|502|503)\W*
      | \W*(loading|please\swait|just\sa\smoment|redirecting|one\smoment(\splease)?)
        (\s*(\.\.\.|…|\.|!)|\s*$).{0,60}
      | .{0,30}?(
            \b(under\sconstruction|coming\ssoon|check\sback\s(later|soon)|(be\s)?back\ssoon)
          | \b(under|down\sfor|undergoing)\s(scheduled\s)?maintenance
          | \b(temporarily|currently)\sunavailable | \bservice\sunavailable
          | \bsomething\swent\swrong.{0,60}
          | \ban?\s(unexpected\s|internal\s)?error\s(has\s)?occurred
          | \b(access|permission)\s(is\s)?denied | \bforbidden | \bunauthori[sz]ed | \bcaptcha
          | \bno\slonger\savailable | \b(does|do)\s?n[o']t\sexist
          | \bim\saufbau | \bwartungsarbeiten | \bzugriff\sverweigert
          | \ben\s(cours\sde\s)?construction | \ben\smaintenance | \baccès\s(refusé|interdit)
          | \ben\sconstrucción | \ben\smantenimiento | \bacceso\sdenegado
          | \bв\sразработке | \bтехнически\w*\sработ\w* | \bдоступ\sзапрещ[её]н
        )\b.{0,40}
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
