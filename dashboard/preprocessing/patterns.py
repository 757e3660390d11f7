"""Every regular expression of the preprocessing stages, compiled once, in one place.

Each pattern is tested through the function that uses it, with parametrized text-in /
text-out pairs in the test file of that function's module (`tests/preprocessing/test_clean.py`,
`test_metadata.py`, `test_authors.py`, `test_genre.py`, ...); when a pattern grows, add the
text that made it grow to those tests.
"""

from __future__ import annotations

import re

# --- building blocks -------------------------------------------------------------------

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?\.?,?\s+)"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_ISO_DATE = r"\d{4}-\d{2}-\d{2}"
_ISO_TIME = r"(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s*(?:Z|UTC|GMT|[+-]\d{2}:?\d{2}))?)"
# A full calendar date with its year: month-day-year, day-month-year or ISO.
_FULL_DATE = (
    rf"{_WEEKDAY}?(?:{_MONTH}\s+{_DAY},?\s+\d{{4}}|{_DAY}\s+{_MONTH},?\s+\d{{4}}|{_ISO_DATE}{_ISO_TIME}?)"
)

# --- text normalisation ----------------------------------------------------------------

# Characters that render as nothing or as a plain space.
INVISIBLE_CHARACTERS = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
UNUSUAL_SPACES = re.compile("[\u00a0\u2000-\u200a\u202f\u205f\u3000\t\f\v]")
RUNS_OF_SPACES = re.compile(r" {2,}")
SPACE_AROUND_NEWLINE = re.compile(r" *\n *")
LINE_BREAKS = re.compile(r"\r\n?|\u2028|\u2029|\x85")
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
# Half of a UTF-16 pair on its own: JSON may write one ("\\ud800"); no encoder accepts it.
SURROGATE = re.compile("[\ud800-\udfff]")
# Elements whose content is code, not text: dropped whole, content and all, before tags go.
SCRIPT_ELEMENT = re.compile(r"<(script|style|noscript|template)\b[^>]*>.*?(?:</\1\s*>|$)", re.IGNORECASE | re.DOTALL)
# The same in a whole page, sparing JSON-LD (`<script type="application/ld+json">`), which
# is metadata.
CODE_ELEMENT_IN_PAGE = re.compile(
    r"<(script(?![^>]*application/ld\+json)|style|noscript|template)\b[^>]*>.*?</\1\s*>", re.IGNORECASE | re.DOTALL
)
# Tags left over in text (half-stripped HTML such as seed 000's `</span>`). A tag's name is
# in one case and what follows it is attributes, so a title in angle brackets, as Korean and
# Chinese texts write them ("<The Palace: A Tale>"), is text, not a tag.
MARKUP_TAG = re.compile(
    r"</?(?:[a-z][a-z0-9:-]*|[A-Z][A-Z0-9:-]*)(?:\s+[A-Za-z_:][\w:.-]*(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'<>]+))?)*\s*/?>|<!--.*?-->",
    re.DOTALL,
)
# Tags that end a block of text, so that stripping them leaves a paragraph break.
BLOCK_END_TAG = re.compile(r"</(?:p|div|h[1-6]|li|blockquote|section|article|tr|figcaption)\s*>|<br\s*/?>", re.IGNORECASE)

# Citation tags of AI news aggregators: "[a3a17192]" or "[a3a17192, e6cda50b]".
CITATION_TAG = re.compile(r"\s*\[((?=[0-9a-f]*\d)[0-9a-f]{6,40}(?:\s*[,;]\s*[0-9a-f]{6,40})*)\]")
CITATION_ID = re.compile(r"[0-9a-f]{6,40}")

# Leading list markers and arrows on a line of a page dump ("▼ Title", "- July 29, 2024").
# Hyphens, stars and ">" need a space after them, so "-5 degrees" keeps its sign.
LEADING_MARKER = re.compile(r"^(?:(?:[•▪▸►▶▼▲◆■□●○·]|[-*>|]+(?=\s))\s*)+")

# --- site chrome and boilerplate (whole paragraphs, case-insensitive) -----------------

_SHARE_WORD = (
    r"(?:share(?: this(?: article| story| post)?)?|tweet|email|e-mail|print|copy link|facebook|twitter|x|linkedin"
    r"|whatsapp|telegram|reddit|kakaotalk|line)"
)

BOILERPLATE_PARAGRAPH = re.compile(
    r"^(?:"
    r"loading(?:\.\.\.|…)?|search|menu|home|close|skip to (?:main )?content|toggle navigation"
    rf"|{_SHARE_WORD}(?:\s*[|/,·]?\s*{_SHARE_WORD})*"
    r"|share (?:this|on) .{0,40}|follow us(?: on .{0,40})?"
    r"|comments?\s*\(\d+\)|trackbacks?\s*\(\d+\)|pingbacks?\s*\(\d+\)|\d+\s+comments?|no comments?(?: yet)?"
    r"|leave a (?:comment|reply)|post a comment|view comments|show comments"
    r"|categor(?:y|ies)\s*:.{0,80}|tags?\s*:.{0,200}|filed under\s*:?.{0,80}"
    r"|advertisement|sponsored(?: content)?|read more|continue reading|click here.{0,60}"
    r"|subscribe(?: now| today)?|sign up(?: for .{0,60})?|(?:get|join) (?:our|the) newsletter.{0,60}"
    r"|(?:©|\(c\)|copyright\s*(?:©|\(c\)|\d{4}))\s*.{0,150}|.{0,150}all rights reserved\.?"
    r"|v?\d+(?:\.\d+){1,3}\W{0,6}"
    r"|disclaimer\s*:.*(?:\bai\b|artificial intelligence|generated|synthesi[sz]ed|automated).*"
    r"|(?:this|the) (?:story|article|content|summary) (?:was|is|has been) (?:curated|generated|synthesi[sz]ed|written|produced|created)"
    r" (?:by|with|using)(?: the help of| the assistance of)? (?:an? )?(?:ai|artificial intelligence|automated)\b.*"
    r")$",
    re.IGNORECASE,
)

