"""Risk by composition of concepts: who, what means, when, where, what act, what decision.

The phrase patterns of ``comments.risk`` know the sentences readers wrote in its development
set. Readers in crisis rarely write those sentences: they ask "how many of my tablets would it
take", give a time and a place without a death word ("sunday when my roommate leaves, that's
when"), speak in euphemisms ("catch the bus", "the long sleep"), give their cat away, or burn
themselves with a lighter. What those comments share is not a phrase but a *composition* of
concepts, the way a clinician reads them:

- **plan**: the writer (SELF) + a TIME or a PLACE + a MEANS, an ENDING or a doing-it verb;
- **method**: a LETHALITY question + a MEANS or an ENDING; or SELF + MEANS + ENDING;
- **intent**: SELF + a DECISION + an ENDING (or a time);
- **preparation**: SELF + a PREPARATION act + a MEANS, an ENDING or finality;
- **farewell**: FAREWELL words, twice or with finality, unless the writer is leaving a job;
- **self-harm**: SELF + a self-harm ACT on the body, or a means at hand + an URGE;
- **attempt**: SELF + an overdose or attempt + HOSPITAL (recent, not "years ago");
- **wish to be dead / hopelessness**: SELF + a WISH + death-like event; SELF + NO FUTURE.

Each concept is a small lexicon (English and Spanish, stems that tolerate endings and the
usual misspellings) written against ``risk.normalise``d text. A composition is read within a
sentence (or a sentence and its neighbour), and a sentence is left alone when SAFETY context
governs it: a third person without the writer ("my friend wants to die"), clear temporal
distance ("years ago", "when I was 19", "past me"), a professional voice ("as a nurse"),
advocacy and statistics, the article quoted, a supportive reply to "you", a joke ("lmao").

Every regex is linear (bounded repetitions only); sentences are read once each and the text
read is capped, so hostile megabytes cost one scan. Nothing here raises.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field


def _words(*alternatives: str) -> re.Pattern[str]:
    return re.compile(r"(?<![a-z0-9])(?:" + "|".join(alternatives) + r")(?![a-z0-9])")


_DAYS = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
_DIAS = r"(?:lunes|martes|miercoles|jueves|viernes|sabado|domingo)"
_THIRD_NOUN = (
    r"(?:friend|mate|son|daughter|brother|sister|mum|mom|mother|dad|father|partner|husband"
    r"|wife|boyfriend|girlfriend|roommate|flatmate|cousin|aunt|uncle|nan|gran|grandad|grandma"
    r"|grandpa|grandmother|grandfather|granny|colleague|colleagues|neighbour|neighbor|student"
    r"|students|patient|patients|client|lad|guy|girl|boy|bloke|man|woman|neighbor"
    r"|clients|kid|kids|child|children|niece|nephew|stepmom|stepdad|ex|boss|teacher|bestie"
    r"|best friend)s?"
)

# --- Who ---------------------------------------------------------------------------------------

SELF = _words(
    r"i|im|ive|id|ill|myself|meself|mine|me|my(?! (?:little |older |younger |best |big )?"
    + _THIRD_NOUN
    + r"\b)",
    # Spanish: pronouns and first-person verb forms ("tengo", "tome", "me voy")
    r"yo|mi(?! (?:amig[oa]|herman[oa]|hij[oa]|madre|padre|mama|papa|novi[oa]|prima?|tia|tio"
    r"|abuel[oa]|pareja|compa\w{0,5}|mujer|marido|espos[oa]|vecin[oa])\b)|mis|conmigo|estoy|tengo"
    r"|voy|quiero|hago|hare|puedo"
    r"|pienso|siento|necesito|(?<!se )mato|tome|deje|regale|compre|intente|desperte|recai|sobrevivi"
    r"|vendi|elegi|pedi|escogi|aguante"
    r"|decidi|escribi|busque|guarde|ahorre|aguanto|llevo|no como|pego|vuelvo|estaba pensando",
)
# The writer as the subject that acts: "I", not "me" (which a third person can act on).
SELF_SUBJECT = re.compile(
    r"(?<![a-z0-9])(?:i|im|ive|id|ill|myself|anyone else|alguien mas|yo|estoy|tengo|voy|quiero"
    r"|hago|pienso|tome|deje|no como"
    r"|regale|compre|intente|desperte|recai|sobrevivi|decidi|escribi|busque|guarde|ahorre"
    r"|vendi|elegi|pedi|escogi|me tome|me corte|me queme|me pego|me mato|me voy)(?![a-z0-9])"
    # A diary's sentence starts with its verb: "spent last night reading…", "made a playlist…"
    r"|^(?:just |so |been |also )?(?:planning|going|gonna|thinking|waiting|spent|made|wrote|took"
    r"|came|got|was|been|cant|used|pressed|tied|bought|gave|sent|booked|looked|read|started"
    r"|stopped|decided|relapsed|wish|kinda|need|tried|woke|checked|walked|stepped|swallowed|drank"
    r"|jumped|burned|burnt|punched|scratched|hurt|overdosed|attempted|skipped|deleted|sold|hid"
    r"|saved|researched|googled|searched|ordered|picked|chose|cancelled|canceled|found myself"
    r"|gave away|sorted|finished|sorting|saving|deleting|giving|left|put|went|drove)(?![a-z0-9])"
    # Spanish "he" + participle is "I have": "he empezado a quemarme", "he dejado las cartas"
    r"|(?<![a-z0-9])he (?:[a-z]{2,12}(?:ado|ido)|hecho|dicho|escrito|vuelto|puesto|visto"
    r"|roto)(?![a-z0-9])"
)
THIRD = _words(
    r"he(?! (?:[a-z]{2,12}(?:ado|ido)|hecho|dicho|escrito|vuelto|puesto|visto|roto)(?![a-z]))|she"
    r"|hes"
    r"|shes|him|his|herself|himself|they|theyre|her(?! fault)",
    r"(?:my|our|a|the|his|her) (?:little |older |younger |best |big )?" + _THIRD_NOUN,
    r"(?:mi|su|un|una|el|la) (?:amig[oa]|herman[oa]|hij[oa]|madre|padre|novi[oa]|prim[oa]"
    r"|abuel[oa]|pareja|compa\w{0,5}|protagonista|mujer|marido|espos[oa]|vecin[oa]|chaval|chic[oa])"
    r"|ella|dicen|la gente|people say",
    r"(?:the )?(?:teenager|character|protagonist|author of)|van gogh|hamlet",
    # People in general: "fewer people will die waiting", "how people end up in A&E".
    r"people|(?:la )?gente|(?:las )?personas",
)
YOU = _words(r"you|youre|your|youll|youve|u|ur|tu|te|vos|ustedes|estas|tienes|sientes|quieres")

# --- Spanish verb forms ------------------------------------------------------------------------
# A reflexive verb said of oneself, in the forms readers write: the infinitive with its clitic
# ("matarme"), present and past ("me mato", "me mate" once accents are folded), perfect ("me he
# matado"), future and conditional, the going-to and wanting-to forms ("me voy a matar", "voy a
# matarme", "me quiero matar") and the progressive ("me estoy cortando").


def _spanish_reflexive(infinitive: str, present: str, past: str) -> str:
    stem = infinitive[:-2]  # "matar" -> "mat"
    participle = stem + ("ado" if infinitive.endswith("ar") else "ido")
    gerund = stem + ("ando" if infinitive.endswith("ar") else "iendo")
    forms = (
        rf"{infinitive}me|me {present}|me {past}|me he {participle}|me {infinitive}(?:e|ia)"
        rf"|me (?:voy|iba|quiero|queria|pienso|gustaria|tengo que) a? ?{infinitive}"
        rf"|(?:voy|iba|quiero|queria|pienso) a? ?{infinitive}me|me estoy {gerund}"
        rf"|estoy {gerund}me|me (?:{present[:-1]}e|{past[:-1]}ara)"
        rf"|(?:empezado|empece|empiezo|empezando|volvi|vuelvo|vuelto|sigo|comence) a {infinitive}me"
    )
    return forms.replace(" a? ?", r" (?:a )?")


_ES_ENDING_VERBS = (
    "|".join(
        _spanish_reflexive(*forms)
        for forms in (
            ("matar", "mato", "mate"),
            ("suicidar", "suicido", "suicide"),
            ("ahorcar", "ahorco", "ahorque"),
            ("colgar", "cuelgo", "colgue"),
            ("envenenar", "enveneno", "envenene"),
            ("estrellar", "estrello", "estrelle"),
        )
    )
    + r"|me (?:quito|quite|quitare|voy a quitar|quiero quitar|he quitado) la vida"
)
_ES_HARM_VERBS = (
    "|".join(
        _spanish_reflexive(*forms)
        for forms in (
            ("cortar", "corto", "corte"),
            ("quemar", "quemo", "queme"),
            ("golpear", "golpeo", "golpee"),
            ("aranar", "arano", "arane"),
            ("rasgunar", "rasguno", "rasgune"),
            ("lastimar", "lastimo", "lastime"),
            ("autolesionar", "autolesiono", "autolesione"),
            ("rajar", "rajo", "raje"),
        )
    )
    + r"|me (?:hago|hice|he hecho|estoy haciendo) dano|hacerme dano"
)

# --- What: endings, means, acts ----------------------------------------------------------------

ENDING = _words(
    r"(?:forma|manera) (?:[a-z]{1,12} ){0,2}de irse|(?:after that|then) (?:im|i am|ill be) free"
    r"|despues ya esta|one last (?:good )?(?:one|christmas|time)",
    r"end (?:matters|my days|it all)|finish (?:with )?my life|stop my life|end with my life"
    r"|make it (?:all )?stop|terminar (?:con )?mi vida|se acabe todo|todo se acabe",
    r"(?:leave|leaving|left) this (?:world|life|earth)|(?:irme|salir|me voy) de este mundo"
    r"|dejar este mundo|no seguir|no quiero seguir",
    r"(?:do|doing) something (?:stupid|silly|drastic|permanent)|hacer una (?:tonteria|locura"
    r"|estupidez|burrada)|cometer una locura",
    r"(?:shoot|hang|gas|drown|poison)(?:ing)? myself|blow my (?:brains|head) out"
    r"|pegarme un (?:tiro|balazo)|volarme la cabeza|quitarme (?:del|de en) medio|tirarme (?:por|a"
    r"|al|del|desde)|cortarme las venas",
    r"(?:ready|time|going) to (?:check|tap|bow|clock) out|(?:voy a|me voy a|quiero"
    r"|pienso) (?:pegarme|volarme|tirarme|colgarme|ahorcarme|matarme|suicidarme|quitarme)",
    r"kil{1,2}(?:ing)? (?:my ?self|me)|tak(?:e|ing) (?:my|your) (?:own )?life|end(?:ing)? (?:my"
    r"|your) (?:own )?life|not turning back|fall asleep forever|sleep forever|being dead",
    r"terminar con (?:mi|tu) vida|terminar con todo|quitar(?:me|te) la vida|sin volver|(?:tomar"
    r"|coger) el (?:autobus|bus)|ir(?:me)? para siempre|ahorcar\w{1,4}|colgar\w{1,4}",
    r"die|dying|died|(?<!im )(?<!so )dead|death|suicid\w{0,4}|sucid\w{0,4}"
    r"|kill(?:ing)? (?:my ?self|me)",
    r"end(?:ing)? (?:it|it all|things|my life|everything)(?! (?:off )?with (?:him|her|them|my|the|a"
    r"|an)"
    r"(?![a-z]))|end on its own|over with",
    r"(?:guts|nerve|courage|balls|valor|huevos) (?:to|para) (?:do it|finish it|end it|go through"
    r"|hacerlo|terminar con todo)",
    r"not (?:come|coming) back (?:in|up|home|out)|stop existing|dejar de existir|irse sin sufrir"
    r"|(?:not|never) (?:wake|waking) up|not be (?:here|around|alive)|not (?:come|coming|drive"
    r"|driving) back|(?:be|being) (?:gone|free|at peace)|finds? me|find my body|found by",
    r"(?:catch|catching) the bus|ctb|(?:the )?long sleep|checking out|check out for good"
    r"|(?:my|own) exit|(?:check|tap|clock|bow|log)\w{0,3} out (?:for good|of (?:life|this|here"
    r"|everything)|permanently)|(?:ready|time|going) to (?:check|tap|bow) out|top+(?:ing|ed"
    r"|s)? my ?self"
    r"|off(?:ing|ed|s)? my ?self|unalive\w{0,3}|not being (?:here|alive|around)|permanently"
    r"|(?:wont|will not|never) be (?:a problem|a burden) (?:for|to) anyone|(?:my"
    r"|your) (?:own )?exit"
    r"|(?:not )?sticking around|not stick around|(?:is|s) the night|go to sleep forever"
    r"|grave|coffin|end up",
    _ES_ENDING_VERBS,
    r"(?:voy a|quiero|pienso|me gustaria) (?:saltar|aventarme|arrojarme|lanzarme)|aventarme"
    r"|arrojarme|lanzarme (?:del|desde|al|a las|por)|saltar (?:del|desde|de la|por la) (?:puente"
    r"|edificio"
    r"|balcon|azotea|ventana|tejado|acantilado|viaducto)",
    r"(?:dont think|doubt) (?:ill|i will) make it (?:to|past|through)|no creo que llegue a",
    r"turn(?:ing)? the wheel|swerv\w{1,3} into|(?:s|si|sui|suic) (?:thoughts|ideation)"
    r"|finish (?:myself|me off)"
    r"|finish it(?= (?:there|then|tonight|for good)| ?$| ?[.,!])|terminarme",
    r"over soon|how (?:id|i would|i could|i might|i will|ill) do it|como lo haria",
    r"instant|fatal|lethal|od|overdose|overdosing|wont make it|not (?:going to )?make it to"
    r"|wont be (?:here|around)",
    # Spanish
    r"morir\w{0,3}|(?<!estoy )(?<!quede )(?<!estaba )muert[oa]s?|muriera|(?<!se )mato|matarme"
    r"|suicid\w{1,5}|se acaba|acabar con todo"
    r"|no volver|no vuelvo|no volvere|no despertar\w{0,3}|desaparecer|dormir para siempre"
    r"|(?:ya )?no voy a estar (?:mucho|para (?:eso|leer|ver|cuando)|aca|aqui|mas)"
    r"|termino con todo|dejar de (?:estar"
    r"|existir|vivir)"
    r"|no voy a llegar|ahi se acaba|ya no (?:la|lo|los|las)"
    r" voy a necesitar",
)
_PILL_NAMES = (
    r"pills?|tablets?|meds|medication|medicines?|painkillers|paracetamol|acetaminophen|tylenol"
    r"|ibuprofen|aspirin|codeine|co codamol|tramadol|oxy\w{0,6}|morphine|fentanyl|insulin"
    r"|sertraline|fluoxetine|citalopram|escitalopram|amitriptyline|mirtazapine|venlafaxine"
    r"|quetiapine|olanzapine|lithium|zopiclone|diazepam|valium|xanax|alprazolam|lorazepam"
    r"|propranolol|antidepressants?|sleeping (?:pills|tablets)|benzos?|opioids?|prescriptions?"
    r"|dose|doses|overdose|od"
)
MEANS = _words(
    r"(?:primer|segundo|tercer|cuarto|quinto|sexto|septimo|octavo|noveno|decimo) piso|medicine"
    r"|the sea",
    r"hosepipe|hose|tube|pipe|medicines|the cupboard|manguera",
    r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|top) floor|gas ring|hob",
    r"clonazepam|alprazolam|lorazepam|diazepam|rivotril|tranxilium|orfidal|lexatin|trankimazin"
    r"|zolpidem|quetiapina|paroxetina|escitalopram|ansioliticos",
    r"(?:tall|tallest|highest) buildings?|buildings? without|edificios? (?:mas )?alt[oa]s?",
    r"hanging|hang|jumping|jump|drowning|gassing",
    r"ibuprofeno|sertralina|fluoxetina|insulina|litio|antidepresivos|somniferos|tranquilizantes"
    r"|ansioliticos|la caja de [a-z]{3,15}",
    _PILL_NAMES,
    r"rope(?! ladder| swing| bridge)|noose|cords?|belts?|knots?|ligatures?|cables?|scarf|hair tie"
    r"|leads?",
    r"guns?|rifles?|shotguns?|pistols?|firearms?|weapons?|ammo|bullets?",
    r"bridges?(?! club)|cliffs?|balcony|roofs?|rooftop|[0-9]{1,2}(?:st|nd|rd|th) floor|floors?"
    r"|storey"
    r"|tracks|train(?: line)?|railway|station|platform|express|overpass|viaduct|tower block"
    r"|car park|multistorey|ledge|edge|motorway",
    r"garage|exhaust|charcoal|carbon monoxide|helium|car fumes|engine running|motor (?:encendido"
    r"|prendido)"
    r"|level crossing|railway crossing|paso a nivel",
    r"blades?|razors?|sharpener|glass|knife(?! set)|knives|scissors",
    r"lighter|cigarettes?|hot spoon|iron",
    r"river|sea|lake|reservoir|drown\w{0,3}|the water",
    r"poison|bleach|antifreeze|rat poison|weedkiller",
    r"the stuff i need|the stuff|hardware store|the barn",
    # Spanish
    r"pastillas?|pildoras|comprimidos|medicamentos|cuerda|soga|cinturon|cable|arma|pistola"
    r"|escopeta|rifle|puentes?|acantilado|balcon|azotea|tejado|vias|tren|estacion|expreso|metro"
    r"|piso [0-9]{1,2}|garaje|cuchillas?|navaja|cuchillo|sacapuntas|mechero|cigarro|veneno"
    r"|lejia|raticida|rio|mar|autopista|carbon|brasero|cloro",
)
# Means that are places: with a time they make a plan.
PLACE = _words(
    r"quarry|dam|the dam|reservoir|viewpoint|lookout|pier|the beach at night",
    r"represa|presa|cantera|mirador|barranco|precipicio|el muelle",
    r"express|trains?|the tracks|railway line|motorway",
    r"level crossing|railway crossing|paso a nivel|multistorey|multi storey|top (?:level|floor)"
    r"|canal|quiet spot|the spot|ledge|edge|platform"
    r"|cliff edge",
    r"bridges?|cliffs?|balcony|roof(?: of)?|rooftop|[0-9]{1,2}(?:st|nd|rd|th) floor|tracks"
    r"|train line|railway|station|platform|overpass|viaduct|tower block|car park|woods|forest"
    r"|garage|hotel room|motel|the river|the sea|the lake|reservoir|my halls|the flat to myself"
    r"|house to myself|place to myself|alone",
    r"puente|acantilado|balcon|azotea|tejado|vias|estacion|bosque|garaje|hotel|el rio|el mar|monte"
    r"|cerro|(?:where|somewhere) (?:nobody|no one) (?:goes|will find|can find)|donde nadie",
)
TIME = _words(
    r"(?:in|by|on|until|after) (?:january|february|march|april|may|june|july|august|september"
    r"|october|november|december)|(?:en|para|hasta) (?:enero|febrero|marzo|abril|mayo|junio|julio"
    r"|agosto|septiembre|octubre|noviembre|diciembre)|last month|el mes pasado|el dia que"
    r"|faltan [0-9]{1,3} dias|in [0-9]{1,3} days|[0-9]{1,3} days (?:left|to go)|after christmas"
    r"|ano nuevo",
    r"the (?:night|day|morning|week) (?:before|after|of)|the day (?:my|the|i)|before (?:results"
    r"|exams?|christmas|the wedding)|(?:sunday|saturday|friday|monday) (?:morning|night|evening)"
    r"|before anyones up|early (?:morning|hours)",
    r"el [0-9]{1,2}(?: de [a-z]{3,10})?|temprano|despues del (?:turno|trabajo|examen)|el (?:dia"
    r"|jueves|viernes|sabado|domingo) libre",
    r"[0-9]{1,2} ?(?:am|pm)|[0-9]{1,2}:[0-9]{2}|new years eve|christmas|my birthday|nochevieja"
    r"|navidad|mi cumpleanos",
    r"(?:when|once|while|until|after) (?:[a-z]{1,12} ){1,3}(?:leaves?|goes|go|is away|are away"
    r"|asleep|at work|on holiday|out)",
    r"tonights?|tomorrows?|this (?:weekend|week|month|time|friday|evening|morning)|" + _DAYS,
    r"(?:next|this) (?:week|weekend|month|year)|on the [0-9]{1,2}(?:st|nd|rd|th)?|the [0-9]{1,2}"
    r"(?:st|nd|rd|th)|by (?:christmas|spring|summer|new year|the weekend|my birthday)",
    r"after (?:i|my|the|we|everyone|work|school|exams)|when (?:my|the|everyone|they|he|she)"
    r"|once (?:my|the|everyone|they|he|she|i)|until (?:my|the|everyone|they|he|she)|before"
    r" (?:the|my|everyone)|end of (?:term|the (?:month|week|year|semester))|late at night"
    r"|at [0-9]{1,2}(?: ?[ap]m)?|ends at|soon|waiting for",
    r"esta (?:noche|semana|tarde)|manana|este (?:mes|fin de semana|ano)|fin de semana"
    r"|(?:este|el) finde|" + _DIAS,
    r"despues de|cuando|antes de que|hasta que|la (?:semana|primavera|navidad)",
)
DOING = _words(
    r"(?:wont|not going to) ruin (?:her|his|their) (?:day|wedding)|no le voy a arruinar"
    r"|just wanted to tell someone|me voy (?:al|a la|a las) (?:puente|rio|tren|vias|acantilado|mar"
    r"|cerro|monte|bosque|azotea"
    r"|presa|barranco)",
    r"thats the plan|the plan is|it will be|itll be|will be the day|ill have the",
    r"el plan es|ese es el plan",
    r"going through with it|ill go|im going (?:up|out|there)|i go there|its going to be"
    r"|will be (?:at|on)|(?:seems )?fitting|finish (?:that|this) first",
    r"me paro ahi|me bajo|antes quiero terminar",
    r"(?:the )?when and (?:the )?where|worked out (?:the )?(?:when|where|how|details)|the nerve"
    r"|the courage|the guts|picked (?:a|the) (?:date|day|spot|place)|(?:quiet |the )spot"
    r"|thats where|go through with it",
    r"(?:que|el) dia y (?:donde|el lugar)|me falta el valor|el valor|la fecha|el sitio",
    r"do it|doing it|go through with it|going to use|use the|use it|use them|stopping there"
    r"|stop there|drive (?:out|off)|walk (?:in|into|off)|jump\w{0,3}|thats (?:when|where)"
    r"|it (?:will|ll) happen|not (?:come|coming) back|finds me|find me|the one who finds"
    r"|nobody (?:i know )?(?:finds|will find)|booked|my plan|(?:the|my) spot",
    r"(?:its|it is|thats when its) happening|(?:me voy|voy) a ir (?:al|a la|a las) (?:puente|rio"
    r"|vias"
    r"|acantilado|mar|cerro|monte|bosque|azotea)",
    r"lo hago|hacerlo|lo tengo pensado|me mato|ahi se acaba|me tiro|tirarme",
    r"worked (?:it )?(?:all )?out|(?:got|have) it (?:all )?(?:worked out|figured out|planned)"
    r"|lo tengo (?:todo )?(?:planeado|calculado)",
)
LETHALITY = _words(
    r"stop (?:the|my) heart|big quantit\w{1,3}|gran cantidad|no sobrevives|es seguro que",
    r"(?:quicker|faster)(?! than (?:i|you|we|they|he|she|it))|less messy|more certain"
    r"|mas rapid[oa]|rapid[oa]s?|la forma mas|mas segur[oa]",
    r"would be easy|be (?:so )?easy",
    r"(?:tallest|highest)(?= (?:[a-z]{1,12} ){0,2}(?:near|around|in (?:town|my|this|the city"
    r"|the area|here)))|(?:without|no) (?:security|railings?|fence)|unlocked roof"
    r"|sin (?:vigilancia"
    r"|barandilla)|mas alt[oa]",
    r"(?:more|most|less|least) dangerous|deadl(?:y|ier|iest)|(?:surest|safest|best) (?:way"
    r"|method)|just fall asleep",
    r"mas peligros[oa]|(?:uno )?se queda dormido|te quedas dormido|necesito saber\w{0,2}",
    r"peaceful|(?:still|would|actually|does it|really) works?|works? or (?:is|not)|would i|will i"
    r"|pass out",
    r"(?:make|makes|made) you (?:fall asleep|pass out|sleep|drowsy)|te (?:duerme|quedas dormid[oa])"
    r"|(?:dont|do not|doesnt) have (?:barriers|railings?|fences?|nets)|without barriers"
    r"|sin barreras"
    r"|(?:could|can|would|will) (?:a person|someone|you|i|anyone) survive"
    r"|menos dolorosa|sin dolor|indolora|suficientemente|show (?:up )?(?:after|in (?:a|the) (?:test"
    r"|autopsy|post mortem))"
    r"|be detected|detectable|autopsy|post mortem|toxicology|se detecta|autopsia",
    r"which (?:floor|bridge|building|pills?|method|one|height)|(?:to )?not survive|would survive"
    r"|wont hurt|hurt",
    r"what happens if|can (?:you|i|someone|a person) die|would (?:it|that|this) kill|kill (?:you"
    r"|me)|how long (?:does|would|will) it take",
    r"que pasa si|se puede morir|me mataria|cuanto tarda",
    r"how (?:many|much|long|high|far|deep|cold)|what (?:dose|amount|height|floor)|is (?:a|the)"
    r" [0-9a-z]{1,12} (?:floor )?enough|enough|(?:painless|less painful|least painful|painful"
    r"|instant|quick(?! (?:question|q|one|note|update|reminder|chat))|quickest|fastest|certain"
    r"|surest|fatal|lethal)|does it hurt|would it (?:work"
    r"|hurt|be)|can you (?:actually )?(?:od|overdose|die)|would it take|it would take",
    r"cuant[oa]s?|es rapido|seria rapido|rapido|duele|dolor|se sufre|suficiente|mortal|letal",
)
QUESTION = re.compile(
    r"\?|^(?:would|is|does|can|will|how|what|which|whats|should)(?![a-z])"
    r"|(?<![a-z])(?:does it|do you|would i|sabes si|sabe si|do you know if|does anyone know"
    r"|anyone know|wondering|wonder if|i wonder|need to know"
    r"|quick question|how (?:many|much|high|long)|is it|would it|which is|whats the|alguien sabe"
    r"|cuant[oa]s?|sera|seria)(?![a-z])"
)
DECISION = _words(
    r"(?:been )?patient long enough|waited long enough|ya espere bastante|final answer",
    r"(?:i )?intend to|i have resolved|he decidido",
    r"(?:ready|time|going) to (?:check|tap|bow|clock) out|(?:voy a|me voy a|quiero"
    r"|pienso) (?:pegarme|volarme|tirarme|colgarme|ahorcarme|matarme|suicidarme|quitarme)|(?:made"
    r"|make|making) my (?:final )?arrangements(?! for)|hice mis arreglos",
    r"decide\w{0,2}|minds? (?:is )?made up|(?:ive|i have|i) chosen|going to sort it"
    r"|lo voy a hacer|no me van a convencer|ya lo decidi|lo decidi|decidi|me decidi|ya (?:esta"
    r"|fue) decidido",
    r"last (?:sunrise|sunset|day|night|christmas|birthday|time)(?: ill| i will"
    r"| im going to)? (?:ever )?(?:see|have|spend|watch)",
    r"en paz con|my decision|mi decision|too late|demasiado tarde|you know what i mean|iykwim"
    r"|ya saben|ya sabeis|nadie me va a (?:detener|parar)|me decidi|already know|ya lo se",
    r"(?:my )?arrangements (?:are|have been) made|not (?:even )?joking(?: this time)?|no es broma"
    r"|no estoy bromeando|(?:im|i am) (?:ok|okay|fine"
    r"|at peace) with (?:it|that)|mind is set|not changing (?:it|my mind)"
    r"|no voy a cambiar de opinion",
    r"(?:ill|i will|going to|gonna) sort (?:it|this|everything)(?: out)?(?= ?$| ?[.,!]| this| on"
    r"| by| tonight)"
    r"|(?:this is|thats|its) it for me|no more(?= ?$| ?[.!])",
    r"(?:the )?decisions? (?:is |s |has been |been )?made|(?:its|it is) (?:just )?(?:the )?when now"
    r"|(?:only|just) (?:a )?(?:question|matter) of when|(?:solo )?(?:es )?cuestion de cuando",
    r"nobody can stop me|no one can stop me|cant stop me|this is it|no turning back|for real",
    r"esta vez va en serio|no me van a parar|nadie me va a parar",
    r"decided|made up my mind|mind is made up|settled|(?:ive )?chosen|made my (?:peace|choice"
    r"|decision)|at peace with it|for real this time|this time for real|no more (?:fighting"
    r"|therapy|trying|pills)|im done|done trying|its time|ready to go|final|dont bother|dont try"
    r"|tonight(?: is|s) the night",
    r"decidido|lo tengo clar\w{1,6}|ya esta|no intenten|no hay vuelta atras|de verdad",
)
PREP = _words(
    r"deeds|escrituras|returned (?:the |my )?(?:library books|keys)|solicitor|setting aside"
    r"|set aside|putting aside|hoarding|squirrel\w{0,5}|abogado|notario",
    r"paid off|beneficiar\w{1,3}|pension|paperwork|sorted (?:out )?(?:the|my)|drafted|drafting"
    r"|made sure",
    r"vendi|le di|di la plata|busque",
    r"limpie|ordene|tidied|cleaned|clean",
    r"passwords?|letters?|notes?|my will|(?:wrote|written|write|writing) (?:down|to|a|my)"
    r"|gave (?:away )?my|giving away my|given away|rehom\w{1,4}|spare keys?|my funeral"
    r"|playlist|tidied|affairs in order|insurance|close my accounts|delete my account"
    r"|(?:reading|read|looked|looking|researched|researching|searched|googled) (?:up |about )?"
    r"(?:methods?|doses?|how)|a list now|keeping them|in a jar|saving|saved up|stockpil\w{1,4}"
    r"|collecting|bought|three different|(?:two|three|several) (?:different )?pharmacies"
    r"|without anyone asking|checked (?:its|it is|theyre) still there|like everything is normal",
    r"contrasenas|cartas?|testamento|regale|le deje|deje (?:a|todo)|ahorradas|guardando"
    r"|guardadas|juntando|compre|busque|apuntadas|ya tengo todo|donde esta la llave|por si acaso",
)
FAREWELL = _words(
    r"ha sido un placer|te quiero mucho|los quiero mucho",
    r"thanks? (?:you )?for trying(?! to)|bye guys|bye all|bye everyone|(?:thank you"
    r"|thanks) to everyone"
    r"|kind to me|if (?:my|anyone|they) [a-z]{0,12} ?asks?|(?:wasnt|was not|im not) angry (?:with"
    r"|at)|so someone knows",
    r"chau|chao|perdon por|ultim[oa] (?:mensaje|vez|post|comentario)",
    r"(?:said|saying) (?:bye|goodbye|my goodbyes) to|(?:ya )?me despedi de|ill miss|i will miss"
    r"|thanks for listening|im off|im leaving|saying goodbye",
    r"voy a extranar|gracias por escucharme|ya me voy|me despido",
    r"dont be sad|no (?:esten|esteis|os pongais) triste?s|love you(?: all| mum| mom| dad)?|im sorry"
    r"|so sorry|sorry (?:mum|mom|mam|dad|mama|papa"
    r"|everyone|guys)",
    r"take care of yourselves|love you all|cuidense|los quiero a todos|gracias a todos",
    r"goodbye|good bye|bye|farewell|last (?:post|comment|message|time|wish(?! for))|thanks for"
    r" everything|thank you for everything|thank you for trying|tell my|make sure my"
    r"|(?:wasnt|not) (?:her|his|your|their|anyones) fault|im proud of|said what i needed"
    r"|delete my account|water\w{0,2} my plants|to whoever reads this|i loved (?:her|him|you"
    r"|them)|wont be able to tell|forgive me|sorry for everything",
    r"adios|gracias por todo|perdon\w{0,2} por todo|no fue culpa|borren mi cuenta|mi ultim\w"
    r"|cuiden a|despedida|los quiero",
)
FINAL = _words(
    r"one last (?:good )?(?:one|christmas|birthday)|una ultima",
    r"my time has come|(?:ha )?llego mi hora|ha llegado (?:mi hora|el momento)",
    r"permanently|peaceful since|so peaceful|know its right|thats how i know",
    r"last (?:sunrise|sunset|day|night|christmas|birthday|time)(?: ill| i will"
    r"| im going to)? (?:ever )?(?:see|have|spend|watch)",
    r"(?:the )?last one|ya es hora|es la hora",
    r"last (?:week|day|time|night) (?:ill|i will|anyone|you|i)|ever have to|(?:wont"
    r"|no longer) have to (?:worry|deal)|for good|forever|(?:look after|take care of) (?:him|her"
    r"|them|it) better|better than (?:i|me) (?:can|could|ever)",
    r"va en serio|no me van a parar|para siempre|mejor que yo",
    r"(?:it )?(?:wont|will not) (?:hurt|last) (?:for )?(?:long|much longer)",
    r"everything (?:is|s) (?:done|sorted|ready|in place)|todo (?:esta )?(?:listo|hecho|preparado)",
    r"finally going to be free|free soon|calm|at peace|not enough anymore|any more|anymore"
    r"|wont be able|after tonight|its time|ya no|nunca mas|se acabo",
)
SH_ACT = _words(
    r"(?:drank|drink|drinking|swallowed|swallow) (?:some )?(?:bleach|poison|antifreeze)"
    r"|bebi (?:lejia|cloro|veneno)"
    r"|smash(?:ed|ing)?|slam(?:med|ming)?|bash(?:ed|ing)?|hold (?:my|a) [a-z]{2,10} (?:over|under"
    r"|against"
    r"|on)"
    r"|dug|digging|pull(?:ed|ing)? (?:out )?(?:clumps of )?(?:my )?hair|nails into",
    r"threw up|throwing up|made myself sick|sin comer|vomit\w{1,4}"
    r"|havent eaten|not eating|stopped eating|skip(?:ping)? meals|dont deserve (?:food|to eat)"
    r"|no he comido|dejo de comer",
    r"cut(?:s|ting)?|burn(?:t|ed|ing|s)?|hit(?:ting)?|punch(?:ed|ing)?|bang(?:ed|ing)?"
    r"|scratch(?:ed|ing)?|carv(?:e|ed|ing)|starv(?:e|ed|ing)|throw up|purg(?:e|ed|ing)"
    r"|tied|tight|pressed|pick(?:ed|ing)?|bit(?:e|ing)?|hurt(?:ing)?|used a (?:cigarette"
    r"|lighter|blade)|sh|self ?harm\w{0,3}|marks|scars?|relaps\w{0,3}|hide (?:cuts|marks)",
    _ES_HARM_VERBS,
    r"cort\w{1,4}|quem\w{1,4}|golpe\w{1,4}|pego|pegu[eo]|rasgu\w{1,4}|no como|vomit\w{1,4}"
    r"|apague|hacerme dano|hago dano|marcas|cicatrices|recai\w{0,2}",
)
BODY = _words(
    r"arms?|wrists?|thighs?|legs?|skin|stomach|hips?|head|wall|knuckles|hands?|fingers"
    r"|myself|my body|my ?self",
    r"brazos?|munecas?|muslos?|piernas?|piel|cabeza|pared|nudillos|manos?|me",
)
SH_CONTEXT = _words(
    r"on purpose|deliberately|punish\w{0,4}|hate myself|urges?|again|for hours|until|till"
    r"|so (?:strong|bad)|right here|next to me|in my (?:pencil case|room|drawer)|nobody can see"
    r"|no one can see|clean|suspicious|from me|after the argument|castigo|no me lo merezco"
    r"|ganas|otra vez|volvi|hasta que|nadie lo ve|anoche|no sentir"
    r"",
)
ATTEMPT = _words(
    r"pulled me (?:off|back|down)|talked me down|cut me down|found me (?:on|at|in)",
    r"me bajo del|me bajaron|me encontraron",
    r"tried(?! (?:the|a|an|our|some|this|that|out|on|new|hard|my best|everything|calling|ringing"
    r"|talking|to (?:call|talk|ring|get|sleep|eat|explain|help|find|reach|tell)))|attempt\w{0,2}|od"
    r"|overdos\w{1,3}|swallow\w{0,3}|took (?:everything|all|a load"
    r"|loads)|a load of pills|jumped|stomach pumped|woke up",
    r"me pase con (?:las|los|mis) (?:pastillas|pildoras|medicamentos|calmantes|somniferos)"
    r"|sobredosis"
    r"|(?:took|taking|swallowed|tome|me tome) too many|demasiadas pastillas"
    r"|(?:the )?(?:pills|tablets) i (?:took|swallowed)|(?:pulled|dragged|grabbed) (?:me )?(?:off"
    r"|back from"
    r"|down from) (?:the )?(?:bridge|ledge|edge|railing|roof|tracks)|got pulled off"
    r"|intent\w{0,2}|me tome|sobrevivi|desperte|me lance|me tire",
    r"(?:walked|stepped|ran|jumped|threw myself) (?:out )?(?:in front of|under) (?:a|the) (?:car"
    r"|lorry"
    r"|truck|bus|train|van|tram)|me (?:tire|lance|atravese|cruce) (?:delante|frente|debajo) (?:de"
    r"|a)"
    r" (?:un|una|el|la) (?:coche|carro|camion|bus|autobus|tren|metro)",
)
HOSPITAL = _words(
    r"lavado",
    r"hospital|icu|er|a ?and ?e|a&e|ambulance|psych ward|ward|discharged|threw (?:most of )?it"
    r" up|survived|still feel awful|stomach pumped|the nurses",
    r"hospital|urgencias|uci|alta|sobrevivi|lavado",
)
RECENT = _words(
    r"last month|el mes pasado|after my shift|on monday",
    r"this morning|tonight|(?:on|last) (?:mon|tues|wednes|thurs|fri|satur|sun)day"
    r"|on the [0-9]{1,2}(?:st|nd|rd|th)?",
    r"esta manana|el (?:lunes|martes|miercoles|jueves|viernes|sabado|domingo)",
    r"today|yesterday|last (?:night|week)|on (?:monday|tuesday|wednesday|thursday|friday"
    r"|saturday|sunday)|a few days ago|days ago|this week|just|hasnt|came home|got out",
    r"hoy|ayer|anoche|hace (?:dos|tres|unos|pocos) dias|esta semana|me dieron",
)
WISH = _words(
    r"wishing|wished|how nice it would be|would be nice|que lindo seria|seria lindo"
    r"|no me molestaria|wouldnt bother me",
    r"(?:solo |ya )?(?:me )?quiero(?= (?:desaparecer|quitarme|irme|dejar de|no (?:despertar"
    r"|existir|estar)))",
    r"(?:i )?(?:would|d) (?:really )?like to(?= (?:go to sleep|sleep|die|not wake|disappear|stop))",
    r"i just want to(?= (?:disappear|not (?:exist|be here|wake)|stop existing|be gone"
    r"|go to sleep))",
    r"trade places|would feel relief|feel relief|wouldnt fight it|would not fight it|(?:wait"
    r"|waiting) for it to be over",
    r"solo quiero|me gustaria|no me importaria",
    r"sounds (?:so )?(?:peaceful|nice|good|like a relief)|would be (?:a )?relief|(?:id|i would"
    r"|would) press it|button",
    r"(?:would|id|i would) welcome|welcome (?:a|death|it)",
    r"wish|hope|hoping|pray\w{0,3}|relieved|would be a relief|wouldnt mind|want my life to end"
    r"|want it to end",
    r"(?:id|i would) be (?:fine|ok|okay|happy|glad|relieved) if",
    r"ojala|quisiera|le pido|deseo|preferiria|(?:id|i would|would) (?:much )?rather",
)
WISH_EVENT = _words(
    r"heart (?:just )?(?:stops|stopped|would stop|gives out)|get out|be over|to be over"
    r"|if something happened",
    r"dejar de (?:estar|existir|vivir)|que se pare el corazon|no levantarme",
    r"(?:car|bus|train|truck|lorry) (?:doesnt|wont|didnt) stop|close (?:myself|themselves)"
    r"|browser tab|log off|switch (?:myself|me) off|turn myself off|stop existing|being dead|dead",
    r"disappear(?! into| for a)|vanish|not exist(?:ing)?|stop existing|fall asleep forever"
    r"|no existir"
    r"|nobody would notice",
    r"terminal|cancer|diagnosis|plane (?:would )?(?:go|goes|went) down|(?:scan|test|results?"
    r"|biopsy) (?:comes?|came) back bad"
    r"|(?:let|take|call) me (?:in |home )?early|me lleve pronto|crash\w{0,2}|turned out real"
    r"|end on its own|not wake|never wake|hit by|run over",
    r"me (?:diera|de|pillara|pase|pasara) (?:algo|un (?:infarto|derrame|ataque)|una enfermedad)"
    r"|heart attack|aneurysm|no despertar|no me deje despertar|me muriera|me atropell\w{1,4}"
    r"|no despertar nunca",
    # Not living, not having to face another day: "wishing that I am not living", "it were over"
    r"(?:(?:i|im) )?(?:am |was |were )?not (?:living|alive)|(?:wasnt|werent) alive"
    r"|never (?:been )?born"
    r"|(?:it|this|all|everything|life) (?:were|was) (?:all )?over|not (?:have|having) to (?:do|face"
    r"|wake up to|get through) (?:tomorrow|another day|any (?:of it|more days))|or any tomorrow"
    r"|no estar viv[oa]|no haber nacido|no tener que (?:despertar|enfrentar)",
)
HOPELESS = _words(
    r"weight around (?:everyones|their|his|her|my [a-z]{2,12}s?) necks?|(?:get|have) (?:their|his"
    r"|her) (?:lives?|life) back|lighter load|(?:werent|wasnt) in the picture|out of the picture"
    r"|been waiting (?:[0-9a-z]{1,8} )?years|let (?:them|everyone|everybody|you) (?:all )?down"
    r"|done being a (?:project|burden|problem)|(?:simply|just|only) an? (?:expense|cost|burden"
    r"|drain|problem)|(?:its|it is) never there|no (?:next|new) chapter|ive got nothing"
    r"|nothing will(?= ?$|[.,!])|nothing changed|disappointed to (?:find|wake|be)|(?:a|an) (?:mum"
    r"|mother|dad|father|wife|husband) (?:who|that) (?:works|functions)",
    r"(?:hace|llevo) [a-z0-9]{1,8} anos (?:que espero|esperando)|estarian mejor|los arrastro"
    r"|arrastro (?:a todos|para abajo)|una madre que funcione|(?:soy )?solo un gasto"
    r"|no me veo (?:en|dentro de)|no hay nada (?:ahi|adelante|para mi)",
    r"cant (?:picture|imagine) (?:myself|my future|a future)|(?:wake up|waking up) disappointed"
    r"|disappointed (?:that )?im still (?:here|alive)|future (?:is|looks) (?:just )?(?:black|dark"
    r"|empty|blank)|cant see anything ahead|exhausted by life|(?:dont|do not) want to (?:continue"
    r"|keep going)|nothing (?:left )?for me (?:here|anymore)|nothing left to live for",
    r"nada por (?:lo )?que vivir|no le veo futuro|todo es gris|no tiene caso|no quiero continuar",
    r"(?:(?:dont|do not|no longer) (?:even |really )?want|not (?:even "
    r"|really )?wanting) to (?:be here"
    r"|be alive"
    r"|live(?! (?:in|with|at|near|on|there|abroad|alone|like))|exist|wake up"
    r"|go on|carry on)|(?:dont|do not|cant|cannot) (?:really |even )?see (?:the |any "
    r"|much )?(?:point"
    r"|reason|purpose) (?:of|in) (?:me |my )?(?:being here|being alive|living|existing|going on"
    r"|carrying on)|lived (?:long )?enough|had enough of (?:life|living|everything|it all"
    r"|this life|being alive)|(?:little|no|not much|any) (?:purpose|reason|point) (?:in|to"
    r"|for) (?:continuing|carry\w{0,3} on|going on|stick\w{0,3} around|living|being here"
    r"|stay\w{0,3}|me)(?! (?:the|with|to|this|that|a|an|our|your|his|her)(?![a-z]))|(?:dont"
    r"|do not|cant) see (?:much|any) (?:reason|point|purpose)(?! (?:to|in|for) (?!live|living"
    r"|go on|going on|carry|stay|stick|be here|keep going|continu))",
    r"tired of (?:my )?life(?! being)|sick of (?:my )?life(?! being)|nobody (?:needs|wants"
    r"|would miss) me(?! (?:at|on|for|to|until|till|today|tomorrow|this|next))|like a ghost"
    r"|never (?:going to )?get out of (?:this|here)|(?:im|i am) worthless|(?:want|need|(?:id"
    r"|i would) (?:just )?like) (?:it all"
    r"|everything|this) to (?:stop|end)",
    r"no quiero (?:vivir|seguir|existir|despertar)|quiero que (?:todo|esto) (?:se acabe|termine"
    r"|pare)|nadie me (?:necesita|extranaria|va a extranar)|no valgo nada|nunca voy a salir"
    r"|me siento (?:un estorbo|una carga)|no le encuentro sentido",
    r"(?:ya )?no doy (?:mas|para mas)|no puedo seguir(?: asi)?",
    r"stuck (?:like this|forever)|(?:cant|can not|cannot|dont) see (?:a"
    r"|any) (?:way out|future|point|end)(?! (?:where|in which|for (?:this|the|it|that|them)))"
    r"|way out of (?:this|the hole|here)|stopped (?:expecting|hoping|looking)"
    r"|(?:just )?waiting (?:it out|for it to (?:be over|end))",
    r"(?:a )?drain on (?:everyone|the nhs|society|them|you|people|my (?:wife|husband|family|kids"
    r"|partner|parents)(?! money))|(?:ok|okay|fine|alright|better|lighter|easier|happier|calmer"
    r"|cope|cope fine"
    r"|manage) without me(?! (?:for|while|at|on|this|next|today|tonight|tomorrow))|(?:deserve"
    r"|deserves) (?:a )?better (?:mum|mom|dad|mother|father|wife|husband|partner|son|daughter"
    r"|friend)|tired of (?:existing|being alive|living|being here)",
    r"every (?:day|square|week) is the same|(?:couldnt|cant"
    r"|could not) do (?:it|this) any ?more|being alive (?:feels|is) (?:like )?a mistake"
    r"|a mistake (?:someone|that)",
    r"cansad[oa] de (?:existir|vivir|estar)|hart[oa] de (?:vivir|existir|todo)"
    r"|no le veo (?:salida|sentido)|estancad[oa]|(?:hace|llevo) [a-z0-9]{1,8} anos (?:que espero"
    r"|esperando)|no aguant\w{1,3}(?: mas)?+(?! (?:este|esta|el|la|los|las|a|al|con|tanto) )"
    r"|(?:soy|ser|siendo) (?:un estorbo|una carga)",
    r"(?:a )?weight on|dragging (?:everyone|them|you|people) down"
    r"|holding (?:[a-z]{1,12} ){0,2}back|(?:theyd|they would|everyone would|would be"
    r"|be) (?:honestly |all )?better off(?! (?:asking|calling|talking|going|seeing|with a (?:gp"
    r"|doctor)|using|reading))|(?:would|wouldnt) notice if i|pointless|broken|no future",
    r"arruino|mejor que no estuviera|no hay futuro|nada funciona",
    r"nada mejora|nunca mejora|agotad[oa] de (?:intentarlo|vivir|todo)"
    r"|cansad[oa] de (?:intentarlo|todo|luchar)|(?:tired|exhausted) (?:of|from) trying"
    r"|nothing (?:ever )?gets better|never gets better",
    r"nothing (?:i do )?(?:matters|works|helps)|(?:it )?never will|(?:i )?give up|given up"
    r"|gave up|(?:(?:im|i am|i feel|feel|felt|being|just|such) (?:so |completely |totally |just |a "
    r"|such a )*)"
    r"(?:a waste(?: of space)?|worthless|useless)|waste of (?:space|oxygen|air)|tired of me"
    r"|sick of me"
    r"|(?:what is|whats) the point(?! of (?:the|this|that|a|an) )|no point(?! (?:in )?(?!living"
    r"|going on|trying|carrying|being|waking|getting up)[a-z]{2,12}ing)|getting through another"
    r"|cant (?:see|imagine) myself"
    r"|cant do this any ?more|no light|cant go on(?! (?:holiday|a |the |with|about|my|for|like|at"
    r"|to|tour))|cant keep going|no reason",
    r"me rend\w{1,3}|no sirvo|nada va a cambiar|nunca va a mejorar|sin futuro|no tiene sentido"
    r"|para que seguir|de que sirve|no vale la pena|no puedo mas(?! (?:este|esta|el|la|con) )"
    r"|no aguanto(?: mas)?+(?! (?:este|esta|el|la|los|las|a|al|con|tanto) )",
    r"(?:ive|i have) had enough(?= ?$| ?[.!,]| of (?:it all|everything|life|living))"
    r"|ya tuve suficiente"
    r"|(?:dont|doesnt) need a failure|(?:a )?failure (?:for|as) a (?:dad|mum|mom|father|mother"
    r"|husband"
    r"|wife|son|daughter)|nothing to show"
    r"|no hope|hopeless|nothing (?:ever )?changes|always ends the same|done trying|ruin everything"
    r"|wont be me|why keep going|exactly as bad|no way out(?! (?:until|till|of the|from the"
    r"|of this (?!life|hell|hole|pain|mess|dark)[a-z]+))"
    r"|trapped|no future|never get better",
    r"esperanza|no veo (?:ninguna )?salida|atrapad[oa]|si yo no existiera|mas tranquil\w{1,3}"
    r"|sin salida",
)

THINK = _words(
    r"(?:my|the) (?:brain|head|mind) (?:keeps|says|tells|goes|does)|keeps going|dark thoughts"
    r"|mi cabeza (?:me )?dice",
    r"telling me to|tells me to|keeps telling|voices?|me dice que",
    r"in my head|on my mind|popping|cant stop|keeps? coming|obsess\w{0,3}|en la cabeza",
    r"think\w{0,3}|thought\w{0,1}|wondering|considering|pensar|pensando|pienso|pensamientos"
    r"|eso me pasa|thats me",
)
METHOD_WORD = _words(r"ways?|methods?|metodos?|forma|manera")
PREP_STRONG = _words(
    r"read up on|what they find|how long it takes|know more than i should|googl\w{1,4} (?:tall"
    r"|high|buildings|bridges|how|methods)|roof access|(?:give|gave"
    r"|giving) (?:away )?my (?:things|stuff|belongings|possessions)|for the last month|(?:i am"
    r"|im) ready now|life policy|paid out|gets paid",
    r"se mas de lo que deberia|borre (?:todas )?mis (?:redes|cuentas)|dejando todo (?:limpio"
    r"|en orden)|regale mis [a-z]{3,12}|estoy list[oa]",
    r"(?:gave|given|giving"
    r"|give) (?:away )?my [a-z]{2,15} (?:and (?:all )?(?:my )?[a-z]{2,15} )?(?:to|away)",
    r"(?:took|taken|dropped|left|brought) (?:the|my) (?:dog|cat|pets?|rabbit|hamster|bird"
    r"|kids) (?:to|with)"
    r"|left (?:[a-z]{1,12} ){0,7}(?:a |my )?(?:note|letter)s? (?:for|to|on|in|under)"
    r"|seal\w{0,3} (?:up )?(?:the )?(?:door|gaps|windows?|vents?|room)"
    r"|tape (?:up )?(?:the )?(?:door|gaps|vents)"
    r"|sellar (?:la|las|el) (?:puerta|ventanas?|rendijas?|bano|cuarto)|tapar (?:las )?rendijas",
    r"(?:different|several|many|various|other) (?:pharmac\w{1,4}|chemists?|farmacias)"
    r"|(?:varias|distintas|diferentes|otras) farmacias|para que no sospech\w{1,4}"
    r"|(?:tengo|ya tengo) (?:el|la) (?:cinturon|cuerda|soga) (?:listo|lista|preparad[oa])"
    r"|(?:ya )?tengo (?:la|una) (?:cuerda|soga|pistola|escopeta)|se donde (?:colgarla|hacerlo)"
    r"|(?:kept|keeping|held|holding) (?:back )?(?:my |the |some )?(?:pills|tablets|meds"
    r"|prescriptions?"
    r"|medication)(?: back)?",
    r"(?:second|third|fourth|another|extra|otra|otra mas|segunda|tercera) (?:box|pack|packet|bottle"
    r"|caja|bote|blister)s? (?:of|de)",
    r"(?:cuerda|soga|pastillas|arma|pistola|cuchillas?) guardad[oa]s?|(?:rope|pills|gun"
    r"|blades?) hidden",
    r"everything (?:is )?in order|(?:put|putting|got) (?:my )?(?:things|house|papers"
    r"|affairs) in order|(?:setting|set|putting|put|saving|hoarding|keeping|stashing) (?:aside "
    r"|up |away )?(?:all )?(?:my |the |some )?(?:pills|tablets|meds|medication|painkillers"
    r"|sleeping pills|insulin)|hoarding|squirrel\w{0,5} away|todo (?:esta )?en orden|(?:guardando"
    r"|juntando|ahorrando) (?:mis|las)",
    r"for when i need (?:it|them)|when the time comes|cuando llegue el momento|por si (?:las|lo"
    r"|la) necesito",
    r"(?:writing|wrote|written|drafting|drafted) (?:my |the |some )?goodbye (?:texts?|messages?"
    r"|notes?"
    r"|letters?)|(?:escribiendo|escribi) (?:mensajes|cartas) de despedida",
    r"(?:drafted|drafting|finished|started|print\w{0,3}) (?:a |my |the )?(?:note|letter"
    r"|goodbye)s?|beneficiar\w{1,3}|(?:moved|brought|took|hid) (?:it|them|the [a-z]{1,12}) (?:to"
    r"|into|in) my (?:room|car|bag|drawer)|(?:the|my) (?:dog|cat|pets?|rabbit|bird|kids) (?:is "
    r"|are )?(?:going|goes|will go) to|(?:reading|read) forums|forums? about|which way is",
    r"horarios|los que no paran|acceso a la azotea|busque (?:que|cual|donde|como)|vendi (?:la|el"
    r"|mi|mis) [a-z]{2,12} y (?:le )?di|le di (?:la plata|el dinero|mis cosas|todo)"
    r"|cree que es generosidad",
    r"(?:wrote|written|make|making|made) (?:a|my) will|bookmarked|timetable|(?:doesnt|dont) stop"
    r"|cancel+ed (?:my|the|all)|paid off|all clean for|delet\w{0,3} (?:all )?my"
    r"|borrando (?:todas )?mis"
    r"|one at a time|so (?:she|he|they"
    r"|nobody|no one) (?:doesnt|dont|wont) notice|without (?:anyone|her|him|them) noticing"
    r"|kept all my|havent taken any|just in case|so (?:no one|nobody)(?: else)? has to"
    r"|told (?:everyone|them|people|her|him|my [a-z]{1,12}) (?:im|it was|its|i was)",
    r"hice (?:mi|un) testamento|para que nadie tenga que|le dije (?:al|a)|les dije",
    r"in a (?:shoebox|shoe box|box|drawer|jar|tin|sock)|under my (?:bed|mattress)|bank details"
    r"|access everything|after im gone|everything after|so (?:he|she|they"
    r"|my [a-z]{1,12}) can (?:access|close|have|find)|(?:wrote|written|left|writing) (?:a "
    r"|my )?(?:note|notes|letters?) (?:for|to)",
    r"cartas para|dej\w{1,3} escrit\w{1,3}|cuando ya no este",
    r"life insurance|pays out|affairs in order|(?:gave|giving|give|given) (?:away )?my (?:cat|dog"
    r"|pets?|rabbit|hamster|bird|guinea pig)|somewhere (?:for my|to go)|ordered a (?:rope|noose"
    r"|belt|knife|gun)|hidden (?:behind|under|in)|juntando pastillas",
    r"mi (?:gato|perro) (?:a|con)|regale mi (?:gato|perro)|seguro de vida",
    r"(?:bought|got|ordered|picked up|compre|consegui) (?:a |some |the |un |una "
    r"|mas )?(?:new )?(?:rope"
    r"(?! ladder| swing)|noose|charcoal|helium|shotgun|gun|pistol|blades|razor blades|cuerda|soga"
    r"|carbon|pistola"
    r"|cuchillas)|hose (?:for|to fit|that fits) (?:the )?(?:exhaust|car)|exhaust (?:pipe )?hose"
    r"|manguera (?:para|al) (?:el )?(?:tubo de )?escape",
    r"passwords?|my will|my funeral|spare keys?|rehom\w{1,4}|gave away my|giving away my"
    r"|close my accounts|delete my account|(?:reading|read|looked|looking|researched"
    r"|researching|searched|googled) (?:up |about )?(?:methods?|doses?)|a list now|in a jar"
    r"|saved up|stockpil\w{1,4}|checked (?:its|it is|theyre) still there|(?:two|three|several)"
    r" (?:different )?pharmacies|the stuff i need|like everything is normal",
    r"contrasenas|testamento|regale|ahorradas|guardadas|juntando|ya tengo todo"
    r"|donde esta la llave",
)
FAREWELL_STRONG = _words(
    r"if (?:my|mi) [a-z]{2,12} (?:ever )?reads? this"
    r"|if anyone (?:from [a-z ]{2,20} )?(?:ever )?reads this|(?:isnt|is not|wasnt) anyones fault"
    r"|(?:its|it is) not on (?:you|them)|(?:wont|will not|never) see me (?:here )?again"
    r"|saying goodbye properly|this is me saying goodbye|stand down",
    r"si (?:mi|mis) [a-z]{2,12} (?:lee|leen) esto|nada de esto|no me (?:van|vas) a ver mas",
    r"look after each other|take care of (?:yourselves|each other)|last time (?:posting|writing"
    r"|on here)|(?:wont|will not|not) (?:be )?(?:posting|writing|coming) (?:here )?again"
    r"|said my goodbyes",
    r"me despido de (?:todos|ustedes|vosotros)|ya no voy a (?:escribir|volver|postear)"
    r"|gracias por aguantarme|perdon(?:ame|enme)|cuidense mucho",
    r"(?:to )?whoever (?:finds|reads|sees) this|look after my (?:cat|dog|kids|children|pets?"
    r"|plants)|dont blame yourselves?|(?:im )?writing this so (?:someone|somebody|you) knows?",
    r"a quien (?:encuentre|lea) esto|no se culpen|no te culpes|cuiden a mi|ultimo mensaje",
    r"(?:was )?never your fault|take care of each other|(?:wanted|want|need) to say goodbye"
    r"|(?:bye|goodbye) (?:world|everyone|everybody|all)|last time i (?:write|post)",
    r"(?:nos vemos|nos veremos|hasta) (?:en )?(?:la |otra )?(?:otra vida|del otro lado)|despedirme"
    r"|hasta siempre"
    r"|(?:dont|do not) (?:come )?look(?:ing)? for me|no me (?:busquen|busques|busqueis)"
    r"|no me van a volver a (?:leer|ver)|no (?:volvere|voy a volver) a (?:escribir|entrar)"
    r"|final (?:post|message|comment|words)|ultimas palabras|adios (?:mundo|a todos)"
    r"|ultima vez que escribo",
    r"none of this is on|(?:isnt|is not|wasnt) on (?:them|you|her|him)|if you dont hear from me"
    r"|wont hear from me|this is goodbye|last (?:thing|post|comment|message)|my goodbye"
    r"|signing off for good|see you (?:all )?(?:on the other side|in (?:the next|another) life)"
    r"|wrote letters for",
    r"mi despedida|no sabran mas de mi|diganle a|digan a mi",
    r"tell my|make sure my|(?:wasnt|was not) (?:her|his|your|their|anyones) fault|said what i"
    r" needed|delete my account|water\w{0,2} my plants|to whoever reads this|last (?:post"
    r"|comment|message|wish(?! for))|wont be able to tell|sorry for everything",
    r"no fue culpa|borren mi cuenta|mi ultim\w|cuiden a|perdon\w{0,2} por todo",
)
SH_MEANS = _words(
    r"encendedor|fosforos|cerillos|cerillas",
    r"blades?|razors?|sharpener|lighter|cigarettes?|hot spoon|pencil case|hair tie",
    r"cuchillas?|sacapuntas|mechero|cigarr(?:o|illo)s?|cerillas|fosforos|cuter|cutter|hammer"
    r"|martillo",
)
SH_STRONG = _words(
    r"(?:tying|tie|tied|wrap\w{0,3}) (?:things|something|a [a-z]{2,10}"
    r"|it) (?:tight )?around my neck|to feel the pressure|long sleeves in (?:july|august|june"
    r"|summer|the heat)|(?:scissors|blade|razor|knife|lighter) in my hand",
    r"(?:cut|cutting|burn\w{0,3}|hurt myself|scratch\w{0,3}) again|(?:hit|hitting|bang\w{0,3}"
    r"|punch\w{0,3}|smash\w{0,3}) my (?:own )?(?:head|fists?)|head against the wall"
    r"|long sleeves (?:again|in (?:the )?(?:summer|heat))",
    r"manga larga|volvi a cortar\w{0,2}|la cabeza contra la pared",
    r"(?:drank|drink|drinking|swallowed|bebi|me bebi|tome|me tome) (?:[a-z]{1,10} ){0,4}(?:bleach"
    r"|poison"
    r"|antifreeze|lejia|cloro|veneno|raticida)",
    r"(?:days|weeks|months) clean and (?:i )?(?:just )?(?:ruined|broke|lost|relapsed)|(?:ruined"
    r"|broke|lost) (?:it|my streak|the streak)|my (?:cuts|burns|wounds) (?:are|keep)|relaps\w{0,3}",
    r"mis cortes|recai\w{0,2}|volvi a (?:cortarme|hacerlo|hacerme dano)",
    r"hide (?:my |the |these |those )?(?:cuts|marks|scars)|sh urges?|urges? to (?:cut|sh|self"
    r" ?harm)|those marks are from me|marks are from me|make myself throw up|throw up when i"
    r"|as punishment|as a punishment|no como nada|como castigo|le pego a la pared|no sentir nada",
)

OPPORTUNITY = _words(
    r"cuando (?:todos|nadie) (?:esten|este)|when everyone(?:s| is) (?:at|out|asleep|busy)",
    r"when (?:its|it is) empty|asleep|(?:cant|wont be able to) stop me|(?:no one"
    r"|nobody) (?:will|would) (?:even )?(?:notice|know|find|care)|until morning|cuando este vacio"
    r"|todos duerman"
    r"|no (?:se )?den cuenta",
    r"(?:house|flat|place|home) (?:is|will be) empty|home alone|(?:house|flat|place) to myself"
    r"|nobody (?:will be )?(?:home|around)|no one (?:will be )?(?:home|around)",
    r"se vayan|no haya nadie|me quede sol[oa]|quede sol[oa]|quedarme sol[oa]|esten fuera|casa sola"
    r"|casa vacia",
)
PLAN_WORD = _words(
    r"(?:the )?when and (?:the )?where|worked out (?:the )?(?:when|where|details)|picked (?:a|the)"
    r" (?:date|day|spot|place)(?! for (?:the|our|my|a) )",
    r"(?:que|el) dia y (?:donde|el lugar)|ya (?:tengo|elegi) (?:la fecha|el dia|el sitio)",
    r"(?:got|have|made|ive got|ive made) a plan (?:for|on) (?:tonight|tomorrow|the weekend|this"
    r"|next|" + _DAYS + r")|tengo un plan para (?:esta|este|el|manana)",
)

SH_WHY = _words(
    r"easier to hide|to hide (?:it|them)|nobody (?:can )?see|para que no se vea",
    r"helps with the (?:noise|voices|pain|thoughts)|(?:only thing that )?calms me|till it bled"
    r"|until (?:it|they) bled|bled|sangr\w{1,4}",
    r"on purpose|deliberately|punish\w{0,4}|dont deserve|hate myself|to feel something"
    r"|to feel (?:better|real|anything)|until it (?:goes quiet|stops)|only thing that helps",
    r"the only control|lo unico que controlo|a proposito|castig\w{1,4}|no me lo merezco|no merezco"
    r"|para sentir|me odio",
)

OPTION = _words(
    r"(?:like )?an option|(?:getting |more )specific|more detailed|mas especific\w{1,3}|una opcion",
    r"only (?:thing|option|way|answer|solution|way out|fix)(?: left)?|makes sense|the answer",
    r"la unica (?:salida|opcion|solucion)|tiene sentido",
)
OUTCOME = _words(
    r"woke up after|sleeping (?:almost |nearly )?(?:two|three|2|3) days",
    r"didnt die|still alive|snapped|broke|didnt work|survived|woke up"
    r"|(?:made me|i) sle(?:ep|pt) for (?:two|three|2|3|a few) days",
    r"se rompio|no funciono|sobrevivi|desperte",
)
REPORTED = _words(
    r"(?:keeps?|kept) saying|says|said|told me|tells me|keeps? telling",
    r"dice que|dijo que|me dijo|me cuenta",
)
# Fiction and supportive replies: about a story or to someone else, even in the first person.
ELSEWHERE = _words(
    r"in the (?:book|game|film|movie|show|series|novel|play)|the (?:main )?character"
    r"|the protagonist"
    r"|reply:|i know (?:it|how it|how that) feels|i felt that too|ive been there too",
    r"el personaje|la novela|la serie|la pelicula|el protagonista|se lo que se siente",
)
COVER = _words(
    r"thinks? (?:it was|i had|im) (?:an accident|flu|a bug|ill|sick)|creen? que (?:fue|tuve|estoy)",
    r"told (?:everyone|them|people|him|her|my [a-z]{1,12}) (?:im|it was|its|i was)",
    r"le dije (?:al|a)|les dije",
)
# Dwelling on a means at hand: "my dad keeps a gun in the garage and i keep thinking about it".
DWELL = _words(
    r"(?:i )?live (?:right )?next to (?:it|the)|vivo (?:al lado|cerca) de"
    r"|all i (?:can )?think about|lo unico en (?:lo )?que pienso|no pienso en otra cosa",
    r"(?:keep|kept|been|always|cant stop) (?:looking|staring) at (?:the|my|it)|thinking (?:it"
    r"|that) would be easy",
    r"(?:keep|keeps|kept|been|cant stop|always|constantly|cannot stop) think\w{0,3} (?:about|of)"
    r"|think about (?:it|that|them) (?:more than i should|all the time|every day|a lot)"
    r"|more than i should"
    r"|(?:does|doing|do|did) the maths?|thats all ill say|(?:ive )?been looking at (?:it|them)",
    r"(?:keep|kept|been) counting (?:them|the (?:pills|tablets))|(?:las|los) cuento"
    r"|(?:keep|kept|been) (?:driving|walking|going|cycling) (?:past|to|by|up to)|(?:sitting|sit"
    r"|standing|stand)"
    r" there (?:with|for|at|until)|me quedo (?:ahi|alli) (?:sentad[oa]|parad[oa])",
    r"not to (?:catch|get on|board) (?:one|it|them)|no para (?:cogerlo|subirme|tomarlo)",
    r"(?:looks?|looking|feels?|is|so|seems?) (?:really |so |rly |kinda |pretty )?tempting|tentador"
    r"|(?:keeps? |is )?call(?:s|ing) (?:out )?(?:to )?me|me (?:llama|tienta)|(?:la|lo|las"
    r"|los) miro (?:cada"
    r"|todas|todos|mucho)|look at (?:it|them) every (?:night|day)",
    r"no paro de pensar|pienso (?:mucho )?en eso|pienso mucho en|me se los horarios"
    r"|(?:lo|la|los|las) (?:he estado|estoy|sigo|paso el dia|paso horas) mirando"
    r"|no dejo de mirar\w{0,3}"
    r"|(?:every|each) (?:evening|night|morning|day) thinking about (?:it|that)|pensando si"
    r"|no dejo de pensar",
)
# Someone stopped the writer at a place: an attempt interrupted.
RESCUE = _words(
    r"(?:a )?(?:stranger|someone|somebody|a man|a woman|police\w{0,5}|a guard"
    r"|security) (?:stopped|grabbed"
    r"|pulled|talked|held) me(?= ?$| in time| before| back| down| just)|(?:stopped|pulled"
    r"|talked) me (?:from|back|down|off)",
    r"(?:un|una) (?:desconocid[oa]|senor|senora|policia) me (?:paro|detuvo|agarro|freno|bajo)"
    r"|me (?:pararon"
    r"|detuvieron|agarraron)",
)
# The feeling that sets off an act on oneself: "me quemo con la plancha cuando estoy mal".
SH_TRIGGER = _words(
    r"cuando (?:estoy|me siento|me pongo) (?:mal|fatal|triste|agobiad[oa]|ansios[oa]|nervios[oa])"
    r"|when (?:i(?:m| am| feel| get)) (?:low|sad|bad|overwhelmed|angry|anxious|like this|numb)"
    r"|when (?:it|things) gets? (?:too much|bad)|cuando (?:todo )?(?:me )?supera",
)
# A Spanish first-person form of a verb of ending one's life, said as a statement ("me ahorco y
# se acaba todo"); "me mato a estudiar" (working oneself hard) is not one.
SELF_ENDING = re.compile(
    r"(?<![a-z0-9])(?:" + _ES_ENDING_VERBS + r")(?![a-z0-9])"
    r"(?! a [a-z]{2,12}(?:ar|er|ir)(?![a-z]))"
)
# Absence announced: "I won't be here to read the replies", "no voy a estar para eso".
ABSENCE = _words(
    r"(?:going to|gonna) join my (?:late )?(?:wife|husband|mum|mom|dad|son|daughter|partner"
    r"|parents)|not doing another (?:year|day|week|month|christmas|winter) of this|(?:going to"
    r"|gonna) let go(?= ?$|[.,])|not in the (?:therapy|metaphorical|spiritual|usual) (?:way|sense)",
    r"me voy a ir(?=,| y no)|(?:mejor )?me voy para siempre|no paso de (?:este|esta|la|el) (?:mes"
    r"|semana|noche|navidad|ano|verano)"
    r"|no hablo de (?:mudarme|viajar|irme de viaje)"
    r"|(?:voy a )?ir(?:me)? con (?:mi|mis) (?:esposa|esposo|mama|papa|hij[oa]|madre|padre)"
    r"|no voy a ser (?:un )?problema (?:de|para) nadie",
    r"(?:shall not|shant|will not|wont|not going to|never) see (?:the |another |this "
    r"|next )?(?:spring"
    r"|summer|autumn|winter|christmas|new year|birthday)|no (?:vere|voy a ver) (?:la|otra|esta"
    r"|el|otro) (?:primavera|navidad|verano|invierno|ano nuevo|cumpleanos)",
    r"(?:not planning (?:on|to)|dont plan (?:on|to)|dont intend (?:on|to)|dont expect to) (?:be"
    r"|being)"
    r" (?:here|around|alive)|last (?:day|night|week|month|christmas|birthday"
    r"|summer) (?:on (?:this )?earth"
    r"|alive|of my life)|(?:mi )?ultim[oa] (?:dia|noche|semana|navidad|mes) (?:en (?:la tierra"
    r"|este mundo)"
    r"|de mi vida|viv[oa])",
    r"(?:im|i am) going soon|(?:ill|i will) be gone soon|me voy pronto|pronto me ire",
    r"(?:wont|will not|not going to) be (?:here|around|alive) (?:to|for|by|when|much longer|after)"
    r"|(?:wont|will not|never) be a (?:problem|burden) (?:for|to) anyone",
    r"(?:yo )?no voy a estar (?:para|mucho|aca|aqui|cuando)|no voy a estar mucho tiempo mas",
)
# Hopelessness said as a state that will not change: "tired in a way sleep doesnt fix and i dont
# think its ever going to lift", "every square is the same grey. forever."
LOW_STATE = _words(
    r"gr[ae]y|empty|numb|heavy|dark(?:ness)?|hole|pit|tunnel|fog|void|pointless|exhausted|tired"
    r"|drained"
    r"|worn out|broken|stuck|trapped|lost|alone|burden|weight|miserable|hollow|flat|dead inside",
    r"gris|vaci[oa]|oscur\w{1,4}|agujero|pozo|tunel|niebla|cansad[oa]|agotad[oa]|rot[oa]"
    r"|atrapad[oa]"
    r"|perdid[oa]|carga|peso|hundid[oa]|apagad[oa]",
)
NEVER_CHANGE = _words(
    r"(?:wont|never|not|isnt|doesnt|dont|will not)(?: think)?(?: its)? (?:ever )?(?:going to "
    r"|gonna )?"
    r"(?:lift|change|end|stop|improve|get better|go away|pass|ease|shift)|ever going to (?:lift"
    r"|change"
    r"|end|improve|get better|pass)|forever|for ever|(?:stopped|stop) (?:expecting|hoping)"
    r"|the rest of my life|no end in sight|nothing (?:will|is going to) change",
    r"nunca (?:va a|se va a|voy a) (?:cambiar|mejorar|pasar|terminar|acabar)|para siempre"
    r"|no se va a"
    r" (?:pasar|ir|acabar)|el resto de mi vida|sin fin",
)
# Gratitude that takes leave: "thank you to everyone here. goodbye."
# Everyday things that are grey, tiring or never-ending: weather, traffic, Mondays, a job.
LOW_EVERYDAY = _words(
    r"sky|weather|rain\w{0,3}|traffic|mondays?|queue|wifi|commute|this job|meetings?|winter|cold"
    r"|lol|haha|cielo|lluvia|trafico|lunes|invierno|frio",
)
FEELING = _words(
    r"feel|feels|felt|feeling|im|i am|ive been|inside|everything|my life|life|me siento|estoy|todo"
    r"|mi vida|por dentro",
)
THANKS = _words(r"thank you|thanks|grateful|gracias|agradezco|agradecid[oa]")
LEAVE = _words(
    r"(?:wont|will not) be needing|at peace now|(?:going to|gonna) rest now|rest now|estoy en paz"
    r"|voy a descansar",
    r"before i go(?! to| out| on| back| home| for)|one last time"
    r"|for the last time|(?:wont|will not|no longer|shant) (?:be )?need(?:ing)? (?:it|this|you|them"
    r"|anything(?: more)?)|after this (?:week"
    r"|month)",
    r"antes de irme|por ultima vez|ya no (?:lo|la|los) voy a necesitar",
)

RELAPSE = SH_STRONG

# Means that belong to someone else: "my roommate has been stockpiling her pills".
THEIR_MEANS = re.compile(
    r"(?<![a-z])(?:her|his|their|su|sus) (?:own |old |spare )?(?:"
    + _PILL_NAMES
    + r"|rope|guns?|knife"
    r"|knives|blades?|pastillas|medicamentos|arma|cuerda)(?![a-z])"
)
MY_MEANS = re.compile(
    r"(?<![a-z])(?:my|mis?|i|yo) (?:own |old |spare )?(?:" + _PILL_NAMES + r"|rope|guns?|knife"
    r"|knives|blades?|pastillas|medicamentos|arma|cuerda)(?![a-z])"
)

# --- Safety context ----------------------------------------------------------------------------

PAST = _words(
    r"now i (?:wake|have|am|feel)|spent years|clean sailing|in the first year"
    r"|in a (?:very )?long time"
    r"|i remember (?:writing|being|when|feeling|thinking)|(?:im|i am) (?:fine|ok|okay|well"
    r"|much better|doing (?:well|better|great)) now|in my (?:teens|twenties|thirties|20s|30s)"
    r"|therapy helped|(?:it|things) got better",
    r"(?:hospitalised|hospitalized|admitted) at [0-9]{1,2}|how wrong (?:that|it) (?:feeling )?was",
    r"once upon a time|(?:dont|do not|no longer) act on (?:it|them|the urges?)"
    r"|me [a-z]{3,12}aba(?![a-z])"
    r"|yo tambien pense|el ano pasado|decia que|sobri[oa]|en la adolescencia|de adolescente"
    r"|de joven|de chic[oa]"
    r"|hoy (?:tengo|estoy|soy)|ahora (?:estoy bien|soy feliz|tengo)",
    r"now i (?:cook|work|study|teach|run|help|volunteer|coach|train)|for most of (?:uni|school"
    r"|college|my [a-z]{2,12})",
    r"recovery|got back on track|it was okay",
    r"it got better|got better for me|i was (?:the|that) (?:person|kid|girl|guy|one)"
    r"|i remember when|recuerdo cuando|pensaba que|creia que",
    r"years? ago|decades? ago|(?<!where we )(?<!where i )used to|use to|back (?:in|then)"
    r"|when i was (?:[0-9]{1,2}|at (?:uni"
    r"|school|college)|young\w{0,2}"
    r"|a (?:kid|teen\w{0,3}|child|student))|in (?:19|20)[0-9]{2}|past me|there was a (?:time"
    r"|period|point)|(?:[0-9]{1,3}|two|three|four|five|ten) (?:years|yrs) (?:since|without|clean"
    r"|free|later)|as a teen\w{0,3}|in my teens|im proof|today i (?:walked|graduated)"
    r"|i got help|in recovery|recovered",
    r"hace (?:[a-z0-9]{1,10} )?anos(?! que (?:espero|estoy|sigo))|hubo una (?:epoca|vez)"
    r"|hubo un tiempo|cuando (?:era|tenia)"
    r"|en (?:19|20)[0-9]{2}|en los anos|hoy (?:estoy bien|soy feliz|trabajo)|sigo aqui"
    r"|sali adelante",
)
PROFESSIONAL = _words(
    r"gp here|coroner\w{0,2}|coroners officer|in (?:a&e|a ?and ?e|the er|urgencias|my ward"
    r"|the ward) we"
    r"|we see (?:[a-z]{1,12} )?(?:overdoses|patients|cases)",
    r"night shift on|admissions",
    r"chaplain|midwife|carer here|support worker|volunteer",
    r"as an? (?:[a-z&]{1,12} )?(?:nurse|doctor|gp|pharmacist|teacher|counsellor|counselor"
    r"|therapist|social worker|paramedic|psychiatrist|psychologist|clinician|police officer)"
    r"|(?:nurse|doctor|pharmacist|tech|worker|teacher|counsellor|medic|manager|volunteer) here"
    r"|im a (?:[a-z]{1,12} )?(?:gp|nurse|doctor|teacher|counsellor|pharmacist|social worker)"
    r"|er doctor|my (?:patients|clients|students)|i train|we (?:do )?flag",
    r"soy (?:[a-z]{1,12} )?(?:paramedico|enfermer[oa]|medic[oa]|psiquiatra|psicolog[oa]"
    r"|orientador[a]?|profesor[a]?)|como psiquiatra|medico de cabecera|voluntari[oa] en"
    r"|mis pacientes",
)
ADVOCACY = _words(
    r"the news|on the news|in the news|las noticias|en las noticias",
    r"statistic\w{0,2}|(?:a|the|uk|us) (?:study|survey)|studies|worldwide|historically|history of"
    r"|was treated as a crime|decriminali\w{1,5}|illegal|the law",
    r"prevention|research|saves lives|save lives|statistics|stats?|funding|curriculum"
    r"|policy|awareness|campaign|barriers|fencing|at (?:much )?higher risk|storage|clinicians"
    r"|screening|the [a-z]{1,12} scale|anti ligature",
    r"prevencion|salvan? vidas|barreras|linea de crisis",
    r"safety plan\w{0,5}|plan de seguridad|means restriction|restrict\w{0,3} (?:access|pack sizes)",
)
QUOTE = _words(
    r"the article|this article|the author|where it says|it says|the line (?:about|where|that|in"
    r"|from)|the section|the part"
    r"|paragraph|the headline|the stat|you write|you wrote|the text|as an example",
    r"el articulo|el texto|la frase|la seccion|el parrafo|como ejemplo",
)
SUPPORT = _words(
    r"a quien dijo|to whoever said|dasel[ao]s|give them to|pedi ayuda",
    r"how (?:do|can|should) (?:i|we) (?:help|keep|support|talk|get)"
    r"|keep (?:[a-z]{1,10} ){0,2}(?:out of the house|locked|away from (?:her|him|them))"
    r"|como (?:la|lo|les) ayudo",
    r"you said|i promise|would rather have you",
    r"please (?:call|ring|reach|talk|text|hand|dont|stay)|reach out|youre not alone|you deserve"
    r"|youre not a burden|sending love|sorry for your loss|so sorry about|dm me|checking in"
    r"|call (?:a|the) crisis|if anyone reading|to whoever posted|are you getting|to (?:anyone"
    r"|everyone|those|all of you) who",
    r"anyone (?:with|who has|who is)|go to (?:a ?and ?e|a&e|the er|the hospital|urgencias)"
    r"|ve a urgencias|vayan a urgencias"
    r"|por favor (?:habla|llama|busca)|busca ayuda|llama al|pidan ayuda|no estan solos"
    r"|vos importas",
)
JOKE = re.compile(
    r"(?<![a-z0-9])(?:lmao|lmfao|jk|ja(?:ja)+\w{0,4}|xd|rofl|bless (?:them|him|her)"
    r"|trying to understand)"
    r"(?![a-z0-9])|[😂🤣😆😹]"
)
NOT_JOKING = _words(r"not (?:even )?joking|no es broma|im serious|not a joke|for real|fr")
# Leaving a job, moving house, going on holiday: goodbyes and tidying that end nothing.
BENIGN_LEAVING = _words(
    r"diving board|bungee|trampolin\w{0,2}|piscina|swimming pool|parachute|skydiv\w{1,4}"
    r"|zip ?line|dispos\w{1,5}|back to the pharmacy|devolvi|power of attorney|as (?:my"
    r"|the) (?:solicitor|lawyer|accountant) (?:advised|suggested)|caffeine|coffee|energy drinks?"
    r"|apple seeds|asking for science|out of curiosity|por curiosidad|for my (?:essay|course|exam"
    r"|class|homework|dissertation)",
    r"peace and quiet|friends over|(?:were|im|we are|i am) (?:going )?(?:on|away on) (?:holiday"
    r"|vacation|a trip)|while (?:were|im|we are) (?:away|on holiday)|cant wait(?! for (?:it|this"
    r"|everything) to (?:be over|end|stop))|excited|looking forward|married|wedding"
    r"|with (?:my )?friends|con (?:mis )?amigos|playa|me compre|hunting|lock\w{0,3} (?:it"
    r"|them) (?:up|away)|on a course|business trip",
    r"before (?:my |the )?surgery|(?:knee|hip) (?:op|operation|replacement)|pizza|sofa|netflix"
    r"|takeaway|movie night|printer",
    r"cirugia|operacion|horno|sarten|plancha|partido|entreno",
    r"fortnite|minecraft|elden ring|fifa|valorant|call of duty|warzone|roblox|my squad|ranked"
    r"|respawn\w{0,3}|garden waste|bonfire|bbq|barbecue|barbacoa|asado"
    r"|future self|(?:exercise|homework) from (?:therapy|my therapist)|my therapist (?:suggested"
    r"|asked me)"
    r"|(?:a|para) (?:recoger|buscar|visitar) a|to (?:pick up|collect|meet) (?:my|her|him|them|the)"
    r"|so fun|such fun|was fun|great fun|loved it|best (?:day|night|time) ever|que divertido"
    r"|(?:the |our )?baby (?:is|was) born|new baby|after the baby|nacio (?:el|mi|nuestro) bebe",
    r"last day|move to|i move|design|having a baby|(?:the )?baby is due|maternity|paternity"
    r"|grown up|mortgage|new house|pregnant"
    r"|hasta el proximo|hasta la proxima|see you next"
    r"|until next time|hasta pronto|nos vemos(?! (?:en )?(?:la |otra )?(?:otra vida|del otro lado))"
    r"|bar|drinks|party|celebrat\\w{1,5}|fiesta"
    r"|literally die|if i (?:see|hear|have to [a-z]{1,10}) (?:one more|another)",
    r"(?:le|les) puedo dar|puedo darle|can i give (?:my|her|him|them|a)|(?:dose|dosage"
    r"|how much) (?:[a-z]{1,10} ){0,3}for (?:my|a)"
    r" (?:[0-9]{1,2} year old|son|daughter|toddler|baby|child|kid)"
    r"|a day right|max(?:imum)? (?:dose|of)|dosis maxima|every [0-9]{1,2} hours"
    r"|cada [0-9]{1,2} horas|starting dose"
    r"|(?:puedo|se puede|can i|should i) (?:tomar|take) (?:[a-z]{1,12} )?(?:al dia|por dia|a day"
    r"|per day"
    r"|daily)|airport|aeropuerto|my flight|mi vuelo"
    r"|(?:se puede|puedo|can i|is it (?:ok|safe) to) (?:tomar|take|mix) (?:[a-z]{2,15} )?(?:con"
    r"|with|and|y)"
    r"|me duele (?:la|el) (?:muela|cabeza|espalda|estomago|rodilla)|tender la ropa|clothesline"
    r"|washing line|tendedero|que ya no me (?:queda|quedan|sirve|sirven)"
    r"|(?:el|the) plazo|deadline|matricula|(?:como|manera|forma) (?:mas rapida )?de llegar"
    r"|how to get to"
    r"|high board|the pool|wish me luck|deseenme suerte|surprise|sorpresa",
    r"headache|toothache|period pain|back pain|fever|flu|the box says|dosage for|migraine"
    r"|dolor de (?:cabeza|muelas)",
    r"(?:away|off|gone|abroad|travel\w{0,5}) for a while|off on holiday|wrong size",
    r"(?<!for )(?<!wishing for )(?:an )?accident\w{0,4}|by accident|slipped|fell|kitchen|stove"
    r"|pan|tray|dentist|for the night"
    r"|(?:take|taking) (?:[a-z]{1,10} )?photos|fuegos|refill",
    r"last day at work|new job|trabajo nuevo|moving|the move|mudanza|retir\w{1,4}|jubila\w{1,3}"
    r"|vacaciones|backpacking|for the summer|for the trip|para el viaje|abroad"
    r"|swing|columpio|climbing|digital estates?|everyone should|mis suegros|my parents came"
    r"|charity shop|selling my old|shaving|clumsy|oven|paper|papel|cooking|chopping|the gym"
    r"|typo|errata|link|enlace|repairs|for a walk|with the dog|hike|hiking|paseo",
)

# Sentence ends, blanked quotations and idioms ("~"), and "but now": a lookahead on the first
# character makes the split one quick pass over a megabyte.
_SENTENCE = re.compile(r"(?=[.!?\n;~bp])(?:[.!?\n;~]+|(?<![a-z])(?:but now|pero ahora)(?![a-z]))")
_MAX_SENTENCES = 60
_MAX_CHARS = 10_000
_MAX_SENTENCE = 600
_SHORT = 280


@dataclass
class _Sentence:
    text: str
    hits: dict[str, list[str]] = field(default_factory=dict)

    def has(self, *names: str) -> bool:
        return any(self.hits.get(name) for name in names)


_CONCEPTS = {
    "self": SELF,
    "self_subject": SELF_SUBJECT,
    "third": THIRD,
    "you": YOU,
    "ending": ENDING,
    "means": MEANS,
    "place": PLACE,
    "time": TIME,
    "doing": DOING,
    "lethality": LETHALITY,
    "decision": DECISION,
    "prep": PREP,
    "farewell": FAREWELL,
    "final": FINAL,
    "sh_act": SH_ACT,
    "body": BODY,
    "sh_context": SH_CONTEXT,
    "attempt": ATTEMPT,
    "hospital": HOSPITAL,
    "recent": RECENT,
    "wish": WISH,
    "wish_event": WISH_EVENT,
    "hopeless": HOPELESS,
    "think": THINK,
    "method_word": METHOD_WORD,
    "prep_strong": PREP_STRONG,
    "farewell_strong": FAREWELL_STRONG,
    "sh_means": SH_MEANS,
    "sh_strong": SH_STRONG,
    "opportunity": OPPORTUNITY,
    "plan_word": PLAN_WORD,
    "sh_why": SH_WHY,
    "option": OPTION,
    "outcome": OUTCOME,
    "reported": REPORTED,
    "dwell": DWELL,
    "rescue": RESCUE,
    "absence": ABSENCE,
    "low_state": LOW_STATE,
    "never_change": NEVER_CHANGE,
    "thanks": THANKS,
    "leave": LEAVE,
    "sh_trigger": SH_TRIGGER,
    "self_ending": SELF_ENDING,
    "everyday": BENIGN_LEAVING,  # an everyday reason, read per sentence
}
_SAFETY = {
    "past": PAST,
    "professional": PROFESSIONAL,
    "advocacy": ADVOCACY,
    "quote": QUOTE,
    "support": SUPPORT,
    "joke": JOKE,
    "benign": BENIGN_LEAVING,
}


_NEGATED = re.compile(
    r"(?<![a-z])(?:not|never|dont|didnt|wont|no longer|isnt|arent|doesnt|havent|hasnt|hadnt|nunca"
    r"|jamas|ya no|no)"
    r"(?: (?:feel|really|even|want|to|be|think|am|i|so|any ?more|a|as|pienso|pensar|en|quiero|me"
    r"|voy|de|lo))*+ ?$"
)
# Concepts a negation in front of undoes: "I don't feel hopeless", "no quiero morir".
_NEGATABLE = frozenset(
    {"hopeless", "wish", "ending", "sh_act", "decision", "prep", "think", "self_ending"}
)


def _read(text: str) -> _Sentence:
    sentence = _Sentence(text)
    for name, pattern in _CONCEPTS.items():
        found = []
        for match in pattern.finditer(text):
            if name in _NEGATABLE and _NEGATED.search(
                text, max(0, match.start() - 30), match.start()
            ):
                continue
            found.append(match.group().strip())
        if found:
            sentence.hits[name] = found
    return sentence


def _sentences(text: str) -> list[str]:
    """Distinct sentences, each cut to a bounded length, the whole read capped."""
    out, seen, total = [], set(), 0
    for piece in _SENTENCE.split(text):
        piece = piece.strip(" ,")
        if not piece or piece in seen:
            continue
        seen.add(piece)
        for start in range(0, len(piece), _MAX_SENTENCE):
            out.append(piece[start : start + _MAX_SENTENCE])
            total += min(_MAX_SENTENCE, len(piece) - start)
            if len(out) >= _MAX_SENTENCES or total >= _MAX_CHARS:
                return out
    return out


def _safe_context(s: _Sentence, *, joke: bool) -> str | None:
    """Why a sentence is about the topic rather than the writer at risk now, or None."""
    text = s.text
    if ELSEWHERE.search(text):
        return "elsewhere"
    for name in ("past", "professional", "advocacy"):
        # A relapse is the present ("200 days clean and i just ruined it"), unless it is
        # years behind ("relapsed in my teens").
        recent_relapse = (
            name == "past"
            and s.has("sh_strong")
            and not any(_DISTANT.search(m.group()) for m in PAST.finditer(text))
        )
        if not recent_relapse and _SAFETY[name].search(text):
            return name
    # A supportive reply: to "you", or with no "I" in it ("please call a crisis line tonight").
    if SUPPORT.search(text) and (s.has("you") or not s.has("self_subject")):
        return "support"
    if joke:
        return "joke"
    # The article quoted, in the clause that quotes it ("the section about X and thats me, …")
    if QUOTE.search(text) and not _QUOTE_SELF.search(text):
        return "quote"
    return None


_DISTANT = re.compile(r"year|ano|teen|recover|track|once|decade|used|when i|aba$|act on")
_QUOTE_SELF = re.compile(
    r"(?<![a-z])(?:thats me|like me|me too|i feel|i realised|i realized|ive been|im |i am |i tick"
    r"|soy yo|me pasa)"
)


# Someone else did it: "my wife took an overdose last night", "mi mama tomo pastillas".
_SOMEONE = (
    r"(?:(?:my|mi|su|our) (?:[a-z]{2,12} ){0,2}?"
    + _THIRD_NOUN
    + r"|mi (?:mama|papa|madre|padre|novi[oa]|herman[oa]|hij[oa]|amig[oa]|espos[oa]|pareja)|she|he"
    r"|they|ella|el)"
)
THIRD_ACT = re.compile(
    r"(?<![a-z])"
    + _SOMEONE
    + r" (?:(?:has|have|had|is|was) )?(?:been )?(?:just |also )?(?:took|taken|tried"
    r"|googl\w{1,4}|search\w{2,4}|look(?:ing|ed) up|research\w{2,4}|stockpiling|hoarding|collecting"
    r"|attempted|overdosed"
    r"|swallowed|jumped|hanged|cut|cuts|burned|burns|wrote|written|gave|given|stockpiled|tomo"
    r"|intento"
    r"|se corto|se corta|escribio|regalo|se tomo|se tiro)(?![a-z])"
    # Someone else's death is grief ("my mum died last year and i still want to ring her"),
    # unless it only dates the writer's act ("collecting her morphine since she passed").
    r"|(?<![a-z])(?<!since )(?<!after )(?<!desde que )"
    + _SOMEONE
    + r" (?:(?:has|had) )?(?:died|passed(?: away)?|murio|se murio|fallecio)(?![a-z])"
)


def _writer(s: _Sentence) -> bool:
    """The writer speaks of themself here, not (only) of someone else."""
    if THIRD_ACT.search(s.text):
        return False  # "my wife took an overdose last night … how do i cope"
    if s.has("third") and s.has("reported"):
        return False  # "my roommate keeps saying everyone would be better off without her"
    if s.has("self_subject"):
        return True
    mine, theirs = len(s.hits.get("self", ())), len(s.hits.get("third", ()))
    return mine > 0 and mine >= theirs


def _actor(s: _Sentence) -> bool:
    """The writer, or nobody else named: "took everything in the cabinet, threw it up"."""
    if THIRD_ACT.search(s.text):
        return False
    return _writer(s) or not s.has("third", "you")


def _words_of(s: _Sentence, *names: str) -> list[str]:
    return [word for name in names for word in s.hits.get(name, [])[:2]]


def compose(text: str) -> dict[str, list[str]]:
    """Risk categories found by composition in normalised ``text``, with the words of each."""
    found: dict[str, list[str]] = {}
    whole = text[:_MAX_CHARS]
    joke = joking(whole)
    if professional_voice(whole):
        return found
    read = [_read(piece) for piece in _sentences(text)]
    turned = {
        id(sentence)
        for index, sentence in enumerate(read)
        if any(RECOVERY_TURN.search(later.text) for later in read[index + 1 : index + 3])
    }
    # An everyday reason (a trip, a new job, a kitchen) explains the sentence it is in and the
    # next; in a comment of one or two sentences it explains the whole, but a line about retiring
    # does not excuse a letter left "for when the time comes" further on.
    covered = bool(COVER.search(whole))
    benign_all = len(read) <= 2 and bool(BENIGN_LEAVING.search(whole)) and not covered
    # A sentence is read alone and with the next one: "I have a rope. Friday."
    windows = [*read]
    for first, second in zip(read, read[1:], strict=False):
        merged = _Sentence(first.text + " . " + second.text)
        for hits in (first.hits, second.hits):
            for name, words in hits.items():
                merged.hits.setdefault(name, []).extend(words)
        windows.append(merged)
    if len(read) > 2 and len(whole) <= _SHORT:
        merged = _Sentence(" . ".join(sentence.text for sentence in read))
        for sentence in read:
            for name, words in sentence.hits.items():
                merged.hits.setdefault(name, []).extend(words)
        windows.append(merged)  # a short comment is read whole: "love you mum. sorry. bye"
    for s in windows:
        if id(s) in turned or _safe_context(s, joke=joke) is not None:
            continue
        benign = benign_all or (not covered and s.has("everyday"))
        for category, words in _rules(s, benign=benign):
            found.setdefault(category, [])
            for word in words:
                if word not in found[category]:
                    found[category].append(word)
    return found


def _rules(s: _Sentence, *, benign: bool) -> list[tuple[str, list[str]]]:  # noqa: C901, PLR0912
    """The compositions that hold in one sentence (or pair), as (category, words)."""
    out: list[tuple[str, list[str]]] = []
    writer, actor = _writer(s), _actor(s)
    question = bool(QUESTION.search(s.text))
    # Active thoughts: thinking of an ending, said of oneself.
    if actor and s.has("ending") and s.has("option"):
        out.append(("active_thoughts", _words_of(s, "ending", "option")))
    if (writer or actor and not s.has("you")) and s.has("think") and s.has("ending"):
        out.append(("active_thoughts", _words_of(s, "think", "ending")))
    # Method: a lethality question about a means or an ending, whoever it names ("can you od").
    someone_else = bool(THIRD_ACT.search(s.text))
    if (
        s.has("lethality")
        and s.has("means", "ending")
        and (question or actor)
        and not benign
        and not someone_else
    ):
        out.append(("method", _words_of(s, "lethality", "means", "ending")))
    if s.has("lethality") and s.has("method_word") and question:
        out.append(("method", _words_of(s, "lethality", "method_word")))
    if writer and not benign and s.has("means") and s.has("dwell"):
        out.append(("method", _words_of(s, "means", "dwell")))
    if actor and s.has("means") and s.has("ending") and s.has("doing", "lethality", "think"):
        out.append(("method", _words_of(s, "means", "ending", "doing")))
    # Plan: the writer, a time or a place, and the deed or an ending.
    if actor and not benign and (s.has("plan_word") or s.has("time") and s.has("opportunity")):
        out.append(("plan", _words_of(s, "plan_word", "time", "opportunity", "doing")))
    items = set(s.hits.get("means", ())) - set(s.hits.get("place", ()))
    if actor and not benign and s.has("time") and s.has("place") and items:
        out.append(("plan", _words_of(s, "time", "place", "means")))
    if actor and not benign and s.has("time", "place") and s.has("doing", "ending"):
        out.append(("plan", _words_of(s, "time", "place", "means", "ending", "doing")))
    elif actor and not benign and s.has("place") and len(set(s.hits.get("time", ()))) > 1:
        out.append(("plan", _words_of(s, "time", "place")))
    # Intent: a decision made about an ending, or an ending with a time.
    decisions = set(s.hits.get("decision", ()))
    if (
        actor
        and not benign
        and (s.has("decision") and s.has("ending", "doing") or len(decisions) > 1)
    ):
        out.append(("intent", _words_of(s, "decision", "ending", "doing")))
    if actor and not benign and s.has("absence"):
        out.append(("intent", _words_of(s, "absence", "time", "decision")))
    finals = set(s.hits.get("final", ()))
    if actor and not benign and finals and (s.has("decision", "time", "ending") or len(finals) > 1):
        out.append(("intent", _words_of(s, "final", "decision", "time", "ending")))
    if actor and s.has("ending") and s.has("time") and not benign:
        out.append(("intent", _words_of(s, "ending", "time")))
    # Preparation: a preparatory act with a means, an ending or finality, or two acts.
    theirs = bool(THEIR_MEANS.search(s.text)) and not MY_MEANS.search(s.text)
    if actor and not benign and not theirs and s.has("prep", "prep_strong"):
        acts = set(s.hits.get("prep", ())) | set(s.hits.get("prep_strong", ()))
        if (
            s.has("ending", "final")
            or (len(acts) >= 2 and s.has("prep_strong"))
            or (s.has("prep_strong") and s.has("means", "time"))
        ):
            out.append(("preparation", _words_of(s, "prep_strong", "prep", "means", "ending")))
    if not benign and s.has("thanks") and s.has("leave", "absence"):
        out.append(("farewell", _words_of(s, "thanks", "leave", "absence")))
    # Farewell: a telling farewell, or two farewell words, or one with finality.
    if s.has("farewell", "farewell_strong") and not benign:
        words = set(s.hits.get("farewell", ())) | set(s.hits.get("farewell_strong", ()))
        if s.has("farewell_strong") or len(words) >= 2 or s.has("final", "ending", "decision"):
            out.append(("farewell", _words_of(s, "farewell_strong", "farewell", "final")))
    # Self-harm: an act on the writer's body with its context, or a means at hand and an urge.
    if not benign:
        if s.has("sh_strong") and actor:
            out.append(("self_harm", _words_of(s, "sh_strong", "sh_act", "sh_means")))
        elif writer and s.has("sh_act") and s.has("sh_why"):
            out.append(("self_harm", _words_of(s, "sh_act", "sh_why", "body")))
        elif (
            writer
            and s.has("sh_act")
            and (s.has("sh_means") and not s.has("third") or s.has("body") and s.has("sh_context"))
        ):
            out.append(("self_harm", _words_of(s, "sh_act", "body", "sh_means", "sh_context")))
        elif (
            actor
            and not s.has("third")
            and s.has("sh_means")
            and s.has("sh_context")
            and (s.has("sh_act") or "urge" in s.text)
        ):
            out.append(("self_harm", _words_of(s, "sh_means", "sh_context", "sh_act")))
    # Attempt: an overdose or an attempt with a hospital, or pills taken recently.
    treated = s.has("hospital") and (
        actor and s.has("attempt", "recent") or writer and s.has("means")
    )
    if treated or actor and not benign and s.has("attempt") and s.has("time", "outcome"):
        out.append(("attempt", _words_of(s, "attempt", "hospital", "means", "recent")))
    elif actor and s.has("rescue") and s.has("place", "means"):
        out.append(("attempt", _words_of(s, "rescue", "place", "means")))
    elif actor and not benign and s.has("attempt") and s.has("means") and s.has("recent"):
        out.append(("attempt", _words_of(s, "attempt", "means", "recent")))
    if actor and s.has("self_ending") and not s.has("third", "you"):
        out.append(("intent", _words_of(s, "self_ending", "time", "means")))
    if writer and s.has("sh_act") and s.has("sh_trigger"):
        out.append(("self_harm", _words_of(s, "sh_act", "sh_trigger", "body")))
    # Wish to be dead and hopelessness.
    if actor and s.has("wish") and s.has("wish_event", "ending"):
        out.append(("wish_dead", _words_of(s, "wish", "wish_event", "ending")))
    if (
        actor
        and not benign
        and s.has("low_state")
        and s.has("never_change")
        and FEELING.search(s.text)
        and not LOW_EVERYDAY.search(s.text)
    ):
        out.append(("hopelessness", _words_of(s, "low_state", "never_change")))
    if actor and not benign and s.has("hopeless"):
        out.append(("hopelessness", _words_of(s, "hopeless")))
    return out


def joking(text: str) -> bool:
    """The writer marks the whole comment as a joke ("ill kms lmao") and not as serious."""
    head = text[:_MAX_CHARS]
    return bool(JOKE.search(head)) and not NOT_JOKING.search(head)


# The writer's own feelings: a professional who also speaks of themself is read as a person.
_OWN_FEELINGS = re.compile(
    r"(?<![a-z])(?:i feel|i felt|i want|i wanted|i think about|myself|me too|ive been|im struggling"
    r"|me siento|quiero|yo tambien|me pasa)(?![a-z])"
)


def professional_voice(text: str) -> bool:
    """The comment opens in a professional voice ("I'm a pharmacist; …") and never turns to
    the writer's own feelings: what follows is about patients, not the writer."""
    head = text[:_MAX_CHARS]
    first = _SENTENCE.split(head.lstrip(" \n\t.!?;~")[:_MAX_SENTENCE], maxsplit=1)[0]
    return bool(PROFESSIONAL.search(first)) and not _OWN_FEELINGS.search(head)


