"""What the bot says, as data: HTML text plus buttons. The bot sends it; `askbot chat` prints it.

Keeping the conversation here (not in Telegram handlers) is what makes the CLI shim answer
exactly as the bot does.
"""

from __future__ import annotations

import hashlib
import html
import re
import secrets
import threading
from collections import Counter, OrderedDict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field, replace

from askbot.answers import Answer, Passage, Suggestion
from askbot.dates import shown_date
from askbot.engine import Engine
from askbot.errors import AskbotError
from askbot.followup import Dialogue, read_with
from askbot.index import ArticleRecord, BuildReport, IndexSnapshot
from askbot.languages import SCRIPT_LANGUAGES, read_language
from askbot.question import blank, tidy

MESSAGE_LIMIT = 4096
BUTTON_LABEL_LIMIT = 60
EXAMPLE_LIMIT = 150  # an interview question longer than this is no example to type
MAX_TOPIC_BUTTONS = 30  # of /topics; more articles' interviews than that are asked about in words
# Telegram languages of users who read Russian more readily than English, where the bot has no interface of theirs
RUSSIAN_UI_LANGS = ("ru", "be", "ky", "tg", "uz", "hy", "ka")

TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "greeting": "Hi! I answer questions about news articles by quoting the passages that answer them.",
        "knows": "I have read:",
        "try": "Try one of these, or just ask in your own words:",
        "help": (
            "<b>How to ask</b>\n"
            "Write a question in any language, e.g. <i>{example}</i> "
            "I reply with the passage of the article that answers it, the key sentence in bold, "
            "and the source. Press <b>More</b> for further passages.\n\n"
            "<b>In groups</b>: use /ask <i>question</i>, mention me ({mention}), or reply to one of my messages.\n\n"
            "/topics – the questions the interview covers\n/sources – the articles I know\n/help – this message"
        ),
        "more": "More",
        "no_answer": "I could not find anything in the articles that answers this.",
        "no_number": "The passages I found on this give no figure, so the articles do not say.",
        "no_time": "The passages I found on this do not say when, so the articles do not say.",
        "no_post": "The passages I found on this do not mention that post, so the articles do not say who holds it.",
        "no_organisation": "The passages I found on this name no company, bank or firm, so the articles do not say.",
        "no_biography": "The passages I found on this give no such biographical detail, so the articles do not say.",
        "no_mention": "The articles I found on this never mention the country or person asked about: they do not say.",
        "no_answer_try": "The articles do answer questions like these:",
        "expired": "That answer is no longer in my memory; please ask again.",
        "choose": "Choose a number from 1 to {count}.",  # askbot chat: a button number out of range
        "choose_one": "Type 1 to press the button.",  # the same with one button: not "from 1 to 1"; no label,
        # which is in the answer's language, this line in the locale's
        "changed": "The article this answer quotes has changed or been removed since; please ask again.",
        "no_more": "No more passages for this question.",
        "topics": "Questions the interview covers; press one to read the answer:",
        "more_topics": "(and {count} more: ask about them in your own words)",
        "no_topics": "The indexed articles have no interview questions; ask anything about them.",
        "sources": "Articles I know:",
        "no_sources": "No articles are indexed yet.",
        "nothing_read": "I have not read any articles yet, so I cannot answer. An admin can send me an article "
                        "(a .txt, .md or .html file, or a link to the page).",
        "media": "I can only read text. Send me a question about the articles, e.g. “{example}”, or see /help.",
        "reindex_denied": "Sorry, only the bot's administrators can update the index.",
        "reindex_done": "Index updated: {summary}",
        "reindex_current": "The index was already up to date: {summary}",
        "reindex_failed": "The index update failed: {error}",
        "reindex_waiting": "Another index update is running (askbot index or an article being added); "
                           "yours follows as soon as it ends.",
        "ask_usage": "Write the question after the command, e.g. /ask {example}",
        # /help's and /ask's example, while the articles answer it (`Presenter.example`)
        "example": "why does Aktau matter for Baku?",
        "add_denied": "Only the bot's administrators can add articles. Ask me about the ones I have read: "
                      "/sources lists them.",
        "empty": "Please write a question about the articles.",
        # a bare number ("2") where no numbered choices were offered
        "no_choice": "There is nothing to choose from here: "
                     "a number alone is no question. Write a question about the articles (/topics lists some).",
        "error": "Something went wrong while answering; please try again.",
        "added": "Done:\n{what}",
        "not_added": "Nothing was added:\n{what}",
        "read_with": "(read with your previous question: «{previous}»)",
        "read_with_reply": "(read with the question of the answer you replied to: «{previous}»)",
    },
    "ru": {
        "greeting": "Привет! Я отвечаю на вопросы о новостных статьях цитатами из них.",
        "knows": "Я прочитал:",
        "try": "Попробуйте один из вопросов или спросите своими словами:",
        "help": (
            "<b>Как спросить</b>\n"
            "Напишите вопрос на любом языке, например <i>{example}</i> "
            "Я отвечу отрывком статьи, в котором есть ответ (главное предложение выделено), и укажу "
            "источник. Кнопка <b>Ещё</b> покажет следующие отрывки.\n\n"
            "<b>В группах</b>: /ask <i>вопрос</i>, упоминание ({mention}) или ответ на моё сообщение.\n\n"
            "/topics – вопросы, которые обсуждаются в интервью\n/sources – статьи, которые я знаю\n"
            "/help – эта справка"
        ),
        "more": "Ещё",
        "no_answer": "В статьях не нашлось ничего, что отвечало бы на этот вопрос.",
        "no_number": "В найденных отрывках об этом нет цифр: статьи этого не сообщают.",
        "no_time": "В найденных отрывках об этом не сказано, когда: статьи этого не сообщают.",
        "no_post": "В найденных отрывках эта должность не упоминается: статьи не сообщают, кто её занимает.",
        "no_organisation": "В найденных отрывках не названо ни одной компании или банка: статьи этого не сообщают.",
        "no_biography": "В найденных отрывках нет таких биографических сведений: статьи этого не сообщают.",
        "no_mention": "Статьи, где я искал ответ, не упоминают страну или человека из вопроса: они этого не сообщают.",
        "no_answer_try": "Статьи отвечают, например, на такие вопросы:",
        "expired": "Этот ответ уже забыт; пожалуйста, спросите ещё раз.",
        "choose": "Выберите число от 1 до {count}.",
        "choose_one": "Введите 1, чтобы нажать кнопку.",
        "changed": "Статья, из которой этот ответ, с тех пор изменилась или удалена; пожалуйста, спросите ещё раз.",
        "no_more": "Больше отрывков по этому вопросу нет.",
        "topics": "Вопросы интервью; нажмите, чтобы прочитать ответ:",
        "more_topics": "(и ещё {count}: о них спрашивайте своими словами)",
        "no_topics": "В статьях нет вопросов интервью; спрашивайте о чём угодно из них.",
        "sources": "Статьи, которые я знаю:",
        "no_sources": "Пока нет ни одной статьи.",
        "nothing_read": "Я ещё не прочитал ни одной статьи, поэтому ответить не могу. Администратор может "
                        "прислать мне статью (файл .txt, .md или .html или ссылку на страницу).",
        "media": "Я понимаю только текст. Задайте вопрос о статьях, например «{example}», или посмотрите /help.",
        "reindex_denied": "Извините, обновлять индекс могут только администраторы бота.",
        "reindex_done": "Индекс обновлён: {summary}",
        "reindex_current": "Индекс уже был актуален: {summary}",
        "reindex_failed": "Не удалось обновить индекс: {error}",
        "reindex_waiting": "Сейчас уже идёт другое обновление индекса (askbot index или добавление статьи); "
                           "ваше начнётся сразу после него.",
        "ask_usage": "Напишите вопрос после команды, например: /ask {example}",
        "example": "почему Актау важен для Баку?",
        "add_denied": "Добавлять статьи могут только администраторы бота. Спросите меня о тех, что я уже "
                      "прочитал: их список — /sources.",
        "empty": "Пожалуйста, напишите вопрос о статьях.",
        "no_choice": "Здесь не из чего выбирать: "
                     "одно число — не вопрос. Напишите вопрос о статьях (/topics покажет примеры).",
        "error": "Не получилось ответить; попробуйте ещё раз.",
        "added": "Готово:\n{what}",
        "not_added": "Ничего не добавлено:\n{what}",
        "read_with": "(понял вместе с вашим предыдущим вопросом: «{previous}»)",
        "read_with_reply": "(понял вместе с вопросом ответа, на который вы ответили: «{previous}»)",
    },
    "uk": {
        "greeting": "Привіт! Я відповідаю на запитання про новинні статті цитатами з них.",
        "knows": "Я прочитав:",
        "try": "Спробуйте одне з цих запитань або спитайте своїми словами:",
        "help": (
            "<b>Як запитати</b>\n"
            "Напишіть запитання будь-якою мовою, наприклад <i>{example}</i> "
            "Я відповім уривком статті, у якому є відповідь (головне речення виділено), і вкажу "
            "джерело. Кнопка <b>Ще</b> покаже наступні уривки.\n\n"
            "<b>У групах</b>: /ask <i>запитання</i>, згадка ({mention}) або відповідь на моє повідомлення.\n\n"
            "/topics – запитання, які обговорюються в інтерв’ю\n/sources – статті, які я знаю\n"
            "/help – ця довідка"
        ),
        "more": "Ще",
        "no_answer": "У статтях не знайшлося нічого, що відповідало б на це запитання.",
        "no_number": "У знайдених уривках про це немає цифр: статті цього не повідомляють.",
        "no_time": "У знайдених уривках не сказано, коли саме: статті цього не повідомляють.",
        "no_post": "У знайдених уривках ця посада не згадується: статті не повідомляють, хто її обіймає.",
        "no_organisation": "У знайдених уривках не названо жодної компанії чи банку: статті цього не повідомляють.",
        "no_biography": "У знайдених уривках немає таких біографічних відомостей: статті цього не повідомляють.",
        "no_mention": "Статті, де я шукав відповідь, не згадують країну чи людину з питання: вони цього не "
                      "повідомляють.",
        "no_answer_try": "Статті відповідають, наприклад, на такі запитання:",
        "expired": "Цю відповідь уже забуто; будь ласка, запитайте ще раз.",
        "choose": "Виберіть число від 1 до {count}.",
        "choose_one": "Введіть 1, щоб натиснути кнопку.",
        "changed": "Статтю, з якої взято цю відповідь, відтоді змінено або вилучено; будь ласка, запитайте ще раз.",
        "no_more": "Більше уривків за цим запитанням немає.",
        "topics": "Запитання інтерв’ю; натисніть, щоб прочитати відповідь:",
        "more_topics": "(і ще {count}: про них питайте своїми словами)",
        "no_topics": "У статтях немає запитань інтерв’ю; питайте про будь-що з них.",
        "sources": "Статті, які я знаю:",
        "no_sources": "Поки що немає жодної статті.",
        "nothing_read": "Я ще не прочитав жодної статті, тому не можу відповісти. Адміністратор може "
                        "надіслати мені статтю (файл .txt, .md або .html чи посилання на сторінку).",
        "media": "Я розумію лише текст. Поставте запитання про статті, наприклад «{example}», або перегляньте /help.",
        "reindex_denied": "Вибачте, оновлювати індекс можуть лише адміністратори бота.",
        "reindex_done": "Індекс оновлено: {summary}",
        "reindex_current": "Індекс уже був актуальним: {summary}",
        "reindex_failed": "Не вдалося оновити індекс: {error}",
        "reindex_waiting": "Зараз уже триває інше оновлення індексу (askbot index або додавання статті); "
                           "ваше почнеться одразу після нього.",
        "ask_usage": "Напишіть запитання після команди, наприклад: /ask {example}",
        "example": "чому Актау важливий для Баку?",
        "add_denied": "Додавати статті можуть лише адміністратори бота. Запитайте мене про ті, що я вже "
                      "прочитав: їхній список — /sources.",
        "empty": "Будь ласка, напишіть запитання про статті.",
        "no_choice": "Тут нема з чого вибирати: "
                     "саме число — не запитання. Напишіть запитання про статті (/topics покаже приклади).",
        "error": "Не вдалося відповісти; спробуйте ще раз.",
        "added": "Готово:\n{what}",
        "not_added": "Нічого не додано:\n{what}",
        "read_with": "(зрозумів разом із вашим попереднім запитанням: «{previous}»)",
        "read_with_reply": "(зрозумів разом із запитанням відповіді, на яку ви відповіли: «{previous}»)",
    },
    "kk": {
        "greeting": "Сәлем! Жаңалық мақалалары туралы сұрақтарға сол мақалалардан үзінді келтіріп жауап беремін.",
        "knows": "Оқығандарым:",
        "try": "Мына сұрақтардың бірін таңдаңыз немесе өз сөзіңізбен сұраңыз:",
        "help": (
            "<b>Қалай сұрау керек</b>\n"
            "Сұрағыңызды кез келген тілде жазыңыз, мысалы: <i>{example}</i> "
            "Мен мақаланың сұраққа жауап беретін үзіндісін (негізгі сөйлемі қалың қаріппен) дереккөзімен бірге "
            "жіберемін. Келесі үзінділерді көру үшін <b>Тағы</b> батырмасын басыңыз.\n\n"
            "<b>Топтарда</b>: /ask <i>сұрақ</i> деп жазыңыз, мені атап өтіңіз ({mention}) немесе "
            "хабарламаларымның біріне жауап беріңіз.\n\n"
            "/topics – сұхбатта қозғалған сұрақтар\n/sources – мен білетін мақалалар\n/help – осы анықтама"
        ),
        "more": "Тағы",
        "no_answer": "Мақалалардан бұл сұраққа жауап беретін ештеңе таппадым.",
        "no_number": "Бұл туралы тапқан үзінділерімде ешқандай сан жоқ, яғни мақалаларда бұл айтылмаған.",
        "no_time": "Бұл туралы тапқан үзінділерімде қашан екені айтылмайды, яғни мақалаларда бұл көрсетілмеген.",
        "no_post": "Бұл туралы тапқан үзінділерімде бұл лауазым аталмайды, яғни мақалаларда оны кім "
                   "атқаратыны айтылмаған.",
        "no_organisation": "Бұл туралы тапқан үзінділерімде бірде-бір компания не банк аталмайды, яғни "
                           "мақалаларда бұл айтылмаған.",
        "no_biography": "Бұл туралы тапқан үзінділерімде мұндай өмірбаяндық мәлімет жоқ, яғни мақалаларда бұл "
                        "айтылмаған.",
        "no_mention": "Жауап іздеген мақалаларымда сұрақтағы ел не адам аталмайды, яғни олар бұл туралы айтпайды.",
        "no_answer_try": "Мақалалар, мысалы, мынадай сұрақтарға жауап береді:",
        "expired": "Бұл жауап жадымда енді жоқ; қайта сұраңызшы.",
        "choose": "1 мен {count} аралығындағы санды таңдаңыз.",
        "choose_one": "Түймені басу үшін 1 деп жазыңыз.",
        "changed": "Бұл жауап алынған мақала содан бері өзгертілген немесе жойылған; қайта сұраңызшы.",
        "no_more": "Бұл сұрақ бойынша басқа үзінді жоқ.",
        "topics": "Сұхбаттағы сұрақтар; жауабын оқу үшін біреуін басыңыз:",
        "more_topics": "(тағы {count} сұрақ бар: олар туралы өз сөзіңізбен сұраңыз)",
        "no_topics": "Индекстегі мақалаларда сұхбат сұрақтары жоқ; олар туралы кез келген нәрсені сұраңыз.",
        "sources": "Мен білетін мақалалар:",
        "no_sources": "Әзірге индексте бірде-бір мақала жоқ.",
        "nothing_read": "Мен әлі бірде-бір мақала оқыған жоқпын, сондықтан жауап бере алмаймын. Әкімші маған "
                        "мақала жібере алады (.txt, .md немесе .html файлын не беттің сілтемесін).",
        "media": "Мен тек мәтінді оқи аламын. Мақалалар туралы сұрақ қойыңыз, мысалы: «{example}», "
                 "немесе /help бөлімін қараңыз.",
        "reindex_denied": "Кешіріңіз, индексті тек боттың әкімшілері жаңарта алады.",
        "reindex_done": "Индекс жаңартылды: {summary}",
        "reindex_current": "Индекс онсыз да өзекті еді: {summary}",
        "reindex_failed": "Индексті жаңарту сәтсіз аяқталды: {error}",
        "reindex_waiting": "Қазір индекстің басқа жаңартуы жүріп жатыр (askbot index немесе мақала қосу); "
                           "сіздікі ол біткен соң басталады.",
        "ask_usage": "Сұрақты командадан кейін жазыңыз, мысалы: /ask {example}",
        "example": "Ақтау Баку үшін неге маңызды?",
        "add_denied": "Мақалаларды тек боттың әкімшілері қоса алады. Мен оқыған мақалалар туралы сұраңыз: "
                      "олардың тізімі – /sources.",
        "empty": "Мақалалар туралы сұрақ жазыңызшы.",
        "no_choice": "Мұнда таңдайтын ештеңе жоқ: "
                     "жалғыз сан сұрақ емес. Мақалалар туралы сұрақ жазыңыз (/topics мысалдарды көрсетеді).",
        "error": "Жауап беру кезінде қате шықты; қайталап көріңізші.",
        "added": "Дайын:\n{what}",
        "not_added": "Ештеңе қосылмады:\n{what}",
        "read_with": "(алдыңғы сұрағыңызбен бірге түсіндім: «{previous}»)",
        "read_with_reply": "(сіз жауап берген хабарламаның сұрағымен бірге түсіндім: «{previous}»)",
    },
    "de": {
        "greeting": "Hallo! Ich beantworte Fragen zu Nachrichtenartikeln, indem ich die passenden Textstellen zitiere.",
        "knows": "Ich habe gelesen:",
        "try": "Probieren Sie eine dieser Fragen aus oder fragen Sie einfach in eigenen Worten:",
        "help": (
            "<b>So fragen Sie</b>\n"
            "Schreiben Sie Ihre Frage in einer beliebigen Sprache, z. B. <i>{example}</i> "
            "Ich antworte mit der Textstelle des Artikels, die sie beantwortet (der Kernsatz fett), und nenne "
            "die Quelle. <b>Mehr</b> zeigt weitere Textstellen.\n\n"
            "<b>In Gruppen</b>: /ask <i>Frage</i>, erwähnen Sie mich ({mention}) oder antworten Sie auf eine "
            "meiner Nachrichten.\n\n"
            "/topics – die Fragen des Interviews\n/sources – die Artikel, die ich kenne\n/help – diese Hilfe"
        ),
        "more": "Mehr",
        "no_answer": "In den Artikeln habe ich nichts gefunden, was diese Frage beantwortet.",
        "no_number": "Die Textstellen, die ich dazu gefunden habe, nennen keine Zahl – die Artikel sagen es also "
                     "nicht.",
        "no_time": "Die Textstellen, die ich dazu gefunden habe, sagen nicht, wann – die Artikel sagen es also nicht.",
        "no_post": "Die Textstellen, die ich dazu gefunden habe, erwähnen dieses Amt nicht – die Artikel sagen also "
                   "nicht, wer es innehat.",
        "no_organisation": "Die Textstellen, die ich dazu gefunden habe, nennen kein Unternehmen und keine Bank – "
                           "die Artikel sagen es also nicht.",
        "no_biography": "Die Textstellen, die ich dazu gefunden habe, enthalten keine solchen biografischen Angaben – "
                        "die Artikel sagen es also nicht.",
        "no_mention": "Die Artikel, in denen ich gesucht habe, erwähnen das Land oder die Person aus der Frage nicht – "
                      "sie sagen es also nicht.",
        "no_answer_try": "Auf Fragen wie diese geben die Artikel eine Antwort:",
        "expired": "Diese Antwort habe ich nicht mehr im Gedächtnis; bitte fragen Sie noch einmal.",
        "choose": "Wählen Sie eine Zahl von 1 bis {count}.",
        "choose_one": "Geben Sie 1 ein, um die Schaltfläche zu drücken.",
        "changed": "Der Artikel, aus dem diese Antwort zitiert, wurde inzwischen geändert oder entfernt; bitte fragen "
                   "Sie noch einmal.",
        "no_more": "Zu dieser Frage gibt es keine weiteren Textstellen.",
        "topics": "Fragen aus dem Interview; tippen Sie eine an, um die Antwort zu lesen:",
        "more_topics": "(und {count} weitere: fragen Sie danach in eigenen Worten)",
        "no_topics": "Die indexierten Artikel enthalten keine Interviewfragen; fragen Sie einfach, was Sie wissen "
                     "möchten.",
        "sources": "Artikel, die ich kenne:",
        "no_sources": "Es sind noch keine Artikel indexiert.",
        "nothing_read": "Ich habe noch keine Artikel gelesen und kann deshalb nicht antworten. Ein Administrator kann "
                        "mir einen Artikel schicken (eine .txt-, .md- oder .html-Datei oder einen Link zur Seite).",
        "media": "Ich kann nur Text lesen. Stellen Sie mir eine Frage zu den Artikeln, z. B. „{example}“, oder "
                 "sehen Sie unter /help nach.",
        "reindex_denied": "Leider können nur die Administratoren des Bots den Index aktualisieren.",
        "reindex_done": "Index aktualisiert: {summary}",
        "reindex_current": "Der Index war bereits aktuell: {summary}",
        "reindex_failed": "Die Aktualisierung des Index ist fehlgeschlagen: {error}",
        "reindex_waiting": "Gerade läuft schon eine andere Aktualisierung des Index "
                           "(askbot index oder ein neuer Artikel); "
                           "Ihre folgt, sobald sie fertig ist.",
        "ask_usage": "Schreiben Sie die Frage hinter den Befehl, z. B. /ask {example}",
        "example": "Warum ist Aktau für Baku wichtig?",
        "add_denied": "Nur die Administratoren des Bots können Artikel hinzufügen. Fragen Sie mich nach denen, die "
                      "ich gelesen habe: /sources listet sie auf.",
        "empty": "Bitte schreiben Sie eine Frage zu den Artikeln.",
        "no_choice": "Hier gibt es nichts zu wählen: "
                     "eine Zahl allein ist keine Frage. Schreiben Sie eine Frage zu den Artikeln "
                     "(/topics zeigt Beispiele).",
        "error": "Beim Antworten ist etwas schiefgelaufen; bitte versuchen Sie es noch einmal.",
        "added": "Erledigt:\n{what}",
        "not_added": "Nichts hinzugefügt:\n{what}",
        "read_with": "(zusammen mit Ihrer vorigen Frage gelesen: „{previous}“)",
        "read_with_reply": "(zusammen mit der Frage der Antwort gelesen, auf die Sie geantwortet haben: „{previous}“)",
    },
    "tr": {
        "greeting": "Merhaba! Haber makaleleriyle ilgili soruları makalelerden alıntılarla yanıtlıyorum.",
        "knows": "Okuduklarım:",
        "try": "Bunlardan birini deneyin ya da kendi cümlelerinizle sorun:",
        "help": (
            "<b>Nasıl sorulur</b>\n"
            "Sorunuzu herhangi bir dilde yazın, örneğin <i>{example}</i> "
            "Makalenin soruyu yanıtlayan bölümünü, ana cümlesi kalın olarak, kaynağıyla birlikte gönderirim. "
            "Diğer bölümler için <b>Devamı</b> düğmesine basın.\n\n"
            "<b>Gruplarda</b>: /ask <i>soru</i> yazın, beni etiketleyin ({mention}) ya da mesajlarımdan "
            "birini yanıtlayın.\n\n"
            "/topics – röportajda ele alınan sorular\n/sources – bildiğim makaleler\n/help – bu mesaj"
        ),
        "more": "Devamı",
        "no_answer": "Makalelerde bu soruyu yanıtlayan bir şey bulamadım.",
        "no_number": "Bu konuda bulduğum bölümlerde bir rakam geçmiyor; yani makaleler bunu söylemiyor.",
        "no_time": "Bu konuda bulduğum bölümler bunun ne zaman olduğunu söylemiyor; yani makaleler bunu belirtmiyor.",
        "no_post": "Bu konuda bulduğum bölümlerde bu görevden söz edilmiyor; yani makaleler bu görevde kimin "
                   "olduğunu söylemiyor.",
        "no_organisation": "Bu konuda bulduğum bölümlerde hiçbir şirket ya da banka adı geçmiyor; yani makaleler "
                           "bunu söylemiyor.",
        "no_biography": "Bu konuda bulduğum bölümlerde böyle bir biyografik bilgi yok; yani makaleler bunu söylemiyor.",
        "no_mention": "Yanıtı aradığım makalelerde sorudaki ülke ya da kişiden hiç söz edilmiyor; yani bunu "
                      "söylemiyorlar.",
        "no_answer_try": "Makaleler örneğin şu gibi sorulara yanıt veriyor:",
        "expired": "Bu yanıt artık hafızamda değil; lütfen yeniden sorun.",
        "choose": "1 ile {count} arasında bir sayı seçin.",
        "choose_one": "Düğmeye basmak için 1 yazın.",
        "changed": "Bu yanıtın alıntılandığı makale o zamandan beri değiştirildi ya da kaldırıldı; lütfen yeniden "
                   "sorun.",
        "no_more": "Bu soru için başka bölüm yok.",
        "topics": "Röportajda ele alınan sorular; yanıtı okumak için birine dokunun:",
        "more_topics": "(ve {count} soru daha: bunları kendi cümlelerinizle sorun)",
        "no_topics": "Dizindeki makalelerde röportaj sorusu yok; onlarla ilgili istediğinizi sorabilirsiniz.",
        "sources": "Bildiğim makaleler:",
        "no_sources": "Dizinde henüz hiç makale yok.",
        "nothing_read": "Henüz hiç makale okumadım, bu yüzden yanıt veremiyorum. Bir yönetici bana makale "
                        "gönderebilir (.txt, .md ya da .html dosyası veya sayfanın bağlantısı).",
        "media": "Yalnızca metin okuyabiliyorum. Bana makalelerle ilgili bir soru gönderin, örneğin “{example}”, "
                 "ya da /help komutuna bakın.",
        "reindex_denied": "Üzgünüm, dizini yalnızca botun yöneticileri güncelleyebilir.",
        "reindex_done": "Dizin güncellendi: {summary}",
        "reindex_current": "Dizin zaten günceldi: {summary}",
        "reindex_failed": "Dizin güncellenemedi: {error}",
        "reindex_waiting": "Şu anda başka bir dizin güncellemesi sürüyor (askbot index ya da bir makale ekleniyor); "
                           "sizinki o biter bitmez başlayacak.",
        "ask_usage": "Soruyu komuttan sonra yazın, örneğin: /ask {example}",
        "example": "Aktau Bakü için neden önemli?",
        "add_denied": "Makaleleri yalnızca botun yöneticileri ekleyebilir. Okuduğum makaleler hakkında soru "
                      "sorabilirsiniz: /sources onları listeler.",
        "empty": "Lütfen makalelerle ilgili bir soru yazın.",
        "no_choice": "Burada seçilecek bir şey yok: "
                     "tek başına bir sayı soru değildir. Makalelerle ilgili bir soru yazın "
                     "(/topics örnekler gösterir).",
        "error": "Yanıt verirken bir sorun oluştu; lütfen tekrar deneyin.",
        "added": "Tamamlandı:\n{what}",
        "not_added": "Hiçbir şey eklenmedi:\n{what}",
        "read_with": "(önceki sorunuzla birlikte okundu: “{previous}”)",
        "read_with_reply": "(yanıtladığınız cevabın sorusuyla birlikte okundu: “{previous}”)",
    },
    "az": {
        "greeting": "Salam! Xəbər məqalələri ilə bağlı suallara məqalələrin özündən sitat gətirərək cavab verirəm.",
        "knows": "Oxuduqlarım:",
        "try": "Bunlardan birini sınayın və ya sadəcə öz sözlərinizlə soruşun:",
        "help": (
            "<b>Necə soruşmalı</b>\n"
            "Sualınızı istənilən dildə yazın, məsələn: <i>{example}</i> "
            "Məqalənin suala cavab verən hissəsini (əsas cümlə qalın şriftlə) mənbəyi ilə birlikdə göndərirəm. "
            "Digər hissələr üçün <b>Daha çox</b> düyməsini basın.\n\n"
            "<b>Qruplarda</b>: /ask <i>sual</i> yazın, məni qeyd edin ({mention}) və ya mesajlarımdan birinə "
            "cavab verin.\n\n"
            "/topics – müsahibədə toxunulan suallar\n/sources – bildiyim məqalələr\n/help – bu mesaj"
        ),
        "more": "Daha çox",
        "no_answer": "Məqalələrdə bu suala cavab verən heç nə tapmadım.",
        "no_number": "Bununla bağlı tapdığım hissələrdə heç bir rəqəm yoxdur, yəni məqalələr bunu demir.",
        "no_time": "Bununla bağlı tapdığım hissələrdə nə vaxt olduğu deyilmir, yəni məqalələr bunu bildirmir.",
        "no_post": "Bununla bağlı tapdığım hissələrdə bu vəzifənin adı çəkilmir, yəni məqalələr onu kimin "
                   "tutduğunu demir.",
        "no_organisation": "Bununla bağlı tapdığım hissələrdə heç bir şirkət və ya bank adı çəkilmir, yəni "
                           "məqalələr bunu demir.",
        "no_biography": "Bununla bağlı tapdığım hissələrdə belə bioqrafik məlumat yoxdur, yəni məqalələr bunu demir.",
        "no_mention": "Cavab axtardığım məqalələrdə sualdakı ölkə və ya şəxsin adı çəkilmir, yəni onlar bunu demir.",
        "no_answer_try": "Məqalələr, məsələn, bu kimi suallara cavab verir:",
        "expired": "Bu cavab artıq yaddaşımda deyil; zəhmət olmasa, yenidən soruşun.",
        "choose": "1 ilə {count} arasında bir rəqəm seçin.",
        "choose_one": "Düyməni basmaq üçün 1 yazın.",
        "changed": "Bu cavabın götürüldüyü məqalə o vaxtdan bəri dəyişdirilib və ya silinib; zəhmət olmasa, "
                   "yenidən soruşun.",
        "no_more": "Bu sual üzrə başqa hissə yoxdur.",
        "topics": "Müsahibədə toxunulan suallar; cavabı oxumaq üçün birini seçin:",
        "more_topics": "(və daha {count} sual: onlar barədə öz sözlərinizlə soruşun)",
        "no_topics": "İndeksdəki məqalələrdə müsahibə sualları yoxdur; onlar barədə istədiyinizi soruşun.",
        "sources": "Bildiyim məqalələr:",
        "no_sources": "Hələ indeksdə heç bir məqalə yoxdur.",
        "nothing_read": "Hələ heç bir məqalə oxumamışam, ona görə də cavab verə bilmirəm. Administrator mənə "
                        "məqalə göndərə bilər (.txt, .md və ya .html faylı, yaxud səhifənin linki).",
        "media": "Mən yalnız mətn oxuya bilirəm. Məqalələr barədə sual göndərin, məsələn, “{example}”, və ya "
                 "/help bölməsinə baxın.",
        "reindex_denied": "Təəssüf ki, indeksi yalnız botun administratorları yeniləyə bilər.",
        "reindex_done": "İndeks yeniləndi: {summary}",
        "reindex_current": "İndeks artıq aktual idi: {summary}",
        "reindex_failed": "İndeksi yeniləmək alınmadı: {error}",
        "reindex_waiting": "Hazırda indeksin başqa yenilənməsi gedir (askbot index və ya məqalə əlavə olunur); "
                           "sizinki o bitən kimi başlayacaq.",
        "ask_usage": "Sualı əmrdən sonra yazın, məsələn: /ask {example}",
        "example": "Aktau Bakı üçün niyə vacibdir?",
        "add_denied": "Məqalələri yalnız botun administratorları əlavə edə bilər. Oxuduğum məqalələr barədə "
                      "soruşun: onların siyahısı /sources əmrindədir.",
        "empty": "Zəhmət olmasa, məqalələr barədə sual yazın.",
        "no_choice": "Burada seçiləcək heç nə yoxdur: "
                     "tək bir rəqəm sual deyil. Məqalələr barədə sual yazın (/topics nümunələr göstərir).",
        "error": "Cavab verərkən xəta baş verdi; zəhmət olmasa, yenidən cəhd edin.",
        "added": "Hazırdır:\n{what}",
        "not_added": "Heç nə əlavə olunmadı:\n{what}",
        "read_with": "(əvvəlki sualınızla birlikdə oxudum: «{previous}»)",
        "read_with_reply": "(cavab verdiyiniz mesajın sualı ilə birlikdə oxudum: «{previous}»)",
    },
}


