"""One typed schema for what writers write: site.yaml, a document's front matter (with its
sidecar NAME.meta.yaml over it) and a registry file's front matter (content/people/,
companies/, topics/).

pydantic checks the types, strictly: a boolean is YAML's true or false, never the text
'false'; a number is a number. Every problem is said in our words, which each field carries
(Says), and the caller adds the file and the line of the key: the library's wording never
reaches the writer. A wrong value costs only itself: its key is left out, with an error, and
the rest is used. The models are built once, at import; a document is one validation."""

from __future__ import annotations

import re
import reprlib
from dataclasses import dataclass, field
from typing import Annotated, Any, Generic, Literal, TypeVar, get_args
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, PlainValidator, ValidationError

from site_builder.dates import parse_when
from site_builder.diagnostics import Severity
from site_builder.model import When


@dataclass(frozen=True)
class Says:
    """How a wrong value of a field is reported. message may name {key} (dotted for a nested
    key: paths.output), {kind} (what the value reads as: 'a list') and {value} (the value,
    cut short). absent: the message for a required key that is missing or blank."""

    message: str
    severity: Severity = "error"
    absent: str | None = None


def kind(value: object) -> str:
    """How a YAML value reads to a writer: 'a list', 'text', 'a number'."""
    if isinstance(value, str):
        return "text"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"a {type(value).__name__}"


def show(value: object) -> str:
    """A value for a message, cut short: a front matter value may be megabytes long."""
    return reprlib.repr(value)


# --- the types writers' values are read as ---------------------------------------------------

def _text(value: str | int | float) -> str:
    return str(value).strip()


# Text, or a number as YAML read it (slug: 2025, title: 1984), stripped. Not true/false: a
# title of `no` is YAML's false, which is not what the writer meant either.
Text = Annotated[str | int | float, AfterValidator(_text)]


def _names(value: str | list[str | int | float | None]) -> list[str]:
    items = [value] if isinstance(value, str) else value
    return [name for item in items if item is not None and (name := str(item).strip())]


# A list of names, or one name alone (tags: AI); blank names are none, and so are empty
# items (`tags: [a, b, ]`, a `-` alone: YAML's null), which Jekyll and Hugo skip too
Names = Annotated[str | list[str | int | float | None], AfterValidator(_names)]

# Jekyll and Hexo read `tags: AI, 大模型` and `categories: jekyll update` as several
_TERM_SEPARATORS = re.compile(r"[,，、;；]")


def _terms(value: str | list[str | int | float | None | list[str | int | float | None]]) -> list[str]:
    if isinstance(value, str):
        items: list[str | int | float | None] = (_TERM_SEPARATORS.split(value) if _TERM_SEPARATORS.search(value)
                                          else value.split())
    else:  # Hexo's [[parent, child], other]: a category and its sub-category, both kept
        items = [leaf for item in value for leaf in (item if isinstance(item, list) else [item])]
    return [name for item in items if item is not None and (name := str(item).strip())]


# Names, or one string of them split on commas (also 、，；) or else on spaces
Terms = Annotated[str | list[str | int | float | None | list[str | int | float | None]], AfterValidator(_terms)]


def _maybe_when(value: object) -> When | None:
    if isinstance(value, str) and not value.strip():
        return None  # `lastmod: ""`, as Hugo's archetypes leave it
    return _when(value)


def _when(value: object) -> When:
    when = parse_when(value)
    if when is None:
        raise ValueError("not a date")  # worded by the field's Says
    return when


# 2025-06-25, 2025-06-25T09:10:04+08:00, 2025-06, 2026, 2025年6月25日 (see dates.parse_when)
Date = Annotated[When, PlainValidator(_when)]
OptionalDate = Annotated[When | None, PlainValidator(_maybe_when)]


def _http(value: str) -> str:
    if not re.match(r"https?://[^\s]+$", value.strip(), re.IGNORECASE):
        raise ValueError("not an http(s) URL")
    return value.strip()