# A paragraph from which everything to the end is related links, not the article.
RELATED_LINKS_HEADING = re.compile(
    r"^(?:you (?:may|might) also (?:be interested in|like)|related(?: articles| stories| posts| links| coverage| content| news)?"
    r"|more (?:stories|news|on this(?: topic| story)?|from .{1,40})|recommended(?: for you| reading| stories)?"
    r"|read next|also read|most (?:read|popular|viewed)|trending(?: now| stories)?|what to read next|see also)\s*:?$",
    re.IGNORECASE,
)

# --- captions, credits and boilerplate in other languages (HTML extraction) -----------

# A photo credit: "(Jane Doe/Getty Images)" closing a caption, "Photo: Reuters",
# "Foto: EFE", "사진=연합뉴스", "写真：共同".
_CREDIT_WORD = r"(?:photos?|images?|pictures?|illustrations?|credits?|fotos?|fotografía|imagen|bild|фото|사진|写真|图片|圖片)"
PHOTO_CREDIT = re.compile(
    rf"\([^()/]{{2,60}}/[^()/]{{2,60}}\)\s*$|(?:^|[(\[|\s]){_CREDIT_WORD}\s*(?:by\b|courtesy\b|:|：|=|©)",
    re.IGNORECASE,
)
# A link text that is a web address, as cited in an article, not a teaser headline.
BARE_URL = re.compile(r"^(?:https?://|www\.)\S+$", re.IGNORECASE)
# A paragraph that is only a credit, a caption line of its own.
CREDIT_LINE = re.compile(
    rf"^[(\[]?(?:{_CREDIT_WORD}\s*(?:by|courtesy(?: of)?|credit|:|：|=|©)\s*[^.!?]{{1,80}}"
    rf"|(?-i:[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){{0,3}} ?/ ?[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){{0,3}}))[)\]]?$",
    re.IGNORECASE,
)

# A teaser for another article, led by its label: "Read more: ...", "Related: ...",
# "Also on example.com ...", "Lesen Sie auch: ...", "Leia também: ...", "Читайте также: ...".
TEASER_PARAGRAPH = re.compile(
    r"^(?:(?:(?:read|see|watch|listen)(?: more| also| next)?|related(?: articles?| stories| story| news| content)?"
    r"|more on this|recommended|don'?t miss|must read"
    r"|lesen sie (?:auch|mehr)|mehr (?:zum thema|dazu)|siehe auch|auch interessant"
    r"|leia (?:também|mais)|veja (?:também|mais)|saiba mais|lee (?:también|más)|ver (?:también|más)|relacionad[oa]s?|te puede interesar"
    r"|lire aussi|à lire aussi|voir aussi|sur le même sujet|читайте также|смотрите также|по теме|читать далее"
    r"|관련\s?기사|추천\s?기사|関連記事|あわせて読みたい|相关(?:阅读|新闻|文章)|延伸阅读|相關(?:閱讀|新聞))"
    r"\s*[:：|»>\-–—]\s*.{1,200}|also on [\w-]+(?:\.[\w-]+)+\s.{1,200})$",
    re.IGNORECASE,
)
# Headings of a teaser or related-links box, and of the comments, besides the English
# ones of RELATED_LINKS_HEADING.
TEASER_BOX_HEADING = re.compile(
    r"^(?:comments?|more (?:from|in) .{1,40}|tell us what you think.{0,20}"
    r"|das könnte sie auch interessieren|weitere artikel|mehr zum thema|kommentare"
    r"|leia também|veja também|notícias relacionadas|mais lidas|comentários"
    r"|te puede interesar|noticias relacionadas|lo más leído|comentarios"
    r"|à lire aussi|sur le même sujet|les plus lus|commentaires"
    r"|читайте также|другие новости|популярное|комментарии"
    r"|관련\s?기사|많이 본 기사|関連記事|人気記事|コメント|相关(?:阅读|新闻|文章)|热门文章|评论|相關新聞)\s*[:：]?$",
    re.IGNORECASE,
)
# Calls to subscribe, follow, share or send a tip, in the main news languages.
PROMPT_PARAGRAPH = re.compile(
    r"^(?:get (?:the latest|our|the best).{0,80}(?:inbox|newsletter).{0,120}|sign up (?:for|to) .{0,160}"
    r"|(?:got|have) a (?:news )?tip\b.{0,200}|follow (?:us|[\w@.’' -]{1,40}) on (?:facebook|twitter|instagram|x|youtube|linkedin|tiktok).{0,120}"
    r"|like this (?:story|article)\?.{0,80}|share (?:this|it) with a friend.{0,40}|thanks for signing up!?|keep an eye on your inbox.{0,80}"
    r"|abonnieren sie .{0,120}|folgen sie uns .{0,120}|melden sie sich .{0,40}newsletter.{0,80}"
    r"|assine (?:a|o|nossa|nosso) .{0,120}|siga-nos .{0,120}|receba (?:as|nossas) .{0,120}"
    r"|suscríbete .{0,120}|síguenos (?:en )?.{0,120}|recibe (?:las|nuestras) .{0,120}"
    r"|abonnez-vous .{0,120}|suivez-nous .{0,120}|inscrivez-vous .{0,120}"
    r"|подписывайтесь .{0,120}|подпишитесь .{0,120}"
    r"|구독하기.{0,80}|제보하기.{0,80}|기사제보.{0,80}|フォローする.{0,80}|关注我们.{0,80}|订阅.{0,80})$",
    re.IGNORECASE,
)
# A date line in the other main news languages: "18 de novembro de 2019", "18. November
# 2019", "18 ноября 2019", "2019年11月18日", "2019년 11월 18일", with an optional time.
_OTHER_MONTH = (
    r"(?:janeiro|fevereiro|março|abril|maio|junho|julho|agosto|setembro|outubro|novembro|dezembro"
    r"|enero|febrero|marzo|mayo|junio|julio|septiembre|octubre|noviembre|diciembre"
    r"|janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"
    r"|januar|februar|märz|juni|juli|oktober|dezember"
    r"|января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря)"
)
OTHER_LANGUAGE_DATE_LINE = re.compile(
    rf"^(?:[\w\s.,-]{{0,30}}?\s)?(?:\d{{1,2}}\.?\s+(?:de\s+)?{_OTHER_MONTH}\.?\s+(?:de\s+)?\d{{4}}"
    r"|\d{4}\s*[年년]\s*\d{1,2}\s*[月월]\s*\d{1,2}\s*[日일]?)"
    r"(?:[\s,|·-]*(?:à|às|a las|um|в)?\s*\d{1,2}[:h]\d{2}(?::\d{2})?(?:\s*(?:uhr|h))?)?\.?$",
    re.IGNORECASE,
)

