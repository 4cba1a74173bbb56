// The /search/ page: Pagefind's UI, loaded from this site under its base path (works
// offline and on a GitHub Pages project site), running the query given as ?q=.
(function () {
  "use strict";
  var box = document.getElementById("search");
  if (!box || typeof PagefindUI === "undefined") return;
  var ui = new PagefindUI({
    element: "#search",
    bundlePath: box.dataset.bundle,
    baseUrl: box.dataset.base,  // result URLs are relative to the site root: add /REPO/
    showSubResults: true,
    showImages: false,
    processTerm: function (term) {
      // the address keeps the query, so a search can be bookmarked, shared or gone back to
      var url = new URL(location.href);
      if (term) url.searchParams.set("q", term); else url.searchParams.delete("q");
      history.replaceState(null, "", url);
      return term;
    },
  });
  // Pagefind's input has a placeholder and a title but no label of its own.
  var input = box.querySelector("input");
  if (input) {
    input.id = "search-input";
    input.setAttribute("aria-label", box.dataset.label);
  }
  var q = new URLSearchParams(location.search).get("q");
  if (q) ui.triggerSearch(q);
})();