# An http(s) URL: `website: javascript:…` must never become a link
HttpUrl = Annotated[str, AfterValidator(_http)]

# A DNS name for GitHub Pages' CNAME file: two or more labels of letters, digits and inner
# hyphens (an international domain is written in its xn-- form)
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_HOSTNAME = re.compile(rf"(?=.{{1,253}}$){_LABEL}(?:\.{_LABEL})+")


def _hostname(value: str) -> str:
    if not _HOSTNAME.fullmatch(value.strip()):
        raise ValueError("not a domain name")
    return value.strip().lower()


Hostname = Annotated[str, AfterValidator(_hostname)]


# A path of unreserved characters, %-escapes and sub-delimiters: no backslash (browsers read
# /\\evil.example/ as another host), no space, quote or angle bracket (every page writes it
# into attributes), no query or fragment (the pages' paths are appended to it)
_URL_PATH = re.compile(r"(/[A-Za-z0-9._~!$&'()*+,;=:@%-]*)*")
_PORT = re.compile(r":[0-9]{1,5}")


def base_url(value: str) -> str:
    """An absolute http(s) URL: the site's address, whose path prefixes every link. Also
    for --base-url. "/" alone is the default: a site not yet published."""
    if value.strip() == "/":
        return "/"
    parts = urlsplit(value.strip())
    host = parts.netloc
    if ":" in host and not host.startswith("["):
        host, port = host.rsplit(":", 1)
        if not _PORT.fullmatch(":" + port):
            raise ValueError("bad port")
    if parts.scheme.lower() not in ("http", "https") or not (_HOSTNAME.fullmatch(host) or host in (
            "localhost", "[::1]") or re.fullmatch(r"[0-9]{1,3}(\.[0-9]{1,3}){3}", host)) \
            or parts.query or parts.fragment or "#" in value or "?" in value \
            or not _URL_PATH.fullmatch(parts.path):
        raise ValueError("not an absolute http(s) URL")
    return value.strip()


BaseUrl = Annotated[str, AfterValidator(base_url)]


def _named(value: str) -> str:
    if not value:
        raise ValueError("blank")
    return value


def _html_mode(value: str | bool) -> str:
    if isinstance(value, bool):
        return "trust" if value else "escape"
    return value


# a BCP 47 language tag: en, zh-CN, zh-Hant-TW (what <html lang> and hreflang take)
_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*")


def _language(value: str) -> str:
    if not _LANGUAGE_TAG.fullmatch(value.strip()):
        raise ValueError("not a language tag")
    return value.strip()


TEXT = Says("{key} must be text, not {kind}")
BOOLEAN = Says("{key} must be true or false, not {value}")
NAMES = Says("{key} must be a list of names, not {value}")
LASTMOD = Says("cannot read the date {value} (use 2025-06-25 or 2025-06-25T09:10:04+08:00); left out", "warning")


class _Schema(BaseModel):
    # strict: no 'false' for false, no '20' for 20; extra: kept, for templates (`extra`)
    model_config = ConfigDict(strict=True, extra="allow")


# --- a document ------------------------------------------------------------------------------

