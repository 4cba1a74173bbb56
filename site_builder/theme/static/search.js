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
  // segmenter knows stay apart (基础 模型), and Latin is split from Han (主权 AI).
  var han = /\p{Script=Han}/u;
  var boundary = /(?<=\p{Script=Han})(?=[^\p{Script=Han}])|(?<=[^\p{Script=Han}])(?=\p{Script=Han})/u;
  var segmenter = typeof Intl.Segmenter === "function" ? new Intl.Segmenter("zh", { granularity: "word" }) : null;

  function words(run) {
    if (!segmenter || !han.test(run)) return [run];
    var out = [], single = "";
    for (var part of segmenter.segment(run)) {
      if (Array.from(part.segment).length === 1) { single += part.segment; continue; }
      if (single) { out.push(single); single = ""; }
      out.push(part.segment);
    }
    if (single) out.push(single);
    return out;
  }

  function prepare(query) {
    if (/^\s*".*"\s*$/.test(query)) return query;  // an exact phrase is left as typed
    return query.split(/\s+/).flatMap(function (token) { return token.split(boundary); })
      .flatMap(words).join(" ").trim();
  }

  var ui = new PagefindUI({
    element: "#search",
    bundlePath: box.dataset.bundle,
    baseUrl: box.dataset.base,  // result URLs are relative to the site root: add /REPO/
    showSubResults: true,
    showImages: false,
    // long documents are what a reader is after; the default favours short entity pages
    ranking: { pageLength: 0.2 },
    processTerm: function (term) {
      // the address keeps the query, so a search can be bookmarked, shared or gone back to
      var url = new URL(location.href);
      if (term) url.searchParams.set("q", term); else url.searchParams.delete("q");
      history.replaceState(null, "", url);
      return prepare(term);
    },
  });
  // Pagefind's input has a placeholder and a title but no label of its own.
  var input = box.querySelector("input");
  if (input) input.setAttribute("aria-label", box.dataset.label);
  var q = new URLSearchParams(location.search).get("q");
  if (q) ui.triggerSearch(q);
})();
