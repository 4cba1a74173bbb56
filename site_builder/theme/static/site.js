// Progressive enhancement only: every feature here is an ordinary link without JavaScript.
// - a citation reference shows its source in a popover on hover or keyboard focus;
// - an entity link shows a small card (name, kind, description, how many documents).
// A popover stays inside the window: below its link, or above it when there is more room
// there, shifted left near the right edge.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("site-data").textContent);
  var popover = null;
  var quieted = null;  // the entity link whose title is set aside while its card shows

  // The browser's own tooltip (the link's title) would cover the card: while the pointer or
  // focus is on the link, the title waits in data-title and the card describes the link
  // (aria-describedby); without JavaScript the title stays as it is.
  function quiet(link) {
    if (quieted === link) return;
    restore();
    quieted = link;
    if (!link.hasAttribute("title")) return;
    link.dataset.title = link.getAttribute("title");
    link.removeAttribute("title");
  }

  function restore() {
    if (!quieted) return;
    if ("title" in quieted.dataset) {
      quieted.setAttribute("title", quieted.dataset.title);
      delete quieted.dataset.title;
    }
    quieted.removeAttribute("aria-describedby");
    quieted = null;
  }

  function hide() {
    if (popover) { popover.remove(); popover = null; }
    restore();
  }

  function place(box, anchor) {
    var rect = anchor.getBoundingClientRect();
    var view = document.documentElement;
    var width = Math.min(360, view.clientWidth - 16);
    box.style.width = width + "px";
    var left = Math.max(8, Math.min(rect.left, view.clientWidth - width - 8));
    var height = box.offsetHeight;
    var below = view.clientHeight - rect.bottom - 6;
    var above = rect.top - 6;
    var top = height > below && above > below ? Math.max(8, rect.top - 6 - height) : rect.bottom + 6;
    box.style.left = left + window.scrollX + "px";
    box.style.top = top + window.scrollY + "px";
  }

  function show(anchor, build) {
    if (popover) popover.remove();
    popover = document.createElement("div");
    popover.className = "popover";
    popover.id = "site-popover";
    popover.setAttribute("role", "tooltip");
    build(popover);
    document.body.appendChild(popover);  // positioned against the page, not a relative parent
    place(popover, anchor);
  }

  function citation(link) {
    var source = document.getElementById(link.getAttribute("href").slice(1) + "-src");
    if (!source) return;
    show(link, function (box) {
      box.classList.add("popover-citation");
      var number = document.createElement("span");
      number.className = "sn-number";
      number.textContent = link.textContent;
      box.appendChild(number);
      box.appendChild(source.cloneNode(true)).removeAttribute("id");
    });
  }

  var cards = null;
  function loadCards() {
    if (!cards) {
      cards = fetch(data.base + "entities.json").then(function (r) { return r.json(); })
        .catch(function () { return {}; });
    }
    return cards;
  }

  function entity(link) {
    loadCards().then(function (all) {
      var card = all[link.dataset.entity];
      if (!card || document.activeElement !== link && !link.matches(":hover")) return;
      quiet(link);
      link.setAttribute("aria-describedby", "site-popover");
      show(link, function (box) {
        box.classList.add("popover-entity");
        var kind = document.createElement("p");
        kind.className = "card-kind";
        kind.textContent = data.kinds[card.kind] || card.kind;
        var name = document.createElement("p");
        name.className = "card-name";
        name.textContent = card.name;
        box.append(kind, name);
        if (card.description) {
          var desc = document.createElement("p");
          desc.textContent = card.description;
          box.appendChild(desc);
        }
        var count = document.createElement("p");
        count.className = "card-count";
        count.textContent = (card.count === 1 ? data.mentionedInOne : data.mentionedIn).replace("{n}", card.count);
        box.appendChild(count);
      });
    });
  }

  function handler(event) {
    var link = event.target.closest && event.target.closest("a.cite-link, a.entity[data-entity]");
    if (!link) return;
    if (link.classList.contains("cite-link")) { restore(); citation(link); return; }
    quiet(link);  // at once: the native tooltip must not appear while the cards load
    entity(link);
  }

  document.addEventListener("focusin", handler);
  document.addEventListener("mouseover", handler);
  document.addEventListener("focusout", hide);
  document.addEventListener("mouseout", function (event) {
    if (event.target.closest && event.target.closest("a.cite-link, a.entity")) hide();
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") hide();
  });
})();