# --- metadata lines --------------------------------------------------------------------

# "July 29, 2024", "Published: 29 July 2024", "Updated on Mon, Jul 29, 2024 10:30 KST", "13:48 JST, July 29, 2024",
# "2024-08-18 02:09:53.946000": a paragraph that is nothing but a date.
DATE_PARAGRAPH = re.compile(
    rf"^(?:(?P<label>(?:first |originally )?published|posted|updated|last updated|date|dated)(?:\s+(?:on|at))?\s*:?\s*)?"
    rf"(?:\d{{1,2}}:\d{{2}}(?:\s*[ap]\.?m\.?)?(?:\s*[A-Z]{{2,4}})?,?\s+)?(?P<date>{_FULL_DATE})(?:,?\s+(?:at\s+)?\d{{1,2}}:\d{{2}}(?::\d{{2}})?(?:\s*[ap]\.?m\.?)?(?:\s*[A-Z]{{2,4}})?)?\.?$",
    re.IGNORECASE,
)
# A full date anywhere in a string, for dateline and field parsing.
FULL_DATE = re.compile(_FULL_DATE, re.IGNORECASE)
ISO_DATE_PREFIX = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")

# Wire-style dateline opening the first paragraph: "SEOUL, July 29, 2024 (Yonhap) -- ",
# "TOKYO (Reuters) - ", "Pyongyang, July 30 (KCNA) -- ". Needs a date or an agency, so
# "NATO - the alliance" is not one.
DATELINE = re.compile(
    rf"^(?P<place>[A-Z][A-Za-z.'’-]{{2,}}(?:\s[A-Z][A-Za-z.'’-]+){{0,3}})(?:,\s*[A-Z][a-z]+\.?)?"
    rf"(?:,?\s+(?P<date>{_MONTH}\s+{_DAY}(?:,\s*(?P<year>\d{{4}}))?))?"
    rf"\s*(?:\((?P<agency>[A-Za-z][\w .&'-]{{1,38}})\))?\s*(?:--|[-–—])\s+"
)

# "JapanTimes || Shining BD": original publisher, then the site that reposted it.
OUTLET_AND_REPUBLISHER = re.compile(r"^(?P<outlet>[^|]{2,60}?)\s*\|\|\s*(?P<republisher>[^|]{2,60})$")
# "Published daily by the Lowy Institute", "Originally published in The Diplomat",
# "This article first appeared on Nikkei Asia", "Source: Yonhap".
OUTLET_STATEMENT = re.compile(
    r"^(?:published(?: daily| weekly| monthly)? by|originally published (?:in|on|by)|source\s*:"
    r"|this (?:article|story|piece|commentary) (?:was )?(?:first|originally) (?:appeared|published) (?:in|on|by))"
    r"\s+(?:the\s+)?(?P<outlet>[^.:;]{2,60}?)\.?$",
    re.IGNORECASE,
)
# "She told NK News", "emphasized to NK News": the outlet that people speak to. The outlet
# alternation is filled in from the source registry, so this one is a template.
SPOKE_TO_OUTLET_TEMPLATE = r"\b(?:told|to|in an interview with)\s+(?:the\s+)?(?P<outlet>{outlets})\b"