def pick_language(text: str | None, user_language: str | None) -> str:
    """The interface language: the question's own, when its words say it; the user's Telegram language
    (`language_code`) when the question's words leave it open (among the languages they leave), or the
    question is a word or a name alone ("Aktau?") in that language's script; else the script's first language
    (Russian, English); without a question, the user's language, else English."""
    code = (user_language or "").lower().replace("_", "-").split("-")[0]
    reading = read_language(text)
    if reading.script is None:
        return code if code in TEXTS else "ru" if code in RUSSIAN_UI_LANGS else "en"
    ours = SCRIPT_LANGUAGES[reading.script]
    if code in ours and (code in reading.languages or not reading.languages or reading.slight):
        return code
    return (reading.languages or ours)[0]


def t(lang: str, key: str, **values: str) -> str:
    return TEXTS.get(lang, TEXTS["en"])[key].format(**values)


@dataclass(frozen=True)
class Button:
    """An inline button; `data` is the callback payload (Telegram allows 64 bytes)."""

    label: str
    data: str


@dataclass(frozen=True)
class Reply:
    """One message: Telegram HTML and buttons (one per row). `edit`: it replaces the message whose
    button was pressed (More appending a passage) instead of being sent as a new one. `notice`: it is for
    whoever pressed a button alone (no more passages, ask again): the bot shows it as an alert on the button,
    so that a dead button does not post into a group each time someone presses it. `question`: what a follow-up
    in reply to this message is read with ("" for anything but an answer or a refusal)."""

    html: str
    buttons: tuple[Button, ...] = ()
    edit: bool = False
    notice: bool = False
    question: str = ""  # the self-contained question an answer or refusal answered: a reply to it asks on from it