class FrontMatter(_Schema):
    """A document's front matter, its sidecar's keys over it. Other keys are its `extra`."""

    title: Annotated[Text, TEXT] = ""
    date: Annotated[Date | None, Says("cannot read the date {value} (use 2025-06-25 or 2025-06-25T09:10:04+08:00)")] \
        = None
    draft: Annotated[bool, BOOLEAN] = False
    summary: Annotated[Text, TEXT] = ""
    tags: Annotated[Terms, NAMES] = Field(default_factory=list)
    main_topics: Annotated[Terms, NAMES] = Field(default_factory=list)
    topics: Annotated[Terms, NAMES] = Field(default_factory=list)
    aliases: Annotated[Names, NAMES] = Field(default_factory=list)  # old URLs or paths
    redirect_from: Annotated[Names, NAMES] = Field(default_factory=list)  # jekyll-redirect-from's aliases
    # an author only feeds the Atom feed: a shape we cannot read is not worth failing the build
    author: Annotated[Names, Says(NAMES.message, "warning")] = Field(default_factory=list)
    authors: Annotated[Names, Says(NAMES.message, "warning")] = Field(default_factory=list)
    featured_image: Annotated[str | None, Says("{key} must be a path or URL, not {kind}")] = None
    source: Annotated[Text | None, TEXT] = None
    # what kind of text it is: `news` makes it a schema.org NewsArticle (structured.py), else an Article
    type: Annotated[Text | None, TEXT] = None
    slug: Annotated[Text | None, Says("{key} must be text, not {kind}; the file name is used")] = None
    # --- what other generators' documents say in their own words (Hugo, Jekyll, Hexo)
    description: Annotated[Text, TEXT] = ""  # the summary, when there is no summary:
    excerpt: Annotated[Text, TEXT] = ""
    # filed as topics or tags: site.yaml's `categories`
    categories: Annotated[Terms, NAMES] = Field(default_factory=list)
    category: Annotated[Terms, NAMES] = Field(default_factory=list)
    published: Annotated[bool, BOOLEAN] = True  # Jekyll's: false is a draft
    # when it was last changed (Hugo, Hexo, jekyll-last-modified-at): the sitemap's lastmod,
    # the feed's <updated>; a date that cannot be read is left out with a warning
    lastmod: Annotated[OptionalDate, LASTMOD] = None
    updated: Annotated[OptionalDate, LASTMOD] = None
    lastupdate: Annotated[OptionalDate, LASTMOD] = None
    last_modified_at: Annotated[OptionalDate, LASTMOD] = None
    # the address the old generator published it at: redirected to its page here
    url: Annotated[Text | None, TEXT] = None
    permalink: Annotated[Text | None, TEXT] = None
    # --- its language, and the versions of it in other languages
    lang: Annotated[Annotated[str, AfterValidator(_language)] | None,
                    Says("{key} must be a language tag such as en or zh-CN, not {value}; the site's language is "
                         "used", "warning")] = None
    # the versions of one document share a key (Hugo's translationKey)
    translation_key: Annotated[Text | None, TEXT] = None
    translationKey: Annotated[Text | None, TEXT] = None  # noqa: N815 (Hugo's spelling of the key)
    # or name each other: the content paths (or slugs) of its versions in other languages
    translations: Annotated[Names, NAMES] = Field(default_factory=list)


# --- a registry file -------------------------------------------------------------------------

class RoleSchema(BaseModel):
    model_config = ConfigDict(strict=True)

    title: Text | None = None
    org: Text  # a company's file name (its slug)


class EntitySchema(_Schema):
    """A person's, company's or topic's front matter; the body is its description page."""

    name: Annotated[Text, AfterValidator(_named), Says("{key} must be text, not {kind}; the entity is left out",
                                                       absent="an entity needs a name")]
    aliases: Annotated[Names, NAMES] = Field(default_factory=list)
    # common words that are also names: linked only beside an unambiguous mention
    ambiguous_aliases: Annotated[Names, NAMES] = Field(default_factory=list)
    description: Annotated[Text, TEXT] = ""
    roles: Annotated[list[RoleSchema], Says("{key} must be a list of {{title, org}}, org the file name of a "
                                            "company, not {value}")] = Field(default_factory=list)
    website: Annotated[HttpUrl | None, Says("{key} must be an http:// or https:// URL, not {value}; left out",
                                            "warning")] = None
    parent: Annotated[Text | None, Says("{key} must be the file name of a topic, not {kind}")] = None


# --- site.yaml -------------------------------------------------------------------------------

FOLDER = Says("{key} must be a folder name, not {kind}")


class PathsSchema(_Schema):
    """Folders, relative to site.yaml."""

    content: Annotated[Text, FOLDER] = "content"
    templates: Annotated[Text, FOLDER] = "templates"
    static: Annotated[Text, FOLDER] = "static"
    output: Annotated[Text, FOLDER] = "public"