# A heading-like first paragraph: no sentence-final full stop.
ENDS_LIKE_SENTENCE = re.compile(r"[.!;:,]['\"’”)]*$")

# --- page-dump metadata lines ------------------------------------------------------------

# Lines of blog share widgets and comment forms (WordPress and the like).
WIDGET_PARAGRAPH = re.compile(
    r"^(?:share this:?|like this:?|like loading\.*…?|loading\.*…?|related|post navigation|(?:previous|next) post:?.{0,120}"
    r"|your email address will not be published\..{0,80}|required fields are marked\s*\*?|(?:comment|name|email|website|e-mail)\s*\*?"
    r"|save my name, email,? and website in this browser.{0,60}|post comment|submit comment|notify me of .{0,60}"
    r"|you must be logged in to post a comment\.?|cancel reply|reply|like|\d+\s+likes?|be the first to (?:like|comment).{0,20})$",
    re.IGNORECASE,
)
# Where the comment section of a page begins: everything after it is readers', not the article's.
COMMENTS_HEADING = re.compile(
    r"^(?:leave a (?:reply|comment)|post a comment|\d+\s+(?:comments?|responses?|replies)|comments?(?:\s*\(\d+\))?"
    r"|join the (?:conversation|discussion)|add (?:a|your) comment)\s*:?$",
    re.IGNORECASE,
)
# Between a headline and the site's name in a page title: "Headline | Site", "Headline - Site".
TITLE_SEPARATOR = re.compile(r"\s+[|–—-]\s+|\s*\|\s*|\s+::\s+|\s+»\s+|(?<=\w):\s+")
# A publication date in a URL path: "/2024/07/29/", "/2019/nov/18/", "/2024-07-29/".
URL_DATE = re.compile(
    r"/(?P<year>(?:19|20)\d{2})[/-](?P<month>0?[1-9]|1[0-2]|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[/-](?P<day>0?[1-9]|[12]\d|3[01])(?=[/_.-]|$)",
    re.IGNORECASE,
)
# What is not a site's name though a page declares it so: "Designed by …", "Powered by …".
SITE_CREDIT = re.compile(r"^(?:designed|powered|built|developed|hosted|made)\s+(?:by|with)\b", re.IGNORECASE)
LEADING_SEPARATORS = re.compile(r"^[\s|·•:–—-]+")
# Headings of the link lists that close a page: "Popular articles", "Access ranking",
# "Most read", "Top stories", "Editor's picks" ("Don't miss" boxes stand inside articles).
LINK_LIST_HEADING = re.compile(
    r"^[\"'“”\w &-]{0,30}?\b(?:popular (?:articles?|stories|posts|news|now)|(?:access )?ranking|most (?:read|viewed|popular|shared|watched)"
    r"|top (?:stories|news|articles)|trending(?: now| stories)?|editor'?s'? picks?)\b[\w &-]{0,20}$",
    re.IGNORECASE,
)
# A copyright notice run on at the end of a paragraph: "… said. © Example Group. All rights reserved. |".
TRAILING_COPYRIGHT = re.compile(r"\s*(?:©|\(c\)|copyright)\s*(?:\d{4}\s*)?(?P<holder>[^.©|]{2,60}?)\.?\s*all rights reserved\.?[\s|]*$", re.IGNORECASE)
# "About the author" boxes: the heading, then a name, then a bio that begins with it.
AUTHOR_BOX_HEADING = re.compile(r"^(?:about the authors?|about the writer|the author|author|autor|auteur|об авторе|저자 소개|著者について)\s*:?$", re.IGNORECASE)
# A weekday or a month name alone: "By Sunday, …" begins a sentence, not a byline.
CALENDAR_WORD = re.compile(rf"(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?|{_MONTH}|today|yesterday|tomorrow", re.IGNORECASE)
# Between the fields of a byline line: "Posted by newsdesk | July 29, 2024 | World".
BYLINE_FIELD_SEPARATOR = re.compile(r"\s+[|·•‧∙]\s+|\s*\|\s*|\s+[–—]\s+|\s+-\s+")
# One field that names the author: "By Mina Okafor", "Posted by newsdesk", "Author: …",
# "Por …", "Von …", "Текст: …", "김민수 기자".
BYLINE_AUTHOR = re.compile(
    r"^(?:(?:posted|written|published|reported|story|words|text|analysis|opinion|commentary|interview|column|report)\s+)?"
    r"(?:by|por|von|par)\s*:?\s+(?P<author>.+)$"
    r"|^(?:authors?|reporters?|writers?|byline|autor(?:a)?|auteur|автор|текст)\s*[:：]\s*(?P<labelled>.+)$"
    r"|^(?P<korean>[가-힣]{2,4})\s*(?:기자|특파원|논설위원|선임기자)(?:\s+\S+@\S+)?$",
    re.IGNORECASE,
)
# Fields of a byline line that carry nothing we keep: "3 min read", "12 Comments", "Print".
BYLINE_FILLER_FIELD = re.compile(
    r"^(?:\d+\s*(?:min(?:ute)?s?|mins?)\s*(?:read)?|\d+\s+(?:comments?|views?|shares?)|no comments?|comments?\s*\(\d+\)"
    r"|comments?(?:\s+off)?|print|share|email|leave a (?:comment|reply))$",
    re.IGNORECASE,
)
# A section name in a byline line: "World", "in Opinion", "Filed under: Politics".
BYLINE_SECTION_FIELD = re.compile(r"^(?:(?:in|filed (?:in|under)|category|categories|section)\s*:?\s*)?(?P<section>[A-Z][\w&'’ -]{1,40})$")
# Between the items of a menu or breadcrumb line: "Home | World | Asia", "Home > News > Asia".
NAVIGATION_SEPARATOR = re.compile(r"\s*(?:[|·•»›>]|\s/\s)\s*")
# "© 2024 Asia Mirror News. All rights reserved.", "Copyright (c) 2019-2024 The Policy Review".
COPYRIGHT_LINE = re.compile(
    r"^(?:copyright\s*)?(?:©|\(c\)|copyright)\s*(?:copyright\s*)?(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*)?[,.]?\s*(?:by\s+)?"
    r"(?P<holder>[^.|©]{2,60}?)\s*(?:,?\s*(?:inc|ltd|llc|co|corp)\.?)?\s*(?:\d{4})?\s*[.,]?\s*(?:all rights reserved\b.*)?$",
    re.IGNORECASE,
)