@dataclass(frozen=True)
class _Remembered:
    """An answer kept for its More button, with the language and header it was first shown with, and the question
    a follow-up in reply to a message of it is read with (a More may come as a new message)."""

    answer: Answer
    lang: str
    header: str = ""
    versions: dict[str, str] = field(default_factory=dict)  # article id -> content hash, when it was answered
    question: str = ""


BARE_NUMBER = re.compile(r"\d+[.)]?")


def bare_number(message: str) -> bool:
    """A number alone ("2", "3."): a choice of a numbered list, where none was offered (a first message, a refusal
    in the bot, whose buttons have no numbers, `askbot chat` after an answer without buttons). Asked as a question,
    "2" was small talk, answered with the greeting and its buttons, and the next number pressed one of those."""
    return BARE_NUMBER.fullmatch(tidy(message)) is not None


URL_ONLY = re.compile(r"^\s*(https?://\S+)\s*$")  # a message that is just a link: an article to add
# An interviewer addressing the guest ("Азер Джамалович, ...", "Mr Smith, ..."): no use on a 60-char button.
ADDRESS = re.compile(r"^(?:[A-ZА-ЯЁ][\w.'-]*\s){1,2}[A-ZА-ЯЁ][\w.'-]*,\s+(?=\w)")


def short_label(text: str, limit: int = BUTTON_LABEL_LIMIT) -> str:
    """A button label: the question without a leading form of address, cut at a word."""
    text = " ".join(text.split())
    if (stripped := ADDRESS.sub("", text, count=1)) != text and len(stripped) > 15:
        text = stripped[0].upper() + stripped[1:]
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def units(text: str) -> int:
    """Length as Telegram counts it, in UTF-16 code units: an emoji outside the BMP ("🔹", a flag) counts two
    or more, and a message within 4096 Python characters could still be refused as too long."""
    return len(text.encode("utf-16-le")) // 2