def _folders(value: str | list[str | int | float]) -> list[str]:
    folders = _names(value)
    for folder in folders:
        if not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", folder):
            raise ValueError(folder)
    return list(dict.fromkeys(folders))


class EntitiesSchema(_Schema):
    """site.yaml's `entities`: the registry's folders (one kind each), discovery, names to hide."""

    kinds: Annotated[Annotated[str | list[str | int | float], AfterValidator(_folders)],
                     Says("{key} must be a list of folder names (lower-case letters, digits, - and _), "
                          "such as [people, companies, products, topics], not {value}")] = \
        Field(default_factory=lambda: ["people", "companies", "products", "topics"])
    # a page for every name found in at least this many documents (0: none)
    discover: Annotated[int, Field(ge=0), Says("{key} must be a whole number, 0 or more, not {value}")] = 0
    ignore: Annotated[Names, NAMES] = Field(default_factory=list)


class SiteSchema(_Schema):
    """site.yaml. Other keys are the site's `extra`, for templates."""

    title: Annotated[Text, TEXT] = "Knowledge base"
    description: Annotated[Text, TEXT] = ""
    language: Annotated[Text, TEXT] = "en"
    # "/" when not given: a site not yet published, whose links are relative to the host
    base_url: Annotated[BaseUrl, Says("{key} must be the absolute http:// or https:// URL the site is published "
                                      "at, such as https://USER.github.io/REPO/, not {value}")] = "/"
    paths: Annotated[PathsSchema, Says("{key} must be a mapping of folders (content, templates, static, "
                                       "output), not {kind}")] = Field(default_factory=PathsSchema)
    page_size: Annotated[int, Field(gt=0), Says("{key} must be a whole number above 0, not {value}")] = 20
    # the writer's raw HTML: kept to an allowlist, shown as text, or published as written;
    # true and false, its values before there were three, are trust and escape
    allow_html: Annotated[Literal["sanitize", "escape", "trust"] | bool, AfterValidator(_html_mode),
                          Says("{key} must be sanitize, escape or trust (true is trust, false escape), not {value}")] \
        = "sanitize"
    # link the first mention of each entity, every one, or none
    entity_links: Annotated[Literal["first", "every", "none"],
                            Says("{key} must be first, every or none, not {value}")] = "first"
    # custom domain for GitHub Pages: written to CNAME
    cname: Annotated[Hostname | None, Says("{key} must be a domain name such as kb.example.org, not {value}")] \
        = None
    search: Annotated[bool, BOOLEAN] = True  # build the Pagefind index
    # what documents' `categories` (Hugo, Jekyll, Hexo) are filed as
    categories: Annotated[Literal["topics", "tags"], Says("{key} must be topics or tags, not {value}")] = "topics"
    # a document's `url:`/`permalink:` (Hugo, Jekyll, Hexo): an old address that redirects to its
    # page, or its page's address
    permalinks: Annotated[Literal["redirect", "address"], Says("{key} must be redirect or address, not {value}")] \
        = "redirect"
    # the addresses the site was published at before (another generator's url or baseURL): a
    # link written with one of them leads into this site
    former_urls: Annotated[list[BaseUrl], Says("{key} must be a list of absolute http:// or https:// URLs, such "
                                               "as [https://USER.github.io/], not {value}")] \
        = Field(default_factory=list)
    # .html and .svg files of content/ published as they are (they can run script: off by default)
    publish_html_and_svg: Annotated[bool, BOOLEAN] = False
    entities: Annotated[EntitiesSchema, Says("{key} must be a mapping (kinds, discover, ignore), not {kind}")] \
        = Field(default_factory=EntitiesSchema)


# --- checking --------------------------------------------------------------------------------

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class Problem:
    """A wrong value: its key (dotted when nested: paths.output) and what to say."""

    key: str
    severity: Severity
    message: str