# --- genre ---------------------------------------------------------------------------------

# Words that name a genre, in headline labels ("[Editorial]", "Opinion | ", "【社説】", "[사설]"),
# URL paths (/opinion/), page sections and export fields. Each group's name is the genre.
_GENRE_WORDS = {
    "editorial": r"editorials?|leader|our view|社説|사설|社论|社論|editorial board|editoriale|éditorial|leitartikel|передовица",
    "opinion_column": r"opinions?|columns?|columnists?|op ?eds?|reporter'?s notebook|notebook|기자수첩|記者手帳|commentary|commentaries"
    r"|viewpoints?|perspectives?|voices|comment|essay|칼럼|시론|기고|오피니언|コラム|論説|オピニオン|评论|觀點|观点|opinión|opinião|tribune|meinung|kommentar|мнения?|колонка",
    "analysis": r"analysis|analyses|news analysis|explainer|in depth|deep dive|분석|해설|解説|分析|análisis|análise|analyse|аналитика",
    "interview": r"interviews?|q\s*&\s*a|q and a|인터뷰|インタビュー|专访|訪談|entrevista|entretien|интервью",
    "statement": r"statements?|press releases?|press statements?|joint statements?|news releases?|readouts?|communiqu[eé]s?|보도자료|성명|声明|談話"
    r"|comunicado|déclaration|erklärung|заявлени[ея]|пресс-релиз",
    "news": r"news|breaking|world|politics|national|international|nation|local|뉴스|ニュース|新闻|noticias|notícias|actualités|nachrichten|новости",
}
GENRE_LABEL = re.compile(
    r"^\s*(?:[\[【\(「〈<]\s*(?P<bracket>[^\]】\)」〉>]{1,30}?)\s*[\]】\)」〉>]|(?P<prefix>[^:|\[]{2,25}?)\s*(?::|\s\|\s|\s[-–—]\s))"
)
GENRE_WORDS = {genre: re.compile(rf"^(?:{words})$", re.IGNORECASE) for genre, words in _GENRE_WORDS.items()}
# A word of a URL path.
URL_PATH_WORD = re.compile(r"[^/]+")

# --- authors -----------------------------------------------------------------------------

