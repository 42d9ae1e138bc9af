"""Word lists for quote attribution: speech verbs, pronouns, titles and name stop-words.

Plain data, per language (ISO 639-1). ``lexicon(language)`` merges a language with the shared
lists; an unknown or missing language gets every language at once, which is safe because the
lists barely collide (the few German and Romance words that are also English function words are
only used where the grammar around them fits).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from functools import cache


class Gender(Enum):
    MALE = "m"
    FEMALE = "f"
    PLURAL = "p"
    UNKNOWN = "?"


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Speech verbs that take the speaker as subject ("Okafor said", "said Okafor", "sagte Merkel").
# Inflected forms are listed as written: no stemming.
_VERBS = {
    "en": _words(
        # Base forms and -s forms that are also common nouns (state, post, note, claims, charges,
        # remarks, tweets, reads) are left out: "the state treasury said" must not cue on "state".
        """
        say says said saying tell tells told telling add adds added adding ask asks asked asking
        stated explain explains explained explaining writes wrote tweeted tweeting posted noted
        noting argue argues argued arguing claimed claiming insist insists insisted insisting
        recall recalls recalled recalling declare declares declared declaring announces announced
        warns warned reply replies replied replying respond responds responded responding
        continued continues continuing concluded concludes acknowledges acknowledged admits
        admitted admitting agreed agrees observed remarked suggests suggested suggesting shouted
        yelled whispered joked quipped complained complaining testified testifies emphasized
        emphasizes emphasised emphasises stressed maintains maintained contends contended
        countered conceded concedes predicted promised vowed pledged urged cautioned boasted
        lamented laments mused recounted recounts reiterated reiterates repeated wondered wonders
        exclaimed screamed cried chanted chanting commented proclaimed proclaims asserted asserts
        alleged alleges denied demanded muttered sighed snapped reasoned scoffed retorted
        interjected texted emailed opined sang sings confirmed insisted explained
        asserting declaring stating warning pointing joking vowing promising urging wondering
        conceding acknowledging countering predicting proclaiming boasting maintaining
        demanding lamenting quipping shouting yelling announcing recounting reiterating
        accused accuses accusing criticized criticised criticizing blamed praised mocked
        yells shouts screams reported likened beamed gushed fumed marveled marvelled
        griped scolded pressed interrupted pointed
        answered barked boomed thundered bellowed hollered roared growled grumbled groused
        pondered confessed exhorted assured assures condemned cracked echoed chided
        sniped snarled raged ranted intoned murmured affirmed affirms revealed remarking
        writing interjecting teased gasped rejoiced exulted
        """
    ),
    "de": _words(
        """
        sagt sagte sagten sagen gesagt erklärt erklärte erklärten betont betonte betonten meint
        meinte meinten warnt warnte warnten kritisiert kritisierte fordert forderte schreibt
        schrieb schrieben berichtet berichtete versichert versicherte bekräftigt bekräftigte
        ergänzt ergänzte erläutert erläuterte antwortet antwortete fragt fragte ruft rief
        twitterte erzählt erzählte bemerkte bemerkt unterstreicht unterstrich mahnt
        entgegnete entgegnet polterte poltert donnerte gestand versicherte
        mahnte beklagt beklagte räumt räumte fügt fügte teilt teilte kündigt kündigte
        zitiert kommentierte kommentiert behauptet behauptete stellt stellte so formulierte
        erzählen erklären betonen meinen berichten warnen kritisieren fordern freute jubelte
        """
    ),
    "fr": _words(
        """
        dit déclaré déclare affirme affirmé explique expliqué souligne souligné ajoute ajouté
        estime estimé précise précisé assure assuré indique indiqué poursuit poursuivi confie
        confié lance lancé martèle martelé raconte raconté répond répondu réplique répliqué
        insiste insisté avertit averti prévient prévenu note noté rappelle rappelé observe
        observé admet admis reconnaît reconnu demande demandé interroge tranche tranché
        dénonce dénoncé commente commenté écrit annonce annoncé déclarait disait expliquait
        rétorqué rétorque tonné tonne avoué avoue grogné
        confient estiment expliquent affirment déclarent assurent soulignent ajoutent indiquent
        précisent racontent dénoncent témoignent témoigne témoigné regrettent regrette regretté
        félicité félicitée félicités réjoui réjouie exclamé exclamée indigné indignée inquiété
        inquiétée étonné étonnée
        """
    ),
    "es": _words(
        """
        dijo dice dicen dijeron afirmó afirma declaró declara explicó explica aseguró asegura
        señaló señala añadió añade agregó agrega indicó indica sostuvo sostiene manifestó
        expresó advirtió advierte comentó comenta subrayó subraya destacó destaca preguntó
        pregunta respondió responde insistió insiste apuntó apunta reconoció reconoce admitió
        escribió escribe anunció anuncia denunció denuncia recordó recuerda precisó precisa
        exclamó concluyó opinó criticó aclaró replicó replica espetó confesó bramó
        dicho afirmado declarado explicado asegurado señalado añadido agregado indicado
        sostenido manifestado expresado advertido comentado subrayado destacado preguntado
        respondido insistido apuntado reconocido admitido escrito anunciado denunciado
        recordado precisado concluido opinado criticado aclarado replicado confesado
        cuentan afirman aseguran explican señalan añaden advierten denuncian recuerdan
        felicitó alegró lamentó
        """
    ),
    "ru": _words(
        """
        сказал сказала сказали говорит говорят говорил говорила заявил заявила заявили заявляет
        отметил отметила отметили подчеркнул подчеркнула добавил добавила добавили пояснил
        пояснила сообщил сообщила сообщили рассказал рассказала рассказали считает уверен
        уверена признал признала признался призналась написал написала ответил ответила
        спросил спросила уточнил уточнила констатировал констатировала указал указала
        резюмировал резюмировала заметил заметила напомнил напомнила предупредил
        предупредила объяснил объяснила заверил заверила подытожил подытожила
        продолжил продолжила воскликнул воскликнула парировал парировала признался
        огрызнулся огрызнулась рассказывают отмечают заявляют подчёркивают подчеркивают
        поясняют признают обрадовался обрадовалась
        """
    ),
}

# Verbs that are also plural nouns: only a cue right after a quote and its subject
# (`"…," the letter reads`).
RIGHT_ONLY_VERBS = _words(
    "read reads notes states posts claims tweets charges remarks comments counters reports"
    " answers promises jokes cracks echoes"
)

# What a document, sign or message "reads", written right after the quote and set off from it
# (`"…," read the email`, `„…“, heißt es darin`, `« … », peut-on lire dans le texte`, `«…», reza
# el cartel`, `«…», — говорится в письме`): the words after it name the document, or only where
# it stands (`in der Mitteilung`, `dans le texte`, `в письме`), which names no speaker.
DOCUMENT_CUES: dict[str, tuple[tuple[str, ...], ...]] = {
    "en": (("read",), ("reads",)),
    "de": (("heißt", "es"), ("hieß", "es"), ("steht",), ("stand",)),
    "fr": (
        ("lit-on",),
        ("lisait-on",),
        ("peut-on", "lire"),
        ("pouvait-on", "lire"),
        ("peut-on", "y", "lire"),
        ("pouvait-on", "y", "lire"),
    ),
    "es": (("reza",), ("rezaba",), ("se", "lee"), ("se", "leía")),
    "ru": (("говорится",), ("говорилось",), ("гласит",), ("гласила",), ("написано",)),
}
# Words that start where a document's words stand, not the document itself.
DOCUMENT_PLACES = _words("in im auf darin dort dans sur y en в во на")

# Auxiliaries and modals: a "role" that holds one is a clause read as a subject ("the candidate
# could be", "Mr. Trump had finally gone too far"), never a speaker.
FINITE_VERBS = _words(
    """
    had has have is was were are be been could would can cannot can't couldn't should might
    must will won't did does didn't doesn't
    hatte hat ist war wurde wurden kann könnte
    avait était peut pourrait
    había era fue puede podría
    был была было были может могла
    """
)
# Object pronouns: inside a speaker's phrase they mark a clause ("Clinton's situation reminds
# him of …").
OBJECT_PRONOUNS = _words("him them me us ihn ihm ihnen lui leur его ему ей им")

# Two-word speech verbs ("she went on", "Hillary shot back", "he points out"): the first word
# is a cue only when the particle follows it.
PHRASAL_VERBS: dict[str, str] = {
    "went": "on",
    "shot": "back",
    "shoots": "back",
    "fired": "back",
    "fires": "back",
    "hit": "back",
    "points": "out",
    "chimed": "in",
    "chimes": "in",
    "cut": "in",
    "spoke": "up",
}

# Verbs that go on to a new statement of the same speaker ("he added", "she went on", „fügte er
# hinzu“, « a-t-il ajouté », «añadió», «добавил он»): in a quote's attribution clause, only these
# start a new statement; any other speech verb there reports the same one (`"…," Manafort said,
# claiming that … "…"`).
# "went", "goes", "going" count with "on" after them (see ``attribution._goes_on``).
GO_ON_VERBS = _words(
    """
    add adds added adding continue continues continued continuing
    fügt fügte ergänzt ergänzte ergänzten fährt fuhr
    ajoute ajouté ajoutait poursuit poursuivi poursuivait continue continué enchaîne enchaîné
    añade añadió añadieron agrega agregó agregaron continúa continuó prosigue prosiguió
    добавил добавила добавили добавляет продолжил продолжила продолжили продолжает
    """
)
GO_ON_PARTICLES = _words("went goes go going")

# Verbs of languages that drop the subject pronoun («…», dijo.): the verb alone attributes.
PRO_DROP_VERBS = _VERBS["es"] | _VERBS["ru"]

# Every speech verb of every language: a capitalised one after "He" is the verb, not a name.
ALL_VERBS = frozenset().union(*_VERBS.values())

# Pronouns that are also surnames: "He Jianxiong", "She Jun" (何, 佘). Capitalised right before
# another capitalised word, not a verb or a title, they are a name.
SURNAME_PRONOUNS = frozenset({"He", "She"})

# Verbs that name the hearer after them ("told reporters"): never "told Okafor" = Okafor spoke.
TELL_VERBS = _words("tell tells told telling")

# Verbs that label ("called it a 'witch hunt'"): cues for partial quotes only, which must then
# be most of what they report (see ``attribution``).
LABEL_VERBS = _words(
    """
    called calls calling dubbed dubs labeled labelled labels branded brands termed described
    describes describing hailed
    nannte nennt bezeichnete bezeichnet qualifié qualifie qualifiait calificó llamó назвал
    назвала назвали называет
    """
)
# Words that name a thing ("the so-called 'rainy day fund'"): what follows is a name, not a
# quotation, unless it is long.
NAMING_WORDS = _words(
    """
    so-called known titled entitled named nicknamed headlined sogenannte sogenannten
    sogenannter genannt appelé appelée baptisé surnommé llamado llamada denominado
    так называемый называемая называемое называемые
    """
)

# Cues that are not verbs. Prepositions take the speaker after them; postpositions before.
SOURCE_PREPOSITIONS = {
    "en": ("according to",),
    "de": ("laut", "nach Angaben von", "nach Worten von"),
    "fr": ("selon", "d'après", "d’après"),
    "es": ("según",),
    "ru": (
        "по словам",
        "по мнению",
        "как сказал",
        "как заявил",
        "как заявила",
        "как отметил",
        "как отметила",
        "как сообщил",
        "как сообщила",
        "как пояснил",
        "как пояснила",
        "как выразился",
        "как выразилась",
    ),
}
SOURCE_POSTPOSITIONS = {"de": ("zufolge",)}

# Words that mean nothing to the speaker around a verb ("had also said", "said later").
ADVERBS = _words(
    """
    also later then once often has had have is was were would will could had just recently
    again previously further simply reportedly publicly privately bluntly flatly angrily
    repeatedly quickly earlier still yet never already first finally even only sarcastically
    meanwhile however moreover furthermore nevertheless nonetheless instead indeed thus
    therefore hence besides otherwise unfortunately fortunately likewise similarly
    forcefully quietly loudly softly calmly tersely directly separately jokingly herself
    himself themselves frequently famously memorably correctly recently
    auch noch dann später bereits schon zuletzt weiter dazu jedoch aber nun nochmals danach
    daraufhin anschließend zuvor kurz
    aussi encore ensuite alors déjà
    también además luego ya
    также уже ещё еще тогда позже затем
    """
)

PRONOUNS: dict[str, Gender] = {
    "he": Gender.MALE,
    "she": Gender.FEMALE,
    "they": Gender.PLURAL,
    "er": Gender.MALE,
    "sie": Gender.FEMALE,
    "il": Gender.MALE,
    "elle": Gender.FEMALE,
    "ils": Gender.PLURAL,
    "elles": Gender.PLURAL,
    "él": Gender.MALE,
    "ella": Gender.FEMALE,
    "ellos": Gender.PLURAL,
    "ellas": Gender.PLURAL,
    "он": Gender.MALE,
    "она": Gender.FEMALE,
    "они": Gender.PLURAL,
}
# First person and "you" speakers are the writer or the reader: unknown, never resolved.
FIRST_PERSON = _words("i we ich wir je nous yo nosotros я мы you")
# Subjects that name no speaker: "it said" (a document, a thing), "this", "es", "это".
NON_SPEAKERS = _words("it this that these those es das cela ceci esto eso это")

# Honorifics: dropped from a speaker's name; several tell the gender.
HONORIFICS: dict[str, Gender] = {
    "mr": Gender.MALE,
    "mr.": Gender.MALE,
    "mrs": Gender.FEMALE,
    "mrs.": Gender.FEMALE,
    "ms": Gender.FEMALE,
    "ms.": Gender.FEMALE,
    "miss": Gender.FEMALE,
    "mx.": Gender.UNKNOWN,
    "sir": Gender.MALE,
    "dame": Gender.FEMALE,
    "lord": Gender.MALE,
    "lady": Gender.FEMALE,
    "herr": Gender.MALE,
    "frau": Gender.FEMALE,
    "m.": Gender.MALE,
    "mme": Gender.FEMALE,
    "mme.": Gender.FEMALE,
    "mlle": Gender.FEMALE,
    "mlle.": Gender.FEMALE,
    "monsieur": Gender.MALE,
    "madame": Gender.FEMALE,
    "sr.": Gender.MALE,
    "sra.": Gender.FEMALE,
    "srta.": Gender.FEMALE,
    "don": Gender.MALE,
    "doña": Gender.FEMALE,
    "señor": Gender.MALE,
    "señora": Gender.FEMALE,
    "господин": Gender.MALE,
    "госпожа": Gender.FEMALE,
    "dr": Gender.UNKNOWN,
    "dr.": Gender.UNKNOWN,
    "prof": Gender.UNKNOWN,
    "prof.": Gender.UNKNOWN,
}

# Titles and roles written before a name ("Sen. Claire McCaskill", "Bundeskanzlerin Merkel").
# Lowercase keys; they are not part of the name.
TITLES: dict[str, Gender] = {
    **dict.fromkeys(
        _words(
            """
            president vice sen. sen senator rep. rep representative gov. gov governor lt. lt gen.
            gen general col. col maj. maj capt. capt sgt. sgt adm. adm cmdr. secretary minister
            prime chancellor mayor judge justice chief speaker del. delegate attorney prosecutor
            sheriff officer detective commissioner ambassador director chair leader coach rev. rev
            father pope deputy assistant press former retired state chairman chairwoman congressman
            congresswoman councilman councilwoman councilor spokesman spokeswoman spokesperson
            supt. superintendent professor dean chairperson executive ceo cfo founder
            democratic republican democrat gop sen.-elect president-elect house senate white
            oversight foreign defense defence interior treasury justice homeland national u.s.
            us federal u.n. un nato eu acting then- first lady lord sheriff cardinal bishop
            archbishop rabbi imam king queen prince princess emperor sultan sheikh
            member nominee candidate presidential hopeful strategist pollster lawmaker
            stadtrat stadträtin conseiller conseillère concejal concejala депутат
            bundeskanzler bundeskanzlerin kanzler kanzlerin minister ministerin präsident
            präsidentin bürgermeister bürgermeisterin sprecher sprecherin bundesminister
            bundesministerin ministerpräsident ministerpräsidentin vorsitzende vorsitzender chef
            chefin landrat landrätin abgeordnete abgeordneter parteichef parteichefin
            président présidente ministre maire porte-parole premier
            presidente presidenta ministro ministra alcalde alcaldesa portavoz
            президент министр премьер-министр мэр губернатор глава пресс-секретарь представитель
            председатель депутат директор спикер посол генсек
            """
        ),
        Gender.UNKNOWN,
    ),
    "spokesman": Gender.MALE,
    "spokeswoman": Gender.FEMALE,
    "chairman": Gender.MALE,
    "chairwoman": Gender.FEMALE,
    "congressman": Gender.MALE,
    "congresswoman": Gender.FEMALE,
    "councilman": Gender.MALE,
    "councilwoman": Gender.FEMALE,
    "king": Gender.MALE,
    "queen": Gender.FEMALE,
    "prince": Gender.MALE,
    "princess": Gender.FEMALE,
    "bundeskanzlerin": Gender.FEMALE,
    "kanzlerin": Gender.FEMALE,
    "ministerin": Gender.FEMALE,
    "präsidentin": Gender.FEMALE,
    "bürgermeisterin": Gender.FEMALE,
    "sprecherin": Gender.FEMALE,
    "bundesministerin": Gender.FEMALE,
    "ministerpräsidentin": Gender.FEMALE,
    "chefin": Gender.FEMALE,
    "parteichefin": Gender.FEMALE,
    "landrätin": Gender.FEMALE,
    **dict.fromkeys(
        _words(
            """
            daughter mother wife sister widow grandmother aunt niece actress businesswoman
            woman girl mom congresswoman sportswoman tochter mutter frau schwester witwe дочь
            мать жена сестра вдова fille mère femme sœur veuve hija madre esposa hermana viuda
            """
        ),
        Gender.FEMALE,
    ),
    **dict.fromkeys(
        _words(
            """
            son father husband brother widower grandfather uncle nephew actor businessman man
            boy dad sohn vater mann bruder сын отец муж брат fils père mari frère hijo padre
            esposo hermano
            """
        ),
        Gender.MALE,
    ),
    "bundeskanzler": Gender.MALE,
    "kanzler": Gender.MALE,
    "präsident": Gender.MALE,
    "bürgermeister": Gender.MALE,
    "sprecher": Gender.MALE,
    "présidente": Gender.FEMALE,
    "presidenta": Gender.FEMALE,
    "ministra": Gender.FEMALE,
    "alcaldesa": Gender.FEMALE,
}

# German writes roles with capitals and as compounds ("Oberbürgermeisterin", "Busfahrer"):
# a word ending like a role noun, three letters or more before the ending, is a title.
ROLE_SUFFIXES = (
    "meister",
    "meisterin",
    "minister",
    "ministerin",
    "präsident",
    "präsidentin",
    "sprecher",
    "sprecherin",
    "vorsitzende",
    "vorsitzender",
    "chef",
    "chefin",
    "direktor",
    "direktorin",
    "leiter",
    "leiterin",
    "fahrer",
    "fahrerin",
    "kämmerer",
    "kämmerin",
    "beauftragte",
    "beauftragter",
    "experte",
    "expertin",
    "anwalt",
    "anwältin",
    "richterin",
    "kandidat",
    "kandidatin",
    "forscher",
    "forscherin",
    "professorin",
    "politiker",
    "politikerin",
    "arbeiter",
    "arbeiterin",
    "händler",
    "händlerin",
    "berater",
    "beraterin",
    "sekretär",
    "sekretärin",
    "abgeordnete",
    "abgeordneter",
    "ökonom",
    "ökonomin",
    "analyst",
    "analystin",
)


def _suffix_gender(suffix: str) -> Gender:
    """Kanzlerin: female; Abgeordnete: either; Busfahrer: male."""
    if suffix.endswith("in"):
        return Gender.FEMALE
    return Gender.UNKNOWN if suffix.endswith("e") else Gender.MALE


def title_gender(word: str) -> Gender | None:
    """The gender a title tells (UNKNOWN if none), or None when ``word`` is no title."""
    low = word.lower()
    if low in TITLES:
        return TITLES[low]
    if low.rstrip(".") in TITLES:
        return TITLES[low.rstrip(".")]
    for suffix in ROLE_SUFFIXES:
        if low == suffix and suffix != "meister":  # "Kämmerer Jonas Albrecht"
            return _suffix_gender(suffix)
        if low.endswith(suffix) and len(low) >= len(suffix) + 3:
            return _suffix_gender(suffix)
    return None


# Capitalised words that start sentences or name days, months and such: never part of a name.
NOT_NAMES = _words(
    """
    the a an but and or so yet in on at for with as after before when while if last this that
    these those it he she they we i you his her their our its my your there here then now
    however meanwhile still also although though because since despite during under over
    between among about against from into onto upon by to of no not yes all both each every
    some many most more few other another such what which who whom whose where why how
    mr. mrs. ms. dr. one two three four five six seven eight nine ten first second third
    monday tuesday wednesday thursday friday saturday sunday january february march april may
    june july august september october november december today yesterday tomorrow tonight
    says said according asked told added
    der die das ein eine einer eines dem den des und oder aber auch wie wenn als im am vom
    zum zur mit nach bei seit für über unter vor es er sie wir ich ihr sein seine ihre man
    montag dienstag mittwoch donnerstag freitag samstag sonntag januar februar märz juni juli
    oktober dezember laut so
    le la les un une des du et ou mais dans pour avec sur sous selon il elle ils elles nous
    lundi mardi mercredi jeudi vendredi samedi dimanche
    el los las una unos unas y pero en con por para según él ella ellos
    lunes martes miércoles jueves viernes sábado domingo
    в на и но а с по для он она они мы я это этот эта как что
    """
)

# Units of time that open an adverbial: "Hours later, …", "Two days later, …", "Stunden später
# …", "Quelques heures plus tard, …", "Horas después, …", "Несколько часов спустя …".
TIME_UNITS = _words(
    """
    minutes hours days weeks months years moments decades
    minuten stunden tage wochen monate jahre augenblicke
    heures jours semaines mois ans années instants
    minutos horas días semanas meses años momentos
    минут минуты часов часа часом дней дня недель недели месяцев года лет
    """
)

# Words that start an adverbial of time: "Last week, the mayor said" (the chunk is not the speaker).
TIME_WORDS = _words(
    """
    last next earlier later today yesterday tomorrow tonight recently now then previously
    monday tuesday wednesday thursday friday saturday sunday january february march april may
    june july august september october november december
    montag dienstag mittwoch donnerstag freitag samstag sonntag gestern heute morgen zuletzt
    später früher
    hier aujourd'hui demain lundi mardi mercredi jeudi vendredi samedi dimanche
    ayer hoy mañana lunes martes miércoles jueves viernes sábado domingo
    вчера сегодня завтра ранее позже понедельник вторник среду четверг пятницу пятница
    субботу суббота воскресенье
    """
)

# The words of a day that can follow a speaker's name ("said John Smith Wednesday", "a déclaré
# Pierre Dupont lundi", "dijo Pedro García el lunes"): a time, never part of the name.
DAY_WORDS = _words(
    """
    monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow tonight
    montag dienstag mittwoch donnerstag freitag samstag sonntag gestern heute
    lundi mardi mercredi jeudi vendredi samedi dimanche hier aujourd'hui demain
    lunes martes miércoles jueves viernes sábado domingo ayer hoy mañana
    понедельник вторник среда среду четверг пятница пятницу суббота субботу воскресенье
    вчера сегодня завтра
    """
)


# The part of a day after a weekday: "Wednesday night".
DAY_PARTS = _words(
    "morning afternoon evening night abend morgen nachmittag soir matin soirée après-midi noche"
    " tarde утром вечером днём ночью"
)

# Weekday names, capitalised in English and German: a time all the same.
WEEKDAYS = _words(
    """
    monday tuesday wednesday thursday friday saturday sunday
    montag dienstag mittwoch donnerstag freitag samstag sonntag
    """
)

# Words that make a capitalised run an organisation or a place rather than a person.
NON_PERSON_WORDS = _words(
    """
    house senate congress court department committee council university college school
    party news post times journal street avenue road city county state states republic
    kingdom union association group center centre institute foundation campaign office
    caucus coalition alliance energy power oil gas motors airlines airways capital partners
    holdings media technologies systems solutions labs foods pharma show new jersey hampshire
    orleans carolina dakota angeles vegas
    arabia saudi afghanistan pakistan turkey egypt libya yemen qatar cuba venezuela brazil
    argentina chile colombia peru nigeria kenya ethiopia vietnam thailand indonesia
    philippines australia zealand ireland scotland wales spain italy greece poland sweden
    norway finland denmark netherlands belgium switzerland austria hungary romania bulgaria
    serbia croatia armenia azerbaijan kazakhstan belarus lithuania latvia estonia moldova
    taiwan singapore malaysia myanmar burma nepal bangladesh lanka lebanon palestine gaza
    administration agency service services bank company corporation corp inc ltd llc co
    network ministry museum hospital church airport station forum tower hall park square
    island islands river bay beach valley hills springs heights zero east west north south
    atoll peninsula mountains mountain canyon ocean sea gulf strait desert coast harbor harbour
    northern southern eastern western central america americans american europe european
    africa asia russia china korea iran iraq syria israel germany france britain england
    mexico canada japan india ukraine washington york london paris berlin moscow
    democrats republicans democrat republican democratic gop fbi cia nsa pentagon kremlin
    police army navy force forces guard bureau board commission trust fund project
    magazine times tribune herald gazette review press radio tv television channel fox cnn
    nbc abc cbs msnbc bbc reuters ap afp twitter facebook instagram youtube google apple
    microsoft amazon act amendment treaty plan program programme initiative day
    week year month world cup olympics games league club team fc organization organisation
    international global national federal regional local times institute studies research
    street st. ave. mount lake fort san los las santa saint islamic muslim christian
    jewish catholic black white hispanic latino latinos africans asians europeans
    bundestag bundesregierung regierung partei ministerium stadt land gericht zeitung
    gouvernement ministère assemblée parti ville gobierno ministerio partido ciudad
    authority authorities government parliament prosecutors prosecution regulator firm
    staatsanwaltschaft behörde polizei parquet ministère fiscalía policía
    ведомство прокуратура минфин компания полиция
    правительство министерство партия город суд кремль госдума
    """
)

# Common given names whose gender is clear, so that "she said" skips "Antonin Scalia" and
# "he said" skips "Ivanka Trump". Written for this project (frequent names in English-, German-,
# French-, Spanish- and Russian-language news); names used for both sexes are left out.
FEMALE_NAMES = _words(
    """
    mary patricia jennifer linda elizabeth barbara susan jessica sarah karen lisa nancy betty
    margaret sandra ashley kimberly emily donna michelle carol amanda melissa deborah stephanie
    rebecca laura sharon cynthia kathleen amy angela shirley anna brenda pamela emma nicole
    helen samantha katherine christine debra rachel carolyn janet catherine maria heather diane
    ruth julie olivia joyce virginia victoria kelly lauren christina joan evelyn judith megan
    andrea cheryl hannah jacqueline martha gloria teresa ann sara madison frances kathryn janice
    jean abigail alice judy sophia grace denise amber doris marilyn danielle beverly isabella
    theresa diana natalie brittany charlotte marie kayla alexis lori hillary ivanka melania
    alicia eva ella zoe chloe lily mia leah ava sophie lucy claire caroline jane kate katie
    molly nora clara hilary jill meghan megyn kirsten elena sheryl janet loretta
    michele nancy elaine nikki kamala condoleezza sonia ruth tulsi hope kellyanne huma chelsea
    oprah beyonce angela ursula annalena katrin claudia petra sabine ursula julia anke
    christine marine ségolène anne isabelle sylvie nathalie valérie carmen lucía isabel
    marta pilar rosa dolores mercedes ana sofía valentina natalia olga tatiana elena svetlana
    irina yulia ekaterina maria anastasia lyudmila galina nadezhda valentina
    анна мария елена ольга татьяна наталья ирина светлана юлия екатерина анастасия людмила
    галина надежда валентина марина
    """
)
MALE_NAMES = _words(
    """
    james robert john michael william david richard joseph thomas charles christopher daniel
    matthew anthony mark donald steven paul andrew joshua kenneth kevin brian george timothy
    ronald edward jason jeffrey ryan jacob gary nicholas eric jonathan stephen larry justin
    scott brandon benjamin samuel gregory alexander frank patrick raymond jack dennis jerry
    tyler aaron jose adam nathan henry douglas zachary peter kyle ethan walter noah jeremy
    christian keith roger terry gerald harold sean austin carl arthur lawrence dylan jesse
    bryan billy joe bruce gabriel logan albert willie alan juan wayne elijah randy roy
    vincent ralph eugene russell bobby mason philip louis barack bill bernie mitt mike ted
    lucas liam oliver jim tom tony nick steve dan dave matt ben sam joel lloyd kurt hugh
    marco rand chris newt rudy reince mitch chuck harry joe tim jeb rick vladimir dmitry
    sergei boris antonin xi shinzo benjamin recep emmanuel francois jacques nicolas angelo
    olaf friedrich wolfgang helmut gerhard frank-walter jürgen hans klaus karl heinz horst
    markus stefan andreas martin jens christian sebastian alexander dieter uwe rolf
    jean pierre michel philippe françois alain bernard emmanuel nicolas jacques
    carlos josé luis pedro miguel jorge javier manuel antonio francisco pablo alejandro andrés
    vladimir dmitry sergey sergei alexei alexey andrei andrey nikolai ivan mikhail yuri igor
    владимир дмитрий сергей алексей андрей николай иван михаил юрий игорь александр
    """
)


def given_name_gender(word: str) -> Gender:
    low = word.lower()
    female, male = low in FEMALE_NAMES, low in MALE_NAMES
    if female != male:
        return Gender.FEMALE if female else Gender.MALE
    return Gender.UNKNOWN


# Endings of words that name things, never people: "Foreign Relations", "Peabody Energy".
THING_SUFFIXES = (
    "tion",
    "tions",
    "sion",
    "sions",
    "ment",
    "ments",
    "ism",
    "ogy",
    "ics",
    "ship",
    "ities",
    "ergy",
)

# Particles inside names ("Ursula von der Leyen", "Charles de Gaulle", "Osama bin Laden").
NAME_PARTICLES = _words(
    "von van der den de du da di del della la le bin al el ibn ten ter y dos das"
)
NAME_SUFFIXES = _words("jr. jr sr. sr ii iii iv")

# Determiners that start a role written out ("a spokesperson for the state treasury").
DETERMINERS = _words(
    """
    a an the one another some two three several many his her their its this that these those
    ein eine einer der die das den dem des
    un une le la les l' l’ des
    el la los las un una unos unas
    """
)

# Lowercase words that end a speaker phrase after an inverted cue ("said Okafor, who ...",
# "said Lopez with a smile", "sagte Schmidt und ihr Anwalt"), German separable-verb particles
# included ("fügte Maier hinzu", "räumte Weber ein"). A coordinator between two capitalised
# words is read on ("said Lopez and Hale", see ``attribution._stop_index``).
PHRASE_STOPS = _words(
    """
    who which that in on at during after before when while as last this since but and with
    wer am im nach bei während als und mit
    qui lors dans en à au aux après avant devant et avec pendant
    que en durante tras antes ante y con
    gegenüber
    hinzu fort zurück weiter heraus zusammen dar fest klar ein zu
    который которая которые в во на после во время по для перед и с со
    """
)

# The hearer after an inverted cue's speaker: "— сказала Петрова журналистам", "sagte Müller der
# Zeitung", "dijo García a los periodistas", "said Okafor to reporters". A speaker phrase ends
# before these words when they follow a name (see ``attribution._addressee``).
ADDRESSEE_PREPOSITIONS = _words("to a")  # "said Okafor to reporters", "dijo García a Efe"
ADDRESSEE_PREPOSITIONS_BEFORE_NOUNS = _words("al")  # "dijo García al diario": not "al-Assad"
ADDRESSEE_ARTICLES = _words("der dem den")  # German datives, before a capitalised noun
# Russian datives of hearers; after a name, any plural dative in -ам/-ям is one too.
ADDRESSEES = _words(
    """
    агентству изданию газете журналу порталу сайту телеканалу каналу радиостанции
    телевидению корреспонденту корреспондентке журналисту журналистке репортеру репортёру
    ведущему ведущей собеседнику журналистам корреспондентам репортерам репортёрам
    депутатам избирателям сторонникам собравшимся участникам слушателям читателям зрителям
    """
)
# Prepositions: a name right after one is an object ("a spokesman for Okafor"), not the head.
PREPOSITIONS = _words(
    """
    for of at with from to in on by about during after before despite since throughout amid
    following under over among against without within into through upon via toward towards
    für von vom bei beim aus zu zum zur im am während nach seit trotz unter über vor mit auf gegen
    pendant après avant depuis malgré sous sur vers
    durante después antes desde tras bajo sobre hacia
    после до во время через под над
    pour de du des chez à au aux
    para de del en por
    у из от для при в на
    """
)

# Bodies that make statements ("The Swedish Prosecution Authority said …. "…," it added."):
# the last words of an organisation's name that "it" (or il, ella, она) may refer back to.
BODIES = _words(
    """
    authority authorities ministry department agency office government administration court
    committee council commission police prosecutors prosecution company corporation bank
    campaign party board bureau service army navy union association institute foundation
    university parliament congress senate house kremlin pentagon fbi cia regulator firm group
    regierung ministerium staatsanwaltschaft behörde polizei gericht partei verband
    gouvernement ministère parquet police parti tribunal
    gobierno ministerio fiscalía policía partido tribunal
    правительство министерство ведомство прокуратура полиция суд компания партия минфин
    """
)

# Possessive determiners: a phrase they open names a thing of someone's ("My motto:", "Мой
# девиз:", "Sein Fazit:"), never the speaker of what follows.
POSSESSIVES = _words(
    """
    my our your his her their its
    mein meine meinen unser unsere dein deine euer eure sein seine ihr ihre
    mon ma mes notre nos ton ta tes votre vos son sa ses leur leurs
    mi mis nuestro nuestra nuestros nuestras tu tus su sus
    мой моя моё мое мои наш наша наше наши твой твоя твоё твои ваш ваша ваше ваши свой своя
    его её ее их
    """
)

# Words that end a clause when read leftwards from a verb: the subject lies after them.
CLAUSE_BOUNDARIES = _words(
    """
    that and but or because while when as after before although though since if so where
    which who whom whose than unless until whether
    dass und aber oder weil während wenn als nachdem obwohl da ob
    que et mais ou parce quand lorsque comme après avant bien si
    y pero o porque mientras cuando como aunque si
    что и но или потому пока когда как хотя если
    """
)

SENTENCE_ABBREVIATIONS = _words(
    """
    mr mrs ms dr prof sen rep gov gen lt col maj capt sgt adm st jr sr vs no nos mt ft inc ltd
    co corp jan feb mar apr jun jul aug sep sept oct nov dec u.s a.m p.m del supt rev gov
    hr fr mme mlle m sra srta ca etc z.b bzw vgl dr nr
    """
)

# Markers of captions and credits: quotes in such a paragraph are not the article's quotes.
CAPTION_MARKERS = (
    "(photo",
    "photo:",
    "photo by",
    "(foto",
    "foto:",
    "image:",
    "getty images",
    "ap photo",
    "(reuters",
    "reuters/",
    "/afp",
    "(afp",
    "credit:",
    "caption:",
    "pictured:",
    "фото:",
    "bildquelle",
    "crédit photo",
    "©",
)


@dataclass(frozen=True, slots=True)
class Lexicon:
    verbs: frozenset[str]
    prepositions: tuple[str, ...]
    postpositions: tuple[str, ...]
    single_quotes: bool  # whether ‘…’ and '…' can be top-level quotation marks


_ALL = tuple(_VERBS)


@cache
def lexicon(language: str | None) -> Lexicon:
    """The lists for ``language`` (with English, the usual lingua franca of wire copy)."""
    code = (language or "").lower().split("-")[0].split("_")[0]
    codes: tuple[str, ...] = (code, "en") if code in _VERBS else _ALL
    verbs = frozenset().union(*(_VERBS[c] for c in codes))
    if code != "de":  # "so" is a German cue ("…“, so Merkel"); in English it starts clauses
        verbs = verbs - {"so"}
    preps = tuple(p for c in codes for p in SOURCE_PREPOSITIONS.get(c, ()))
    posts = tuple(p for c in codes for p in SOURCE_POSTPOSITIONS.get(c, ()))
    return Lexicon(
        verbs=verbs,
        prepositions=preps,
        postpositions=posts,
        single_quotes=code in ("", "en") or code not in _VERBS,
    )