def plain_text(markup: str) -> str:
    """Telegram HTML as the text it shows: tags dropped, entities read back."""
    return html.unescape(re.sub(r"<[^>]*>", "", markup))


def shown_units(markup: str) -> int:
    """Length of Telegram HTML as Telegram counts it against its limit: the text after entity parsing, so tags
    and escapes ("&quot;" is one character) do not count."""
    return units(plain_text(markup))


def chars_within(text: str, limit: int) -> int:
    """How many characters of `text` fit in `limit` UTF-16 code units."""
    if units(text) <= limit:
        return len(text)
    count, used = 0, 0
    for char in text:
        used += 2 if ord(char) > 0xFFFF else 1
        if used > limit:
            break
        count += 1
    return count


def clip(text: str, limit: int) -> str:
    """Shorten `text` to `limit` (UTF-16 `units`) at a word boundary (with "…")."""
    if units(text) <= limit:
        return text
    limit = chars_within(text, limit)
    cut = text.rfind(" ", 0, limit - 1)
    cut = cut if cut > limit // 2 else limit - 1
    return text[:cut].rstrip() + "…"


def passage_html(passage: Passage) -> str:
    """The passage in quotes, its key sentence bold, then title and source; all text escaped. Whole, however
    long (a whole interview answer): the bot sends one longer than a message as several (`split_html`)."""
    text, highlight = passage.text, passage.highlight
    if highlight and highlight[0] < highlight[1]:
        start, end = highlight
        quoted = (html.escape(text[:start]) + "<b>" + html.escape(text[start:end]) + "</b>"
                  + html.escape(text[end:]))
    else:
        quoted = html.escape(text)
    return f"<blockquote>{quoted}</blockquote>\n{source_html(passage.title, passage.source, passage.published)}"


