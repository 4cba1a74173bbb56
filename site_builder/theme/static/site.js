// Progressive enhancement only: every feature here is an ordinary link without JavaScript.
// - a citation reference shows its source in a popover on hover or keyboard focus;
// - an entity link shows a small card (name, kind, description, how many documents).
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("site-data").textContent);
  var popover = null;

  function hide() {
    if (popover) { popover.remove(); popover = null; }
  }

  function show(anchor, build) {
    hide();
    popover = document.createElement("div");
    popover.className = "popover";
    popover.setAttribute("role", "tooltip");
    build(popover);
    document.body.appendChild(popover);  // positioned against the page, not a relative parent
    var rect = anchor.getBoundingClientRect();
    var width = Math.min(360, document.documentElement.clientWidth - 16);
    popover.style.width = width + "px";
    var left = Math.max(8, Math.min(rect.left, document.documentElement.clientWidth - width - 8));
    popover.style.left = left + window.scrollX + "px";
    popover.style.top = rect.bottom + window.scrollY + 6 + "px";
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
    if (link.classList.contains("cite-link")) citation(link); else entity(link);
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