def everyday(text: str) -> bool:
    """A sentence about leaving a job, a trip, a swing, a kitchen accident: no risk context."""
    return bool(BENIGN_LEAVING.search(text))


def topic_only(text: str) -> bool:
    """A sentence about the topic (the article, research, one's work) or a reply to someone
    else ("a quien dijo que tiene pastillas: dáselas a alguien"), with no "I" in it."""
    if PROFESSIONAL.search(text) or ELSEWHERE.search(text):
        return True
    return bool(
        (
            QUOTE.search(text)
            or ADVOCACY.search(text)
            or SUPPORT.search(text)
            or WARNING.search(text)
        )
        and not SELF_SUBJECT.search(text)
    )


# Teaching the signs: "las cartas de despedida son señales de alarma", "warning signs include".
WARNING = _words(r"senal(?:es)? de (?:alarma|alerta)|signos de alarma|warning signs?|red flags?")

# A life that turned: "Before, I want to die every day in this country. Now I have friends, job,
# and I am happy." What came before such a sentence is the past, whatever its tense.
RECOVERY_TURN = _words(
    r"now (?:i have|ive got|i got) (?:friends|a (?:job|family|partner|life|home|girlfriend"
    r"|boyfriend|wife|husband|dog|cat|reason|future)|hope|kids|plans|a reason)"
    r"|(?:but |and )?(?:now|these days|today) (?:i am|im|i feel) (?:so |really "
    r"|genuinely )?(?:happy"
    r"|well|ok|okay|fine|better|good|safe|hopeful|grateful|glad)"
    r"|(?:and|now) (?:i am|im) (?:happy|glad (?:i stayed|to be alive|im still here))"
    r"|these days (?:i am|im) (?:buying|building|working|studying|planning|saving|looking forward)"
    r"|(?:dont|do not) act on (?:it|them)|i (?:call|text|ring) (?:my|a) [a-z]{2,12} instead"
    r"|me equivocaba|i was wrong|me alegro de seguir (?:aqui|viv[oa])|glad (?:i stayed"
    r"|im still here)"
    r"|ahora (?:como|duermo|vivo|trabajo|estudio) (?:tranquil[oa]|bien|feliz)"
    r"|(?:hoy|ahora) (?:estoy (?:bien|mejor|feliz)|soy feliz|tengo (?:amigos|trabajo|esperanza"
    r"|una familia|planes|ganas de vivir))|(?:y )?(?:hoy|ahora) (?:ya )?no (?:quiero morir"
    r"|pienso en eso)",
)