def source_html(title: str, source: str | None, published: str | None = None) -> str:
    parts = [f"<i>{html.escape(title)}</i>"]
    if source:
        if re.match(r"^https?://", source):
            parts.append(f'<a href="{html.escape(source, quote=True)}">{html.escape(short_source(source))}</a>')
        else:
            parts.append(html.escape(source))
    if published:
        parts.append(html.escape(shown_date(published) or ""))
    return "— " + ", ".join(parts)


def short_source(url: str) -> str:
    return re.sub(r"^https?://(www\.)?", "", url).split("/")[0]


def fit(text: str, limit: int = MESSAGE_LIMIT, *, by_line: bool = False) -> str:
    """Keep a message under Telegram's limit (`shown_units`) without cutting through a tag or an entity.

    Messages are blocks joined by blank lines, each closing its own tags: cut between blocks (`by_line`: a
    list whose every line closes its own tags, cut between lines; the markup counted, to be safe); a single
    overlong block loses its formatting rather than be cut mid-tag (Telegram would reject the message).
    Counting the markup too cut a quote full of escaped quotation marks after the line above it (a follow-up's
    or a topic's), and the answer came without its passage.
    """
    if shown_units(text) <= limit:
        return text
    cut = text.rfind("\n" if by_line else "\n\n", 0, chars_within(text, limit - 2))
    if cut > 0:
        return text[:cut] + "\n…"
    return html.escape(clip(plain_text(text), limit - 2), quote=False)  # Telegram counts the text


