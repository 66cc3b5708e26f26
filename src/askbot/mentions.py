"""Who or what a question is about must be mentioned by the article it is answered from.

"Как Турция участвует в Срединном коридоре?" or "What did Putin say about the visit?" land near the
passages about the corridor and the visit at a cosine no threshold tells from a real answer; but an article
that never mentions Turkey or Putin cannot say what Turkey does or what Putin said. Two kinds of names are
checked, against the whole article of each of the first passages (its title and lead too: an interview's
answers do not repeat the interviewee's name):

- countries and capitals, wherever the question names them, by a table of their names in the eval
  languages (Japan/Япония/Жапония/Yaponiya/Japonya/Japan and the adjectives), since exonyms cannot be
  transliterated;
- any other name only as the party whose words, reaction or opinion are asked for ("How did X react", "Что
  сказал X", "X nasıl tepki verdi", "Wie hat X reagiert"), compared across the Latin and Cyrillic alphabets
  by consonant skeletons (Aliyev/Алиев, Putin/Путина). Elsewhere a capitalised word may be a translated name
  ("Middle Corridor" is "Срединный коридор") that no transliteration finds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from askbot.answer_type import POSTS, AnswerType, post_named, read_by_checks

# Countries (with their adjectives) and capitals, as regular-expression stems in English, Russian, Kazakh,
# Azerbaijani, Turkish and German; a stem matches a word beginning with it ("япон" finds "японцев").
# Not "Türk"/"тюрк": Turkic is not Turkey ("Türk dünyası" is the Turkic world).
PLACES: dict[str, str] = {
    "Japan": r"japan|япон|жапон|yapon|japon|japón|japão|giappon",
    "Kazakhstan": r"kazakh|kazak|kasach|kazach|kazaj|cazaquist|казах|қазақ|qazax",
    "Azerbaijan": r"azerbai|azeri|азербайдж|әзірбайжан|azərbaycan|azerbaycan|aserbaidsch",
    "Russia": r"russia|russisch|russland|росси|русск|ресей|rusiya|rusya|kreml|кремл|rusia|rússia|russie|rosja|rusland",
    "China": r"china|chines|китай|китае|китая|китаю|қытай|çin(?!\w)|çinli|chine(?!\w)|chinois|cina(?!\w)|cinese",
    "Turkey": r"turkey|turkish|türkiye|turkiye|türkei|турци|турецк|түркия|türkiyə|turqu[ií]a|turquie|turchia",
    "Turkmenistan": r"turkmen|туркмен|түрікмен|türkmən|türkmen",
    "Uzbekistan": r"uzbek|узбек|өзбек|özbək|özbek|usbek",
    "Kyrgyzstan": r"kyrgyz|кыргыз|киргиз|қырғыз|qırğız|kırgız|kirgis|kirguis|kirghiz|quirguist",
    "Tajikistan": r"tajik|таджик|тәжік|tacik|tadschik|tayik|tadjik|tagik|tadjiq",
    "Georgia": r"georgia|georgien|грузи[яиюей]|грузин|gürcü",
    "Armenia": r"armenia|armenien|армени|армян|ermən|ermeni",
    "Iran": r"iran(?!\w)|iranian|иран(?:а|е|у|ом|ск\w*)?(?!\w)|irán|irã(?!\w)",
    "United States": r"united\s+states|americ|usa(?!\w)|сша(?!\w)|америк|соедин[её]нн\w*\s+штат|abş(?!\w)|"
                     r"abd(?!\w)|amerika|vereinigte\s+staaten|améric|estados\s+unidos|[ée]tats-unis|stati\s+uniti|"
                     r"ee\.?\s?uu(?!\w)|verenigde\s+staten",
    "European Union": r"europe|европ|еуроп|avropa|avrupa|europa|europä|europé|eu(?!\w)|евросоюз",
    "Korea": r"korea|коре[яиюей]|корей|korey|kore(?!\w)|koreya|corea|coreia|corée",
    "India": r"india|инди[яиюей]|индийск|үндістан|hindistan|indien|inde(?!\w)|índia",
    "Ukraine": r"ukrain|украин|ukrayn|ucran|ucrân|ucrain|oekraïn",
    "Mongolia": r"mongol|монгол|моңғол|monqol|moğol",
    "Afghanistan": r"afghan|афган|ауған|əfqan|afgan|afeganist",
    "Pakistan": r"pakistan|пакистан|paquist",
    "Germany": r"germany|german(?!\w)|германи|немец|немецк|almaniya|almanya|deutschland|deutsch|alemania|alemanha|"
               r"alemán|allemagne|allemand|germania|tedesc|duitsland|niemc",
    "France": r"france|french|франци|француз|fransa|frankreich|französ|francia|frança|franc[eê]s|francese|"
              r"français|frankrijk|francj",
    "United Kingdom": r"britain|british|united\s+kingdom|британ|англи[яиюей]|английск|britaniya|ingiltere|"
                      r"großbritannien|britisch|reino\s+unido|royaume-uni|regno\s+unito|gran\s+bretaña|grã-bretanha|"
                      r"grande-bretagne|gran\s+bretagna|wielka\s+brytania",
    "Tokyo": r"tokyo|tokio|токио|tóquio",
    "Astana": r"astana|астан[аыеуой]",
    "Almaty": r"almaty|алмат[ыа]|алматы",
    "Baku": r"baku|баку|bakı|bakü",
    "Moscow": r"moscow|москв|мәскеу|moskva|moskova|moskau|moscú|moscou|mosca(?!\w)|moskw",
    "Beijing": r"beijing|пекин|бейжің|pekin|peking|pekín|pequim|pékin|pechino",
    "Ankara": r"ankara|анкар",
    "Istanbul": r"istanbul|стамбул|i̇stanbul",
    "Tbilisi": r"tbilisi|тбилиси|tiflis",
    "Tashkent": r"tashkent|ташкент|daşkənd|taşkent|taschkent",
    "Ashgabat": r"ashgabat|ашхабад|aşqabad|aşkabat",
    "Bishkek": r"bishkek|бишкек|bişkek",
    "Yerevan": r"yerevan|ереван|eriwan|erivan",
    "Tehran": r"tehran|тегеран|teheran|tahran|teherán|téhéran|teerã",
    "Washington": r"washington|вашингтон|vaşinqton|vaşington",
    "Brussels": r"brussels|брюссел|brüssel|brüksel|bruselas|bruxel|brussel(?!\w)",
    "Seoul": r"seoul|сеул|seúl|séoul",
    # further afield: an article's own places pass; a question about them beside articles that never name them is
    # about something else ("What's the weather in London tomorrow?" beside a report on snow in Almaty)
    "Italy": r"italy|italian|итали|итальян|italiya|italya|italien|italia|itália|italie|włoch",
    "Spain": r"spain|spanish|испани|испанск|ispaniya|ispanya|spanien|spanisch|españa|espanha|espagne|spagna|hiszpan",
    "Poland": r"poland|польш|польск|polşa|polonya|polen(?!\w)|polnisch|polonia|pologne|polska|polsce",
    "Belarus": r"belarus|беларус|белорус|weißrussland",
    "Israel": r"israel|израил|izrail|i̇srail|israil",
    "Egypt": r"egypt|египет|египт|ägypt|egipto|egito|égypte|egitto",
    "Saudi Arabia": r"saudi|саудовск|səudiyyə|suudi",
    "United Arab Emirates": r"emirates|uae(?!\w)|оаэ(?!\w)|эмират|emirlik|emirat",
    "Canada": r"canad|канад|kanad",
    "Australia": r"australia|австрали|avstraliya|avustralya|australien",
    "Brazil": r"brazil|бразил|braziliya|brezilya|brasilien|brasil|brésil",
    "Mexico": r"mexic|мексик|meksik|mexik|méxic|mexique|messic",
    "Vietnam": r"vietnam|вьетнам|vyetnam",
    "Indonesia": r"indonesia|индонези|indoneziya|endonezya|indonesien",
    "Estonia": r"estonia|эстони|эстонск|estoniya|estonya|estland|eesti",
    "Latvia": r"latvia|латви|latviya|letonya|lettland",
    "Lithuania": r"lithuania|литв[аеуыо]|литовск|litva|litvanya|litauen",
    "Finland": r"finland|finnish|финлянди|финск|finlandiya|finnland",
    "Sweden": r"sweden|swedish|швеци|шведск|schweden|suecia|suécia|suède|svezia|zweden|szwecj",
    "Norway": r"norway|norwegian|норвеги|норвежск|norveç|norwegen|noruega|norvège|norvegia|noorwegen|norwegi",
    "Netherlands": r"netherlands|dutch|holland|нидерланд|голланд|niderland|hollanda|niederlande|países\s+bajos|"
                   r"pays-bas|paesi\s+bassi|holanda|nederland",
    "Switzerland": r"switzerland|swiss|швейцари|швейцарск|isveçrə|isviçre|schweiz|suiza|suíça|suisse|"
                   r"svizzera|zwitserland",
    "Austria": r"austria|австри[яиюей]|австрийск|avstriya|avusturya|österreich|áustria|autriche|oostenrijk",
    "Greece": r"greece|greek|греци|греческ|yunanıstan|yunanistan|griechen|grecia|grécia|grèce|griekenland|grecj",
    "London": r"london|лондон|londra|londres|londyn|londen",
    "Paris": r"paris(?!\w)|париж",
    "Berlin": r"berlin|берлин",
    "Rome": r"rome(?!\w)|рим[еау]?(?!\w)|roma(?!\w)|rzym",
    "Madrid": r"madrid|мадрид",
    "Kyiv": r"kyiv|kiev|киев|київ|kiyev|kiew",
    "Minsk": r"minsk|минск",
    "Warsaw": r"warsaw|варшав|varşava|warschau|varsovia|varsovie|warszaw",
    "Prague": r"prague|праг[аеиу](?!\w)|praqa",
    "Tallinn": r"tallinn|таллин",
    "Riga": r"riga(?!\w)|риг[аеиу](?!\w)",
    "Vilnius": r"vilnius|вильнюс",
    "Helsinki": r"helsinki|хельсинки",
    "Delhi": r"delhi|нью-дели|dehli",
    "Dubai": r"dubai|дуба[йея]|dubay",
    "Cairo": r"cairo|каир[ае]?(?!\w)|kahire|kairo|caire",
    "New York": r"new\s+york|нью-йорк|nyu-york|nueva\s+york|nova\s+iorque",
    "Hong Kong": r"hong\s+kong|гонконг|honkonq",
    "Shanghai": r"shanghai|шанха[йея]|şanxay|şangay",
}
_PLACE_PATTERNS = {name: re.compile(rf"(?<!\w)(?:{stems})", re.IGNORECASE) for name, stems in PLACES.items()}
_ANY_PLACE = re.compile(rf"(?<!\w)(?:{'|'.join(f'(?:{stems})' for stems in PLACES.values())})[\w'’-]*", re.IGNORECASE)


# The commonest of them in Chinese, Japanese and Korean, found anywhere (no spaces, no word bounds): "日本总统是谁？"
# (who is Japan's president?) was answered with "Президент Казахстана…". Not Korean words that are also common
# words ("인도" is also a pavement, "이란" also "called").
CJK_PLACES: dict[str, str] = {
    "Japan": r"日本|일본", "Kazakhstan": r"哈萨克斯坦|哈薩克|カザフスタン|카자흐스탄",
    "Azerbaijan": r"阿塞拜疆|亞塞拜然|アゼルバイジャン|아제르바이잔", "Russia": r"俄罗斯|俄羅斯|ロシア|러시아",
    "China": r"中国|中國|중국", "Turkey": r"土耳其|トルコ|튀르키예|터키",
    "United States": r"美国|美國|アメリカ|米国|미국",
    "Korea": r"韩国|韓国|한국", "Germany": r"德国|德國|ドイツ|독일", "France": r"法国|法國|フランス|프랑스",
    "United Kingdom": r"英国|英國|イギリス|영국", "India": r"印度|インド", "Iran": r"伊朗|イラン",
    "Ukraine": r"乌克兰|烏克蘭|ウクライナ|우크라이나", "Uzbekistan": r"乌兹别克|烏茲別克|ウズベキスタン|우즈베키스탄",
    "Tokyo": r"东京|東京|도쿄", "Beijing": r"北京|베이징", "Moscow": r"莫斯科|モスクワ|모스크바",
    "Baku": r"巴库|巴庫|バクー|바쿠", "Astana": r"阿斯塔纳|阿斯塔納|アスタナ|아스타나",
}
_CJK_PLACE_PATTERNS = {name: re.compile(names) for name, names in CJK_PLACES.items()}


def places_named(question: str) -> list[str]:
    """The countries and capitals a question names, by their names in the table."""
    return [name for name, pattern in _PLACE_PATTERNS.items()
            if pattern.search(question) or (name in _CJK_PLACE_PATTERNS and _CJK_PLACE_PATTERNS[name].search(question))]


# Raw materials a question about trade or energy may name, as stems in the eval languages: "what did tokayev agree
# about uranium" landed on the hydrogen passage of an interview that never names uranium, at a cosine no threshold
# tells from an answer. Like a country, a commodity has a name in each language that no transliteration finds, and
# an article that never names it cannot say what was agreed about it.
COMMODITIES: dict[str, str] = {
    "uranium": r"uran(?!us)|уран(?!\w)|уран[аеуо]\w*|uranyum",
    "oil": r"oil(?!\w)|crude|нефт|мұнай|neft|petrol(?!\w)|erdöl|pétrole|petróleo",
    "natural gas": r"(?:natural\s+)?gas(?!\w)|lng(?!\w)|газ(?:а|у|ом|е)?(?!\w)|газов\w*|нефтегаз\w*|"
                   r"oil[\s-]+and[\s-]+gas|erdgas|do[gğ]al\s*gaz\w*|"
                   r"təbii\s+qaz\w*|табиғи\s+газ\w*",
    "coal": r"coal|уголь(?!\w)|угл(?:я|ю|ем|е)(?!\w)|угольн\w*|көмір\w*|kömür\w*|kohle",
    "gold": r"gold(?!\w)|золот\w*|алтын(?!\w)|алтынн?\w*|altın\w*|qızıl",
    "copper": r"copper|мед(?:ь|и|ью)(?!\w)|медн\w*|bakır\w*|kupfer|cuivre|cobre",
    "wheat": r"wheat|grain|пшени\w*|зерн\w*|бидай\w*|astıq|buğday\w*|tahıl\w*|weizen|getreide|blé|trigo",
}
_COMMODITY_PATTERNS = {name: re.compile(rf"(?<!\w)(?:{stems})", re.IGNORECASE) for name, stems in COMMODITIES.items()}
_CJK_COMMODITIES = {
    "uranium": re.compile(r"铀|鈾|ウラン|우라늄"), "oil": re.compile(r"石油|原油|석유"),
    "natural gas": re.compile(r"天然气|天然氣|天然ガス|천연가스"), "coal": re.compile(r"煤|石炭|석탄"),
    "gold": re.compile(r"黄金|黃金|金矿|금광"), "copper": re.compile(r"铜|銅|구리"),
    "wheat": re.compile(r"小麦|小麥|밀가루|곡물|粮食|穀物"),
}
_NAMED_PATTERNS = {**_PLACE_PATTERNS, **_COMMODITY_PATTERNS}


def commodities_named(question: str) -> list[str]:
    """The raw materials a question names, by their names in the table."""
    return [name for name, pattern in _COMMODITY_PATTERNS.items()
            if pattern.search(question) or _CJK_COMMODITIES[name].search(question)]


# The party whose words, reaction or opinion are asked for, one to four words.
_PARTY = r"(?P<party>[\w'’.-]+(?:\s+[\w'’.-]+){0,3}?)"
_RU_VERB = (r"отреагировал\w*|отреагирует|отреагируют|реагирует|реагируют|прокомментировал\w*|ответил\w*|"
            r"оценил\w*|оценивает|оценивают|сказал\w*|говорит|говорят|думает|думают|заявил\w*|считает|считают")
_REACTION_QUESTIONS = [re.compile(pattern, re.IGNORECASE) for pattern in (
    rf"(?<!\w)how\s+(?:did|does|do|has|have|will|would)\s+{_PARTY}\s+"
    r"(?:react|respond|comment|reply|view|assess|evaluate)",
    rf"(?<!\w)what\s+(?:did|does|do|has|have|will|would)\s+{_PARTY}\s+"
    r"(?:say|think|answer|comment|reply|declare)",
    rf"(?<!\w)(?:what\s+(?:is|was)\s+)?{_PARTY}['’]s\s+(?:reaction|response|position|opinion|comment)",
    rf"(?<!\w)(?:did|has|have)\s+{_PARTY}\s+(?:criticis|criticiz|comment|react|respond|welcom|protest|condemn)",
    rf"(?<!\w)(?:как|что)\s+(?:{_RU_VERB})\s+{_PARTY}(?=\s+(?:на|о|об|по|про|насчёт|насчет|к)(?!\w)|\W*$|\s*[,?])",
    rf"(?<!\w)как\s+{_PARTY}\s+(?:{_RU_VERB})",
    rf"(?<!\w)(?:реакци[яи]|позици[яи]|мнение)\s+{_PARTY}(?=\s+(?:на|о|об|по|к)(?!\w)|\W*$|\s*[,?])",
    rf"^\W*{_PARTY}\s+(?:[\w'’-]+\s+){{0,4}}?(?:nasıl\s+tepki|ne\s+dedi|ne\s+düşün|nasıl\s+değerlendir|"
    r"necə\s+reaksiya|nə\s+dedi|nə\s+düşünür|necə\s+qiymətləndir)",
    rf"(?<!\w)wie\s+(?:hat|haben|hätte)\s+{_PARTY}\s+(?:[\w-]+\s+){{0,4}}?(?:reagiert|kommentiert|bewertet)",
    rf"(?<!\w)was\s+(?:hat|haben|sagt|sagte|sagen|denkt|meint|dachte)\s+{_PARTY}(?=\s+(?:über|zu|dazu|gesagt)(?!\w)|\W*$)",
)]
# Words a party may hold that name no one: German articles' nouns are capitalised ("die Regierung").
_NOT_NAMES = re.compile(r"(?:the|a|an|der|die|das|den|dem|des|ein|eine|einen|i|bu|bunu|buna)$", re.IGNORECASE)
_CAPITALISED = re.compile(r"[^\W\d_][\w-]*")


@dataclass(frozen=True)
class Party:
    """Who a question asks the words or reaction of: names to find in the article, or a post."""

    names: tuple[str, ...]
    post: str | None


def reacting_party(question: str) -> Party | None:
    """The party whose reaction, words or opinion `question` asks for, if it is named ("Putin", "Türkiye",
    "the Japanese prime minister"); None for "How did the experts react?"."""
    for pattern in _REACTION_QUESTIONS:
        if (found := pattern.search(question)) is None:
            continue
        # a place is checked by the table ("the United States"), a post by its words
        words = _ANY_PLACE.sub(" ", found.group("party").replace("’", "'")).split()
        names: list[str] = []
        for i, word in enumerate(words):
            word = word.split("'")[0]  # "Putin's", "Tokayev'in"
            if not word[:1].isupper() or (i and _NOT_NAMES.match(words[i - 1])) or _NOT_NAMES.match(word):
                continue
            if not post_named(word):
                names.append(word)
        post = post_named(found.group("party"))
        if names or post:
            return Party(tuple(names), post)
    return None


# Letters as the sounds they spell, the same in the Latin and Cyrillic alphabets: ж, дж, j, zh, Turkish
# c → J; х, kh, x, h → H; ш, sh, ş, sch → S; ч, ц, ch, ç, ts → C; к, қ, k, q, English c → K; every run of
# vowels (y and й included) → V; the soft and hard signs are dropped. Aliyev, Алиев, Əliyev: "VlVv".
_CYRILLIC = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюяәғқңөұүһі",
                     ["a", "b", "v", "g", "d", "e", "e", "J", "z", "i", "i", "K", "l", "m", "n", "o", "p", "r", "s",
                      "t", "u", "f", "H", "C", "C", "S", "S", "", "i", "", "e", "u", "a", "a", "g", "K", "n", "o",
                      "u", "u", "H", "i"], strict=True))
_LATIN = [("dzh", "J"), ("dj", "J"), ("zh", "J"), ("j", "J"), ("kh", "H"), ("sch", "S"), ("sh", "S"),
          ("ch", "C"), ("ts", "C"), ("tz", "C"), ("ş", "S"), ("ç", "C"), ("x", "H"), ("h", "H"), ("q", "K"),
          ("k", "K"), ("w", "v"), ("ğ", "g")]
_TURKISH_C = re.compile(r"[əışğçöü]")  # a word with these letters spells "dj" as "c" (Cavid, Cəbrayıl)
_VOWELS = re.compile(r"[aeiouyəıöüäé]+")
_OTHER = re.compile(r"[^bdfgJlmnprstvzHSCKV]")


def skeleton(word: str) -> str:
    """The sounds a word spells, alike in either alphabet: "Aliyev", "Алиев", "Əliyev" → "VlVv"."""
    word = word.lower()
    if re.search(r"[а-яёәғқңөұүһі]", word):
        word = "".join(_CYRILLIC.get(ch, ch) for ch in word)
    else:
        turkish = _TURKISH_C.search(word) is not None
        for latin, common in _LATIN:
            word = word.replace(latin, common)
        word = word.replace("c", "J" if turkish else "K")
    return re.sub(r"(.)\1+", r"\1", _OTHER.sub("", _VOWELS.sub("V", word)))


MIN_CONSONANTS = 2  # a name of fewer ("Xi": "HV") matches too much to tell anything


def _consonants(skeleton_: str) -> int:
    return len(skeleton_) - skeleton_.count("V")


def mentions_name(name: str, text: str) -> bool:
    """Whether `text` has a word spelling `name` in either alphabet, or with a case ending ("Путина", "Алиевым",
    "Тоқаевтың"), or the name with one ("Путин" for "Putin's")."""
    wanted = skeleton(name)
    if _consonants(wanted) < MIN_CONSONANTS:
        return True  # cannot tell: do not refuse on it
    for word in set(re.findall(r"[^\W\d_]+", text)):
        found = skeleton(word)
        if found.startswith(wanted) or (_consonants(found) >= 3 and wanted.startswith(found)):
            return True
    return False


@dataclass(frozen=True)
class Mentions:
    """What the articles a question is answered from must mention: places and raw materials, and a reacting
    party."""

    places: tuple[str, ...]  # names in PLACES or COMMODITIES
    party: Party | None

    def found_in(self, texts: list[str]) -> bool:
        """Each place and the party (each of its names, or its post) is mentioned by one of `texts`, or may be:
        one of them is written in a script whose names the table and `skeleton` do not know ("日本")."""
        if not all(map(read_by_checks, texts)):
            return True
        if not all(any(_NAMED_PATTERNS[place].search(text) for text in texts) for place in self.places):
            return False
        if self.party is None:
            return True
        if not all(any(mentions_name(name, text) for text in texts) for name in self.party.names):
            return False
        return self.party.post is None or any(POSTS[self.party.post].stated_in(text) for text in texts)


# Where a sentence ends: a post and a country named in one sentence are one person's post ("Президент Казахстана
# ведет очень тонкую игру").
_SENTENCE_END = re.compile(r"(?<=[.!?…;])\s+|\n+")


def holder_of(question: str, wanted: AnswerType | None) -> AnswerType | None:
    """What a passage must state for a question for the holder of a post of a place ("Кто президент Японии?", "Who
    is Japan's prime minister?"): the post in a sentence that names that place, or no place at all ("President
    Tokayev said…"). A sentence that names the post beside other countries only is about theirs: "Президент
    Казахстана совершил филигранный маневр" does not say who Japan's president is, and answered it. `wanted` itself
    for any other question, or one that names no place in the table."""
    if wanted is None or wanted.name != "post" or wanted.measure not in POSTS:
        return wanted
    places = [_PLACE_PATTERNS[place] for place in places_named(question)]
    if not places:
        return wanted
    holder = POSTS[wanted.measure].stated_in

    def stated(text: str) -> bool:
        return any(holder(sentence) and (any(place.search(sentence) for place in places)
                                         or _ANY_PLACE.search(sentence) is None)
                   for sentence in _SENTENCE_END.split(text))
    return AnswerType(wanted.name, stated, wanted.measure)


def required_mentions(question: str) -> Mentions | None:
    """The places and the party `question` is about, or None when it names neither."""
    places, party = (*places_named(question), *commodities_named(question)), reacting_party(question)
    return Mentions(places, party) if places or party else None