# Between the names of a byline: "A; B", "A, Staff Reporter", "A and B", "A und B".
AUTHOR_SEPARATOR = re.compile(r"\s*(?:[;|&/、，]|,|\s(?:and|und|et|и|with)\s)\s*", re.IGNORECASE)
# "By", "Posted by", "Analysis by", "Author:", "Por", "Von", "Par", "Текст", "Автор" before a name.
AUTHOR_LABEL = re.compile(
    r"^(?:(?:posted|written|published|reported|edited|compiled|story|text|words|photos?|analysis|opinion|commentary"
    r"|interview|column|review|report|reporting)\s+)?(?:by|von|por|par|door|av|di)\b\s*:?\s*"
    r"|^(?:authors?|reporters?|writers?|byline|autor(?:a|es)?|auteurs?|текст|автор|фото|редактор)\b\s*[:：]?\s*",
    re.IGNORECASE,
)
# Job titles written after a name in Korean, Japanese and Chinese bylines ("김민수 기자").
AUTHOR_SCRIPT_SUFFIX = re.compile(r"\s*(?:객원기자|기자|특파원|논설위원|선임기자|記者|特派員|編集委員|論説委員|记者|特约记者|通讯员)\s*$")
# Dates, times and "Updated" left on a byline by an extractor ("Carla Ruiz November", "… Monday").
AUTHOR_TRAILING_DATE = re.compile(
    rf"(?:\s+(?:on\s+|at\s+)?(?:(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?|{_MONTH}|updated|published|posted|\d[\d:,./-]*|[ap]\.?m\.?|(?-i:[A-Z]{{2,4}}T)|GMT|UTC)[,.]?)+\s*$",
    re.IGNORECASE,
)
EMAIL_ADDRESS = re.compile(r"\S+@\S+\.\w+")
NAME_PARTICLE = re.compile(r"de|da|del|della|di|do|dos|das|du|la|le|van|von|der|den|ter|bin|binti|bint|al|el|ibn|y|e|zu", re.IGNORECASE)
# A byline part that begins so is an organisation or a phrase, not a person.
NOT_A_NAME_START = re.compile(r"the|a|an|our|your|this|der|die|das|les|los|las", re.IGNORECASE)
# Words for a newsroom rather than a person: "X Staff", "Editorial Board", "Web Desk".
COLLECTIVE_ROLE_WORD = re.compile(
    r"staff|team|desk|newsdesk|newsroom|bureau|board|services|reports|agencies|admin|administrator|webmaster|editors|editorial"
    r"|redaktion|redacci[oó]n|reda[cç][aã]o|r[ée]daction|редакция|correspondents",
    re.IGNORECASE,
)
# A person's job, written after the name ("Jon Park, Staff Reporter", "… News reporter").
PERSON_ROLE_WORD = re.compile(
    r"reporter|writer|correspondent|columnist|contributor|editor|editor-at-large|journalist|analyst|fellow|director"
    r"|producer|photographer|intern|researcher|professor|chief|senior|associate|contributing|national|political|staffer",
    re.IGNORECASE,
)
# Organisations and news agencies that stand in bylines instead of, or after, a person.
ORGANISATION_WORD = re.compile(
    r"news|press|media|times|post|herald|daily|network|group|inc|ltd|magazine|journal|agency|wire|tv|radio|online|com"
    r"|international|broadcasting|associated|ap|afp|reuters|yonhap|kyodo|xinhua|pti|ians|ani|upi|dpa|efe|ansa|tass"
    r"|kcna|sputnik|bloomberg|bernama|antara|jiji|kuna|wam|cnn|bbc|nhk|kbs|mbc|sbs|ria|novosti|cctv|cgtn",
    re.IGNORECASE,
)
# The verb a bio begins with: "Jon Park is a reporter covering defence".
BIO_VERB = re.compile(r"is|was|has|covers|writes|reports|joined|lives|teaches|serves|holds|leads|works|edits", re.IGNORECASE)
LETTER = re.compile(r"[^\W\d_]")

# --- words, quotes, shingles -----------------------------------------------------------

WORD = re.compile(r"\w+(?:[-'’.]\w+)*")
# A word that is only a number ("2024", "3.5", "1,000" splits into two).
NUMBER_WORD = re.compile(r"[\d.,_-]+")
# A word of 25 or more Latin letters and digits, digits among them: base64, a hash, a key.
CODE_WORD = re.compile(r"(?=[^\d]*\d)[a-z0-9]{25,}", re.IGNORECASE)
QUOTED_PASSAGE = re.compile(r"[“\"]([^”\"]{1,2000})[”\"]")
# Anything but letters and digits of any script (Hangul and kana count as letters).
NON_ALPHANUMERIC = re.compile(r"[\W_]+")

# --- quotes and speakers ---------------------------------------------------------------

_SPEECH_VERB = (
    r"(?:said|says|say|told|tells|stated|states|added|adds|noted|notes|argued|argues|arguing|warned|warns"
    r"|explained|explains|emphasized|emphasised|stressed|wrote|writes|asked|insisted|predicted|declared|claimed"
    r"|replied|continued|concluded|remarked|acknowledged|conceded|saying|according to)"
)
SPEECH_VERB = re.compile(rf"\b{_SPEECH_VERB}\b")
# Right after a closing quote: "..., the spokesperson said" or "..., said Maslow, ...".
# A speaker may hold full stops ("the U.S. Department of Defense stated").
SPEAKER_THEN_VERB_AFTER_QUOTE = re.compile(rf"^\s*,?\s*(?P<speaker>[^,;:“”\"]{{1,90}}?)\s+{_SPEECH_VERB}\b")
VERB_THEN_SPEAKER_AFTER_QUOTE = re.compile(rf"^\s*,?\s*{_SPEECH_VERB}\s+(?P<speaker>[^,;:“”\"]{{1,90}}?)\s*(?:[,;:]|\.$|$)")
# Where a speaker's clause begins: after a comma, semicolon or dash, or at the sentence start.
CLAUSE_BREAK = re.compile(r"[,;:–—]\s+|\s[-–—]+\s")
SPEAKER_PRONOUN = re.compile(r"^(?:he|she|they|him|her|them)$", re.IGNORECASE)
# Nouns that end the phrase naming a speaker ("the former alliance manager took a view").
SPEAKER_ROLE_NOUN = re.compile(
    r"\b(?:spokes(?:person|man|woman)|officials?|ministers?|ministry|experts?|analysts?|professor|fellow|researchers?"
    r"|manager|diplomats?|sources?|lawmakers?|president|secretary|chief|commander|general|statement|report|agency"
    r"|department|government|leaders?|ambassador|envoy|observers?|scholars?|critics?|residents?)\b"
)
SPEAKER_PREPOSITION = re.compile(r"^(?:for|of|at|in|with|from|to|on|and)\b")
LEADING_CONJUNCTION = re.compile(r"^(?:and|but|while|as|when|then|so)\s+", re.IGNORECASE)

# --- names the dictionary does not know ------------------------------------------------