# Telegram HTML as tokens: a tag, an entity ("&amp;" shows one character) or one character of text
_HTML_TOKEN = re.compile(r"<[^>]*>|&#?\w+;|[^<&]", re.DOTALL)
_TAG_NAME = re.compile(r"</?\s*([a-zA-Z-]*)")
_TRAILING_SPACE = re.compile(r"(?<!\s)\s++(?=(?:</[^>]*>\s*)*$)")  # at the end of a part, also before its closing tags


def _tag(token: str) -> str:
    return _TAG_NAME.match(token).group(1).lower()  # type: ignore[union-attr]  # every tag token matches


def _opened(stack: list[str], token: str) -> list[str]:
    """The open tags after `token`: an opening tag pushed, a closing one popped with what it closes."""
    if not token.startswith("<") or token.endswith("/>"):
        return stack
    if not token.startswith("</"):
        return [*stack, token]
    names = [_tag(tag) for tag in stack]
    return stack[: len(names) - 1 - names[::-1].index(_tag(token))] if _tag(token) in names else stack


def split_html(markup: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """Telegram HTML as messages of at most `limit` UTF-16 units each, counted both as Telegram counts them
    (`shown_units`) and as the markup sent (`units`), nothing left out: a reply with a passage longer than a
    message goes out as several. Servers that count the markup (lo-bot-api-emulator, tgfake) refused a part
    whose text fit but whose escapes ("&quot;", "&#x27;": six units for one shown) did not, and the user got it
    as plain text. Cut between blocks if one is past half the message, else between lines, after a sentence,
    after a word (mid-word only in a message-long word). Each part closes the tags still open at its end and the
    next opens them again, so that each parses on its own and a quote cut in two shows as a quote in both."""
    if shown_units(markup) <= limit and units(markup) <= limit:
        return [markup]
    tokens = _HTML_TOKEN.findall(markup)
    parts: list[str] = []
    start, reopen = 0, []
    while start < len(tokens):
        end, stack = _cut(tokens, start, reopen, limit)
        while end < len(tokens) and (tokens[end].isspace() or tokens[end].startswith("</")):
            stack = _opened(stack, tokens[end])  # a closing tag right after the cut: no empty one in the next part
            end += 1
        body = _TRAILING_SPACE.sub("", "".join(reopen) + "".join(tokens[start:end]))  # the next part's, uncounted
        if plain_text(body).strip():
            parts.append(body + _closing(stack))
        start, reopen = end, stack
    return parts


def _closing(stack: list[str]) -> str:
    """The closing tags of the open tags `stack`, innermost first."""
    return "".join(f"</{_tag(tag)}>" for tag in reversed(stack))


def _cut(tokens: list[str], start: int, open_tags: list[str], limit: int) -> tuple[int, list[str]]:
    """Where the part starting at `tokens[start]` ends (a token index), and the tags open there: its shown text
    within `limit`, and its markup too, with the tags it reopens and those it closes."""
    stack, used, end = list(open_tags), 0, start
    sent = units("".join(open_tags))  # the markup: the reopened tags and the tokens so far
    best: dict[int, tuple[int, list[str]]] = {}  # kind of cut (3 blocks, 2 lines, 1 sentences, 0 words) -> latest
    while end < len(tokens):
        token = tokens[end]
        sent += units(token)
        if token.startswith("<"):
            stack = _opened(stack, token)
            end += 1
            continue
        used += units(html.unescape(token))
        if used > limit or sent + units(_closing(stack)) > limit:
            break
        end += 1
        if token.isspace():
            before = html.unescape(tokens[end - 2]) if end - 2 >= start else ""
            kind = (3 if before == "\n" else 2) if token == "\n" else 1 if before in (".", "!", "?", "…") else 0
            if kind == 0 or max(used, sent) > limit // 2:
                best[kind] = (end, stack)
    else:
        return end, stack
    for kind in (3, 2, 1, 0):
        if kind in best:
            return best[kind]
    while end > start + 1 and tokens[end - 1].startswith("<") and not tokens[end - 1].startswith("</"):
        end -= 1  # a word cut where a tag opens: the tag goes with the rest of the word
        stack = stack[:-1]
    return max(end, start + 1), stack


# How many passages /sources lists per article. Russian and Ukrainian nouns after a number take one of three
# forms (1 отрывок, 2 отрывка, 5 отрывков); Kazakh, Turkish and Azerbaijani keep the singular after any number.
PASSAGE_NOUNS = {"en": ("passage", "passages", "passages"), "de": ("Textstelle", "Textstellen", "Textstellen"),
                 "ru": ("отрывок", "отрывка", "отрывков"), "uk": ("уривок", "уривки", "уривків"),
                 "kk": ("үзінді",) * 3, "tr": ("bölüm",) * 3, "az": ("hissə",) * 3}


def count_of(number: int, lang: str) -> str:
    """"3 passages", "3 отрывка", "5 уривків", "3 bölüm": the noun in the form its number takes."""
    one, few, many = PASSAGE_NOUNS.get(lang, PASSAGE_NOUNS["en"])
    if lang not in ("ru", "uk"):
        return f"{number} {one if number == 1 else many}"
    if number % 10 == 1 and number % 100 != 11:
        return f"{number} {one}"
    if 2 <= number % 10 <= 4 and not 12 <= number % 100 <= 14:
        return f"{number} {few}"
    return f"{number} {many}"


def passage_counts(snapshot: IndexSnapshot) -> dict[str, int]:
    """Passages a reader can be shown per article (sections; not the finer units they are scored by)."""
    counts: dict[str, int] = {}
    for chunk in snapshot.chunks:
        if chunk.granularity == "section":
            counts[chunk.article_id] = counts.get(chunk.article_id, 0) + 1
    return counts


def told_apart(articles: Sequence[ArticleRecord]) -> list[str]:
    """Each article's citation (title, source, date; HTML), with its file name where another article's citation is the
    same (two local files of one title): /sources and the greeting list them so that each can be told apart."""
    citations = [source_html(a.title, a.source, a.published)[2:] for a in articles]
    cited = Counter(citations)
    return [citation + (f", {html.escape(a.id)}" if cited[citation] > 1 else "")
            for a, citation in zip(articles, citations, strict=True)]


class Presenter:
    """The conversation: turns engine results into Replies, remembers answers for "More"."""

    def __init__(self, engine: Engine, bot_mention: str = "@askbot", memory: int = 2000,
                 dialogue: Dialogue | None = None) -> None:
        self.engine = engine
        self.bot_mention = bot_mention
        self.dialogue = dialogue or Dialogue()
        self._answers: OrderedDict[str, _Remembered] = OrderedDict()
        # (index generation, language) -> `example`; language "" -> `_articles_example` ("" when there is none)
        self._examples: dict[tuple[str, str], str] = {}
        self._memory = memory
        self._lock = threading.Lock()

    # -- answers --------------------------------------------------------------------------------

    def remember(self, answer: Answer, lang: str = "en", header: str = "", question: str = "") -> str:
        """A random key (not reused after a restart, so an old button cannot fetch someone else's answer)."""
        key = secrets.token_hex(6)
        quoted = {p.article_id for p in answer.passages}
        versions = {i: a.content_hash for i, a in self.engine.snapshot.articles.items() if i in quoted}
        with self._lock:
            self._answers[key] = _Remembered(answer, lang, header, versions, question)
            while len(self._answers) > self._memory:
                self._answers.popitem(last=False)
        return key

    def answer(self, question: str, lang: str, *, who: Hashable | None = None,
               replied_to: Hashable | None = None) -> Reply:
        """Blocking (embeds the question): the bot calls it in a worker thread. `who` (a chat and a user) is the
        conversation a follow-up ("And for Japan?") is read in, `replied_to` the answer message it replies to."""
        if blank(question):  # nothing, or only invisible characters
            return Reply(t(lang, "empty"))
        if bare_number(question):
            return Reply(html.escape(t(lang, "no_choice")))
        if not self._has_articles():  # a bot started before its first article: say so, not "hi" or "not found"
            return Reply(t(lang, "nothing_read"))
        answer, asked, followed = self._ask(question, who, replied_to)
        return self._rendered(answer, lang, asked, followed)

    def _has_articles(self) -> bool:
        self.engine.reload_if_changed()  # an article added since start-up counts
        return bool(self.engine.snapshot.articles)

    def answer_unless_chat(self, question: str, lang: str, *, who: Hashable | None = None,
                           replied_to: Hashable | None = None) -> Reply | None:
        """Like `answer`, but None for small talk: in a group, "thanks!" or "👍" in reply to the bot needs
        no greeting in front of everyone."""
        if blank(question):
            return None
        if bare_number(question):  # "2" in reply to an answer: meant as a choice, which needs saying
            return Reply(html.escape(t(lang, "no_choice")))
        if not self._has_articles():
            return Reply(t(lang, "nothing_read"))
        answer, asked, followed = self._ask(question, who, replied_to)
        return None if answer.small_talk else self._rendered(answer, lang, asked, followed)

    def _ask(self, question: str, who: Hashable | None, replied_to: Hashable | None) -> tuple[Answer, str, str]:
        """The answer, the self-contained question it answers, and how `question` was read as a follow-up of that
        one ("" when it was not: else the text that says so): the question the replied-to answer answered (in a
        group maybe someone else's), else `who`'s last one (if recent). A question of its own becomes `who`'s last
        one, answered or refused (a follow-up of a refused question is about what was refused); small talk changes
        nothing."""
        previous = self.dialogue.answered_by(replied_to) if replied_to is not None else None
        said = "read_with_reply" if previous is not None else "read_with"
        if previous is None and who is not None:
            previous = self.dialogue.previous(who)
        search = read_with(question, previous)
        answer = self.engine.ask(search or question)
        asked = previous if search and previous else " ".join(tidy(question).split())
        if who is not None and not answer.small_talk:
            self.dialogue.asked(who, asked)
        return answer, asked, said if search is not None else ""

    def _rendered(self, answer: Answer, lang: str, asked: str, followed: str) -> Reply:
        """The answer, under one line saying what it was read with when it was a follow-up."""
        if answer.small_talk:
            return self.render_answer(answer, lang, shown=1)
        header = f"<i>{html.escape(t(lang, followed, previous=short_label(asked)))}</i>\n\n" if followed else ""
        return self.render_answer(answer, lang, shown=1, header=header, question=asked)

    def render_answer(self, answer: Answer, lang: str, shown: int, *, header: str = "",
                      key: str | None = None, question: str = "") -> Reply:
        """The first `shown` passages under `header`; a More button while passages remain. `question`: what a
        follow-up in reply to it is read with (`Reply.question`)."""
        if not answer.answered:
            # "hi", "thanks", "test": chat, not a question; say what the bot does instead of "not found"
            if answer.small_talk:
                return self.start(lang)
            refusal = self.refusal(lang, answer.suggestions, answer.missing)
            return replace(refusal, html=header + refusal.html, question=question)
        shown = max(1, min(shown, len(answer.passages)))
        text = header + "\n\n".join(passage_html(p) for p in answer.passages[:shown])  # sent in parts if long
        buttons: tuple[Button, ...] = ()
        if shown < len(answer.passages):
            key = key or self.remember(answer, lang, header, question)
            buttons = (Button(t(lang, "more"), f"more:{key}:{shown}"),)
        return Reply(text, buttons, question=question)

    def more(self, data: str, lang: str) -> Reply | None:
        """The next passage for a More button ("more:<key>:<shown>"), in the answer's own language:
        the message again with it appended (`edit=True`), or, when that would be too long, a new
        message with just that passage. None when the answer is forgotten or the data is malformed."""
        parts = data.split(":")
        if len(parts) != 3 or parts[0] != "more" or not re.fullmatch(r"[0-9]{1,4}", parts[2]):
            return None
        key, shown = parts[1], int(parts[2])
        with self._lock:
            memo = self._answers.get(key)
        if memo is None:
            return None
        answer, lang, header, question = memo.answer, memo.lang, memo.header, memo.question
        if shown >= len(answer.passages):
            return Reply(t(lang, "no_more"), notice=True)
        self.engine.reload_if_changed()  # a passage of an article since edited or removed is not quoted again
        now = {i: a.content_hash for i, a in self.engine.snapshot.articles.items()}
        if any(now.get(p.article_id) != memo.versions.get(p.article_id) for p in answer.passages[: shown + 1]):
            return Reply(t(lang, "changed"), notice=True)
        joined = header + "\n\n".join(passage_html(p) for p in answer.passages[: shown + 1])
        if shown_units(joined) <= MESSAGE_LIMIT and units(joined) <= MESSAGE_LIMIT:  # some servers count markup
            return replace(self.render_answer(answer, lang, shown + 1, header=header, key=key, question=question),
                           edit=True)
        rest = shown + 1 < len(answer.passages)
        button = (Button(t(lang, "more"), f"more:{key}:{shown + 1}"),) if rest else ()
        return Reply(passage_html(answer.passages[shown]), button, question=question)

    def refusal(self, lang: str, suggestions: tuple[Suggestion, ...], missing: str = "") -> Reply:
        """Nothing found, or why not (no figure, no date, no such post), then questions the articles do answer."""
        # an everyday subject (the weather, a rate) no passage speaks of: the articles simply do not say
        text = t(lang, f"no_{missing}" if missing and missing != "subject" else "no_answer")
        if suggestions:
            text += "\n" + t(lang, "no_answer_try")
        return Reply(text, tuple(Button(short_label(s.question), self.topic_data(s.key, s.question))
                                 for s in suggestions))

    # -- topics, sources, start ------------------------------------------------------------------

    @staticmethod
    def topic_data(key: str, question: str) -> str:
        """A button for a topic or suggestion: its article and its words, not its place ("<article>#<paragraph>"),
        so that after an edit of the article an old button still finds its question, or is gone ("ask again")
        rather than answering whatever question now sits at that place."""
        article = key.rsplit("#", 1)[0]
        return "topic:" + hashlib.sha1(f"{article}\n{question}".encode()).hexdigest()[:16]

    def topic(self, data: str, lang: str, who: Hashable | None = None) -> Reply | None:
        """The answer to a /topics or suggestion button ("topic:<hash>"); None when it is gone. The question
        pressed becomes `who`'s previous question, as if typed: "а почему?" next goes on from it."""
        self.engine.reload_if_changed()
        for topic in self.engine.topics():
            if self.topic_data(topic.key, topic.question) == data:
                if who is not None:
                    self.dialogue.asked(who, topic.question)
                answer = self.engine.topic_answer(topic)
                header = f"<b>{html.escape(topic.question)}</b>\n\n"
                return self.render_answer(answer, lang, 1, header=header, question=topic.question)
        for suggestion in self.engine.suggestions(50):  # article titles, for articles without questions
            if self.topic_data(suggestion.key, suggestion.question) == data:
                return self.answer(suggestion.question, lang, who=who)
        return None

    def topics(self, lang: str) -> Reply:
        self.engine.reload_if_changed()
        topics = self.engine.offered_topics()
        if not topics:
            return Reply(t(lang, "no_topics" if self.engine.articles() else "no_sources"))
        text = t(lang, "topics")
        if len(topics) > MAX_TOPIC_BUTTONS:  # Telegram refuses a keyboard of hundreds of buttons
            text += "\n" + t(lang, "more_topics", count=str(len(topics) - MAX_TOPIC_BUTTONS))
        shown = topics[:MAX_TOPIC_BUTTONS]
        return Reply(text, tuple(Button(short_label(x.question), self.topic_data(x.key, x.question)) for x in shown))

    def sources(self, lang: str) -> Reply:
        self.engine.reload_if_changed()
        articles = self.engine.articles()
        if not articles:
            return Reply(t(lang, "no_sources"))
        lines = [t(lang, "sources")]
        counts = passage_counts(self.engine.snapshot)
        for number, (article, citation) in enumerate(zip(articles, told_apart(articles), strict=True), start=1):
            lines.append(f"{number}. {citation} ({count_of(counts.get(article.id, 0), lang)})")
        return Reply(fit("\n".join(lines), by_line=True))

    def start(self, lang: str) -> Reply:
        self.engine.reload_if_changed()
        articles = self.engine.articles()
        lines = [t(lang, "greeting")]
        if not articles:
            lines += ["", t(lang, "nothing_read")]
        else:
            lines += ["", t(lang, "knows")]
            lines += [f"• {citation}" for citation in told_apart(articles)[:10]]
            if len(articles) > 10:
                lines.append(f"• … (+{len(articles) - 10}) /sources")
        suggestions = self.engine.suggestions(3)
        if suggestions:
            lines += ["", t(lang, "try")]
        buttons = tuple(Button(short_label(s.question), self.topic_data(s.key, s.question)) for s in suggestions)
        return Reply(fit("\n".join(lines)), buttons)

    def help(self, lang: str) -> Reply:
        """How to ask, with an example question the articles answer (`example`): blocking, it may embed it."""
        return Reply(t(lang, "help", mention=html.escape(self.bot_mention), example=html.escape(self.example(lang))))

    def ask_usage(self, lang: str) -> Reply:
        """/ask without a question: how to write one, with the same example as /help."""
        return Reply(html.escape(t(lang, "ask_usage", example=self.example(lang))))

    def example(self, lang: str) -> str:
        """An example question the indexed articles answer: the interface's own ("why does Aktau matter for Baku?")
        while they do, else the shortest of the questions they cover that the engine answers when typed. Beside
        articles other than the seed interview the Aktau example was refused, the first thing a user tried.
        Worked out once per index generation and language (a question or a few embedded)."""
        self.engine.reload_if_changed()
        own = t(lang, "example")
        key = (self.engine.snapshot.generation, lang)
        if (known := self._examples.get(key)) is not None:
            return known
        chosen = own
        if self.engine.snapshot.articles and not self._answers_typed(own):
            chosen = self._articles_example(self.engine.snapshot.generation) or own
        self._remember_example(key, chosen)
        return chosen

    def _articles_example(self, generation: str) -> str | None:
        """The shortest of the articles' own questions the engine answers when typed: the same in every language,
        so worked out once per generation (the bot's start-up asks for all of them)."""
        key = (generation, "")
        if (known := self._examples.get(key)) is not None:
            return known or None
        offered = [ADDRESS.sub("", " ".join(s.question.split()), count=1) for s in self.engine.suggestions(10)]
        offered = sorted((q for q in offered if len(q) <= EXAMPLE_LIMIT), key=len)
        chosen = next((q for q in offered if self._answers_typed(q)), offered[0] if offered else "")
        self._remember_example(key, chosen)
        return chosen or None

    def _remember_example(self, key: tuple[str, str], example: str) -> None:
        with self._lock:
            if len(self._examples) >= 2 * (len(TEXTS) + 1):  # the examples of older generations go
                self._examples.clear()
            self._examples[key] = example

    def examples(self) -> dict[str, str]:
        """`example` in every interface language (the bot works them out as it starts)."""
        return {lang: self.example(lang) for lang in TEXTS}

    def _answers_typed(self, question: str) -> bool:
        try:
            return self.engine.ask(question).answered
        except AskbotError:
            return False

    def media_hint(self, lang: str) -> Reply:
        """Media without a question: the bot reads text only, with /help's example (`example`; blocking, it may
        embed it). The first interview question it showed was cut at 60 characters and in the article's language."""
        return Reply(html.escape(t(lang, "media", example=self.example(lang))))

    def reindexed(self, report: BuildReport, lang: str) -> Reply:
        """What changed, and each file that was skipped with its reason (the admin has no shell to look)."""
        done = "reindex_done" if report.changed else "reindex_current"  # e.g. a shell rebuild just did it
        lines = [t(lang, done, summary=report.summary())]
        lines += [f"⚠ {item.path}: {item.reason}" for item in report.skipped]
        return Reply(fit(html.escape("\n".join(lines)), by_line=True))
