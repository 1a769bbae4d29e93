/* Search results (guidekit): name the guide of each result, since the same
 * procedure, with the same title, runs in several guides. The titles come from
 * window.GUIDEKIT_GUIDES (guide id -> title), set by the search page. */
(function () {
  "use strict";

  var guides = window.GUIDEKIT_GUIDES || {};
  var GUIDE = /(?:^|\/)guides\/([^\/]+)\//;

  function label(item) {
    if (item.querySelector(".guidekit-search-guide")) {
      return;
    }
    var link = item.querySelector("a");
    var match = link && GUIDE.exec(link.getAttribute("href") || "");
    if (!match || !Object.prototype.hasOwnProperty.call(guides, match[1])) {
      return;
    }
    var name = document.createElement("span");
    name.className = "guidekit-search-guide";
    name.setAttribute("data-guide", match[1]);
    name.textContent = guides[match[1]];
    link.parentNode.insertBefore(name, link.nextSibling);
  }

  function labelAll(root) {
    Array.prototype.forEach.call(root.querySelectorAll("li"), label);
  }

  function start() {
    var results = document.getElementById("search-results");
    if (!results) {
      return;
    }
    labelAll(results);
    new MutationObserver(function () { labelAll(results); })
      .observe(results, {childList: true, subtree: true});
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