# Runs of capitalised words ("Ilmin International Relations Institute", "Muhammad
# Farhad", "THAAD"), allowing lower-case joiners inside ("Institute for Defense Analyses"),
# but not "and", which joins two names more often than it sits inside one.
CAPITALISED_RUN = re.compile(r"\b[A-Z][\w’'.-]*(?:\s+(?:(?:of|for|the|de|van|von|al|bin)\s+)?[A-Z][\w’'.-]*)*")
SAID_BEFORE = re.compile(r"\bsaid\s+$")

# Words that tell what an unknown name is.
ORGANIZATION_WORDS = re.compile(
    r"\b(?:Institute|University|College|Ministry|Department|Agency|Council|Forces?|Command|Party|Group|Association"
    r"|Center|Centre|Foundation|Bank|Company|Corporation|Corp|Inc|News|Times|Post|Herald|Images|Navy|Army|Office"
    r"|Committee|Commission|Organization|Organisation|Assembly|Parliament|Senate|Congress|Service|Bureau|Union)\b"
)
EVENT_WORDS = re.compile(r"\b(?:Summit|Dialogue|Convention|Conference|Forum|Games|Olympics|Election|War|Talks|Meeting|Exercise|Drills?)\b")
PLACE_WORDS = re.compile(r"\b(?:Sea|Strait|Peninsula|Island|Islands|Mountains?|River|Bay|Gulf|Province|Prefecture|City|Street|Square|Zone)\b")

# --- sentiment ---------------------------------------------------------------------------

# Words and single punctuation marks, for the features of the target sentiment model.
TARGET_TOKEN = re.compile(r"\w+(?:['’]\w+)?|[^\w\s]")
# Hedged criticism, which a model trained on explicit sentiment reads as neutral:
# "could jeopardize", "may strain", "critics argue", "does not generate optimism".
_HEDGED_CRITICISM = (
    r"\b(?:could|may|might|would|will|can|risks? to)\s+(?:still\s+|further\s+|seriously\s+)?"
    r"(?:jeopardi[sz]e|strain|undermine|hurt|damage|weaken|derail|complicate|backfire|antagoni[sz]e|destabili[sz]e"
    r"|threaten|deepen the|erode|scuttle|unravel|collapse|fail|provoke|inflame|escalate)\b"
    r"|\bcritics\s+(?:argue|say|warn|contend|fear|claim)\b"
    r"|\b(?:does|do|did)\s+not\s+(?:generate|inspire|give|offer)\s+(?:much\s+)?(?:optimism|confidence|hope)\b"
    r"|\bsusceptible to\b|\bvulnerabilit(?:y|ies)\b|\braises?\s+(?:concerns|doubts|questions)\b|\bhas drawn criticism\b"
)
HEDGED_CRITICISM = re.compile(_HEDGED_CRITICISM, re.IGNORECASE)
# Its letters are all lower-case: on lower-cased ASCII text it finds what HEDGED_CRITICISM
# finds on the text, without IGNORECASE's cost (about half). Not for other text: re folds
# some letters (Greek iota) to characters that are not letters.
LOWER_ASCII_HEDGED_CRITICISM = re.compile(_HEDGED_CRITICISM)

# --- topic -------------------------------------------------------------------------------

# A sentence that opens by pointing back ("It also ...", "This is ...", "Such a step ...")
# is about what the sentence before it was about.
BACK_REFERENCE = re.compile(r"^[\W_]*(?:it|its|this|that|these|such|the move|the step|the decision)\b", re.IGNORECASE)
# Words that may stand between a determiner and a topic's generic noun ("this new pact",
# "the so-called trilateral framework").
TOPIC_REFERENCE_MODIFIERS = (
    r"(?:new|trilateral|three-way|tripartite|landmark|historic|so-called|latest|security|military|defen[cs]e|planned|proposed)"
)
# Determiners a generic reference ("the pact") may also take.
TOPIC_REFERENCE_DETERMINERS = r"(?:the|this|that|a|an|its|their|such a)"
# A term of two capitals or more and no lower-case letter is an acronym: matched with its
# case, so that "US" is not "us".
# A frame id in data/frames.csv: a short slug, for tables and URLs.
FRAME_ID = re.compile(r"^[a-z][a-z0-9_]*$")
ACRONYM_TERM = re.compile(r"^(?=(?:.*[A-Z]){2})[^a-z]+$")
# Reporting and attribution: the words, or the acts reported, are someone else's, not the
# outlet's ("the ministers reaffirmed their commitment", "KCNA denounced the pact").
_ATTRIBUTION = (
    rf"\b{_SPEECH_VERB}\b|\b(?:called|denounced|condemned|slammed|blasted|praised|hailed|welcomed|described|branded|labell?ed"
    r"|accused|criticized|criticised|urged|vowed|pledged|reaffirmed|affirmed|agreed|expressed|announced|confirmed|underlined"
    r"|underscored|highlighted|recognized|recognised|committed|stressed|emphasi[sz]ed|promised|decried|lambasted|warned|threatened"
    r"|insisted|maintained|defended|rejected|opposed|protested|demanded|reported|quoted|cited)\b"
)
ATTRIBUTION = re.compile(_ATTRIBUTION, re.IGNORECASE)
# As LOWER_ASCII_HEDGED_CRITICISM: for lower-cased ASCII text, a third of the cost.
LOWER_ASCII_ATTRIBUTION = re.compile(_ATTRIBUTION)
# A run of letters and digits: the literal part of a topic term that every match of it holds.
WORD_RUN = re.compile(r"\w+")
# A word or three in quotation marks inside a sentence: scare quotes ('the "defensive" drills').
SCARE_QUOTE = re.compile(r"[“\"‘]\s*(?:[\w-]+\s+){0,2}[\w-]+\s*[”\"’](?!\w)")