@dataclass
class Checked(Generic[M]):
    """What check() made of a mapping: the model (None when a required key is wrong), a
    problem per wrong value, and the keys the schema does not know with their values."""

    model: M | None
    problems: list[Problem] = field(default_factory=list)
    unknown: dict[Any, Any] = field(default_factory=dict)


def check(model: type[M], data: dict[Any, Any]) -> Checked[M]:
    """data as the model, wrong values left out (each one a Problem). A key with nothing after
    it (`summary:`) is as if not given."""
    fields = _FIELDS[model]
    given: dict[str, Any] = {}
    odd: dict[Any, Any] = {}  # keys YAML read as no text (2025:, true:): unknown, whatever their value
    for key, value in data.items():
        if not isinstance(key, str):
            odd[key] = value
        elif value is not None or key not in fields:
            given[key] = value
    problems: list[Problem] = []
    while True:
        try:
            made = model.model_validate(given)
        except ValidationError as exc:
            found = _problems(model, exc, given)
            assert found  # each round leaves out at least one key: the loop ends
            problems += (problem for _, problem in found)
            if any(len(path) == 1 and fields[path[0]].is_required() for path, _ in found):
                return Checked(None, problems, {**_unknown(given, fields), **odd})
            given = _without(given, [path for path, _ in found])  # and again: the rest is valid
            continue
        unknown = made.model_extra or {}
        return Checked(made, problems, {**unknown, **odd} if odd else unknown)


def _unknown(given: dict[str, Any], fields: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in given.items() if k not in fields}


def _problems(model: type[BaseModel], exc: ValidationError,
              given: dict[str, Any]) -> list[tuple[tuple[str, ...], Problem]]:
    """Each wrong value once, by its path of keys (a union's branches give an error each)."""
    found: dict[tuple[str, ...], Problem] = {}
    for error in exc.errors(include_url=False, include_context=False, include_input=False):
        path, says = _field(model, error["loc"])
        if path in found:
            continue
        value = _at(given, path)
        if says.absent and (error["type"] == "missing" or (isinstance(value, str) and not value.strip())):
            message = says.absent
        else:
            message = says.message.format(key=".".join(path), kind=kind(value), value=show(value))
        found[path] = Problem(".".join(path), says.severity, message)
    return list(found.items())


def _field(model: type[BaseModel], loc: tuple[int | str, ...]) -> tuple[tuple[str, ...], Says]:
    """The keys of loc that name fields, through nested models, and how the last is worded."""
    path: list[str] = []
    says: Says | None = None
    current: type[BaseModel] | None = model
    for part in loc:
        if current is None or not isinstance(part, str) or part not in _FIELDS[current]:
            break
        info = _FIELDS[current][part]
        path.append(part)
        says = _SAYS[current][part]
        current = next((t for t in (info.annotation, *get_args(info.annotation)) if t in _FIELDS), None)
    assert says is not None, loc  # extra keys are not validated: every error is a field's
    return tuple(path), says


def _at(data: dict[str, Any], path: tuple[str, ...]) -> Any:
    for key in path:
        data = data.get(key) if isinstance(data, dict) else None
    return data


def _without(data: dict[str, Any], paths: list[tuple[str, ...]]) -> dict[str, Any]:
    """A copy of data without the keys at paths (nested mappings copied where changed)."""
    data = dict(data)
    for path in paths:
        if len(path) == 1:
            data.pop(path[0], None)
        elif isinstance(data.get(path[0]), dict):
            data[path[0]] = _without(data[path[0]], [path[1:]])
    return data


MODELS: list[type[BaseModel]] = [FrontMatter, EntitySchema, SiteSchema, PathsSchema, EntitiesSchema]
_FIELDS: dict[type[BaseModel], dict[str, Any]] = {m: dict(m.model_fields) for m in MODELS}
# every field says how it is wrong, in our words (checked at import: no field may fall back on
# the library's)
_SAYS: dict[type[BaseModel], dict[str, Says]] = {
    m: {name: next(s for s in info.metadata if isinstance(s, Says)) for name, info in fields.items()}
    for m, fields in _FIELDS.items()}
