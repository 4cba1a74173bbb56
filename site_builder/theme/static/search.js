// The /search/ page: Pagefind's UI, loaded from this site under its base path (works
// offline and on a GitHub Pages project site), running the query given as ?q=.
(function () {
  "use strict";
  var box = document.getElementById("search");
  if (!box || typeof PagefindUI === "undefined") return;

  // Pagefind's index splits Chinese into words with jieba; the browser's Intl.Segmenter
  // splits a query differently (李开复 → 李|开|复), and a piece that starts inside an
  // indexed word finds nothing. The build turns Pagefind's own query splitting off, and
  // here runs of single characters are joined back (李开复, 开源) while words the
  // segmenter knows stay apart (基础 研究), and Latin is split from Han (主权 AI). The names
  // of the site's entities are words of the index (the build's search_names): pieces the
  // segmenter cut a name into are joined back (基础|模型 → 基础模型, where it is a topic),
  // which finds the pages that name it, not every page with both pieces anywhere, and is
  // one word to search, not two (on the 10,000-document bench, 基础 模型 took each lane
  // 350-400 ms, a name 80-170).
  var han = /\p{Script=Han}/u;
  var names = new Set((box.dataset.names || "").split(" ").filter(Boolean));
  var longest = 0;
  names.forEach(function (name) { longest = Math.max(longest, name.length); });
  var boundary = /(?<=\p{Script=Han})(?=[^\p{Script=Han}])|(?<=[^\p{Script=Han}])(?=\p{Script=Han})/u;
  var segmenter = typeof Intl.Segmenter === "function" ? new Intl.Segmenter("zh", { granularity: "word" }) : null;

  function words(run) {
    if (!segmenter || !han.test(run)) return [run];
    var parts = Array.from(segmenter.segment(run), function (part) { return part.segment; });
    var out = [], single = "";
    for (var i = 0; i < parts.length;) {
      var part = parts[i], end = i + 1;
      // the longest name that begins here and ends where a piece ends (of two pieces or more)
      for (var j = i + 1, joined = part; j < parts.length && joined.length < longest; j++) {
        joined += parts[j];
        if (names.has(joined)) { part = joined; end = j + 1; }
      }
      var name = end > i + 1;
      i = end;
      if (!name && Array.from(part).length === 1) { single += part; continue; }
      if (single) { out.push(single); single = ""; }
      out.push(part);
    }
    if (single) out.push(single);
    return out;
  }

  function prepare(query) {
    if (/^\s*".*"\s*$/.test(query)) return query;  // an exact phrase is left as typed
    return query.split(/\s+/).flatMap(function (token) { return token.split(boundary); })
      .flatMap(words).join(" ").trim();
  }

  // Pagefind's excerpts are its index's words joined again: a space where the page's HTML
  // had one between two elements (由 开源), ". " between blocks, and they may start at any of
  // them. Spaces next to Chinese go, a block's ". " next to Chinese is a full stop, and an
  // excerpt starts at a word. Tags in an excerpt are only Pagefind's <mark>s.
  var cjk = "\\p{Script=Han}\\u3000-\\u303f\\uff00-\\uffef";
  var tags = "((?:</?mark>)*)";
  var between = new RegExp("([" + cjk + "])" + tags + "\\s+" + tags + "(?=[" + cjk + "])", "gu");
  var afterOpening = new RegExp("([（《“「『【、，。：；！？])" + tags + "\\s+", "gu");
  var beforeClosing = new RegExp("\\s+" + tags + "(?=[）》”」』】、，。：；！？])", "gu");
  var stopBefore = new RegExp("\\.\\s+" + tags + "(?=\\p{Script=Han})", "gu");
  var stopAfter = new RegExp("(\\p{Script=Han})" + tags + "\\.(?:\\s+|$)", "gu");
  var leading = /^((?:<mark>)?)[\s\p{Pc}\p{Pd}\p{Pe}\p{Pf}\p{Po}]+/u;

  // A mark may take in the space after its word (<mark>的 </mark>): the space goes out of it.
  // Two words of the index marked side by side (人工|智能 of 人工智能) are one mark, not two
  // highlights with a gap between.
  function tidy(html) {
    return html.replace(/\s+<\/mark>/g, "</mark> ").replace(/<mark>\s+/g, " <mark>")
      .replace(stopBefore, "。$1").replace(stopAfter, "$1$2。")
      .replace(between, "$1$2$3").replace(afterOpening, "$1$2").replace(beforeClosing, "$1")
      .replace(/<\/mark><mark>/g, "").replace(leading, "$1").trim();
  }

  function escapeHtml(text) {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  // A page found by an entity's name (the names it mentions are words of its index: see
  // the build's search_names) may have none of the query's words in its text as the index
  // split them, and Pagefind's excerpt then marks nothing: the excerpt is then taken around
  // the first place the text has a word of the query as typed, marked.
  var typed = "";
  function marked(content) {
    var pieces = typed.split(/\s+/).filter(Boolean).map(function (p) { return p.toLowerCase(); });
    var lower = content.toLowerCase(), at = -1, piece = "";
    pieces.forEach(function (p) {
      var i = lower.indexOf(p);
      if (i >= 0 && (at < 0 || i < at)) { at = i; piece = p; }
    });
    if (at < 0) return null;
    var start = Math.max(0, at - 24), end = Math.min(content.length, at + piece.length + 48);
    var text = content.slice(start, end), low = text.toLowerCase(), out = "", i = 0;
    while (i < text.length) {
      var hit = pieces.find(function (p) { return low.startsWith(p, i); });
      if (hit) { out += "<mark>" + escapeHtml(text.slice(i, i + hit.length)) + "</mark>"; i += hit.length; }
      else { out += escapeHtml(text[i]); i += 1; }
    }
    return out;
  }

  function processResult(result) {
    if (result.meta) delete result.meta.names;  // words to find the page by, not to show
    var excerpt = result.excerpt || "";
    if (excerpt.indexOf("<mark>") < 0 && result.content) excerpt = marked(result.content) || excerpt;
    result.excerpt = tidy(excerpt);
    (result.sub_results || []).forEach(function (sub) { sub.excerpt = tidy(sub.excerpt || ""); });
    // the UI shows a page's excerpt as that of its first section: a page found by a name
    // alone has no section found, and would show none
    if (!(result.sub_results || []).length) {
      result.sub_results = [{ title: result.meta.title, url: result.url, excerpt: result.excerpt, locations: [] }];
    }
    return result;
  }

  var options = {
    baseUrl: box.dataset.base,  // result URLs are relative to the site root: add /REPO/
    // long documents are what a reader is after; the default favours short entity pages
    ranking: { pageLength: 0.2 },
  };
  // Pagefind's excerpts are 30 words long. Chinese words are a character or two, and each
  // punctuation mark counts as one: 30 made an excerpt of about 20 characters, a third of
  // its line. Twice as many on a site in Chinese, Japanese or Korean.
  if (/^(zh|ja|ko)\b/i.test(document.documentElement.lang)) options.excerptLength = 60;
  // The index is in shards (the build's emitters/search.py), searched by several copies of
  // Pagefind's runtime at once (search-lanes/pagefind.js, which the UI loads as its
  // pagefind.js): the first shards carry one each, the others are merged into them, and
  // the results of all come as one list, by score.
  var shards = JSON.parse(box.dataset.shards || "[]").map(function (path) {
    return Object.assign({ bundlePath: path }, options);
  });
  // The lanes also split a query the UI asks them to preload as the search will (a function
  // Pagefind's own module would fail to post to its worker: given to the lanes only).
  var lanes = JSON.parse(box.dataset.lanes || "[]");
  var q = new URLSearchParams(location.search).get("q");
  var ui = new PagefindUI(Object.assign({
    element: "#search",
    bundlePath: lanes.length ? box.dataset.runtime : box.dataset.bundle,
    lanes: lanes,
    prepare: lanes.length ? prepare : undefined,
    catalog: lanes.length ? box.dataset.catalog : undefined,  // every shard's entry and metadata in two files
    // the lanes search a common word as the page opens (a query given does it), unless the
    // reader asked the browser to save data
    warm: lanes.length > 0 && !q && !(navigator.connection && navigator.connection.saveData),
    mergeIndex: shards,
    showSubResults: true,
    showImages: false,
    // Pagefind's own runtime: a search 100 ms after the last key; the lanes wait themselves,
    // for a key typed and not for a word an input method commits (search-lanes/pagefind.js)
    debounceTimeoutMs: lanes.length ? 0 : 100,
    processResult: processResult,
    processTerm: function (term) {
      // the address keeps the query, so a search can be bookmarked, shared or gone back to
      var url = new URL(location.href);
      if (term) url.searchParams.set("q", term); else url.searchParams.delete("q");
      history.replaceState(null, "", url);
      typed = term;
      return prepare(term);
    },
  }, options));
  // how the page sends a query to Pagefind, for a script that searches the same index
  window.siteSearch = { prepare: prepare };
  // Pagefind's input has a placeholder and a title but no label of its own.
  var input = box.querySelector("input");
  if (input) input.setAttribute("aria-label", box.dataset.label);
  // Pagefind loads its runtime and the shards' metadata when the box is focused: as the page
  // opens, so that the first query costs what the next ones do (focus itself stays put)
  if (input) input.dispatchEvent(new FocusEvent("focus"));
  if (q) ui.triggerSearch(q);
})();