# --- research-database exports (ingest/nexis.py, ingest/factiva.py) ------------------------

_CLOCK = r"\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?(?:\s*(?:[A-Z]{2,5}|[+-]\d{2}:?\d{2}))?"
# The date line of a Nexis or Factiva document: "July 29, 2024 Monday", "July 29, 2024 Monday 10:30 PM EST",
# "Updated December 19, 2023 Tuesday 3:05 AM GMT"; `date` is the calendar date.
EXPORT_DATE_LINE = re.compile(
    rf"^(?:(?:Updated|Published|Posted)\s*:?\s+)?(?P<date>{_MONTH}\s+{_DAY},?\s+\d{{4}}|{_DAY}\s+{_MONTH},?\s+\d{{4}})"
    rf",?(?:\s+(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day)?,?(?:\s+{_CLOCK})?\s*$",
    re.IGNORECASE,
)
NEXIS_END_OF_DOCUMENT = re.compile(r"^[ \t]*End of Document[ \t]*$", re.IGNORECASE | re.MULTILINE)
NEXIS_BODY_LABEL = re.compile(r"^Body$", re.IGNORECASE)
# A field line of a document's head: "Section: WORLD; Pg. 3", "Length: 812 words".
NEXIS_HEAD_FIELD = re.compile(
    r"^(?P<label>Section|Length|Byline|Dateline|Highlight|Load-Date|Edition|Type|Series|Version|Correction|Correction-Date"
    r"|Author|Column|Source|Byline-Author|Descriptor):\s*(?P<value>.*)$",
    re.IGNORECASE,
)
# Where a document's body ends: its index blocks and the fields after it.
NEXIS_BODY_END = re.compile(
    r"^(?:Classification|Graphic|Notes|Correction|Related Articles|Load-Date:.*|(?:Subject|Geographic|Language|Publication-Type"
    r"|Industry|Organization|Person|Company|Ticker|Country|City|State|Document-Type|Journal Code|Terms|Geographic-Terms"
    r"|Publication-Date|Section|URL|Series|Topic):.*)$",
    re.IGNORECASE,
)
# Lines of the results list or job details Nexis puts before the first document.
NEXIS_COVER_LINE = re.compile(
    r"^(?:User Name:|Date and Time:|Job Number:|Documents \(\d+\)|Client/Matter:|Search Terms:|Search Type:|Narrowed by:"
    r"|Content Type|Sources?:|\d{1,3}\.\s)",
    re.IGNORECASE,
)
EXPORT_COPYRIGHT_LINE = re.compile(r"^(?:Copyright\b|©|\(c\)\s*\d{4})", re.IGNORECASE)
# "Length: 1,234 words" and Factiva's "1,234 words": `words` is the number.
WORD_COUNT_LINE = re.compile(r"^(?P<words>\d{1,3}(?:,\d{3})*|\d+)\s+words?$", re.IGNORECASE)
# The page reference a Nexis section carries: "WORLD; Pg. 3", "NEWS; A1".
NEXIS_SECTION_PAGE = re.compile(r"\s*[;,]\s*(?:Pg\.?|Page|p\.)\s*\S+.*$|\s*;\s*[A-Z]?\d+[A-Z]?$", re.IGNORECASE)

# Factiva's accession number, closing each document: "Document JATIME0020240729ek7t0005d".
FACTIVA_ACCESSION_LINE = re.compile(r"^Document\s+(?P<id>[A-Za-z0-9]{16,40})\s*$")
FACTIVA_ACCESSION_LINES = re.compile(r"^Document\s+[A-Za-z0-9]{16,40}[ \t]*$", re.MULTILINE)
# A field of the field-code layout: a code, then its value on the line or on the lines below.
FACTIVA_FIELD = re.compile(
    r"^(?P<code>HD|SE|CLM|BY|CR|WC|PD|ET|SN|SC|ED|PG|VOL|LA|CY|LP|TD|CT|RF|CO|IN|NS|RE|IPC|IPD|PUB|AN|ART|NGC)(?:[ \t|]+(?P<value>.*))?$"
)
FACTIVA_FIELD_LINES = re.compile(r"^(?:HD|PD|SN|TD|LP|AN|WC)(?:[ \t|]|$)", re.MULTILINE)
FACTIVA_CLOCK_LINE = re.compile(rf"^{_CLOCK}$", re.IGNORECASE)
# A Factiva source code line ("JATIME", "WSJO"): capitals and digits, no space.
FACTIVA_SOURCE_CODE = re.compile(r"^[A-Z][A-Z0-9]{1,9}$")
FACTIVA_LANGUAGE = re.compile(
    r"^(?:English|Japanese|Korean|Chinese|Chinese-Traditional|Chinese-Simplified|French|German|Spanish|Portuguese|Russian"
    r"|Italian|Dutch|Arabic|Indonesian|Vietnamese|Thai)$",
    re.IGNORECASE,
)
EXPORT_BYLINE_LABEL = re.compile(r"^By\s+\S", re.IGNORECASE)
