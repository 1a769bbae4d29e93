/* Search results (guidekit).
 *
 * - Each result names its guide: the same procedure, with the same title, runs
 *   in several guides. The titles come from window.GUIDEKIT_GUIDES (guide id ->
 *   title), set by the search page.
 * - A page is listed once: Sphinx lists a page once for its text and once more
 *   for each section title that matches; the first (best) entry is kept.
 * - "Guide" limits the results to one guide (kept in the URL as ?guide=ID).
 * - A title that contains the whole query ranks first (Scorer.score), and in
 *   Japanese the whole query is highlighted, not the character pairs it is
 *   searched by (which would mark スト inside ストレージ).
 */
(function () {
  "use strict";

  var guides = window.GUIDEKIT_GUIDES || {};
  var labels = window.GUIDEKIT_SEARCH_LABELS ||
    {guide: "Guide:", all: "All guides", title: "Search"};
  var GUIDE = /(?:^|\/)guides\/([^\/]+)\//;
  var CJK = /[\u3005-\u3007\u3041-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f]+/g;
  var params = new URLSearchParams(window.location.search);
  var query = (params.get("q") || "").trim();
  var chosen = params.get("guide") || "";
  if (!Object.prototype.hasOwnProperty.call(guides, chosen)) {
    chosen = "";
  }
  var seen = {};

  function guideOf(item) {
    var link = item.querySelector("a");
    var match = link && GUIDE.exec(link.getAttribute("href") || "");
    return match && Object.prototype.hasOwnProperty.call(guides, match[1]) ? match[1] : "";
  }

  function pageOf(item) {
    var link = item.querySelector("a");
    return link ? (link.getAttribute("href") || "").split("#")[0] : "";
  }

  function label(item) {
    if (item.dataset.guidekitSeen) {
      return;
    }
    item.dataset.guidekitSeen = "1";
    var page = pageOf(item);
    if (page && Object.prototype.hasOwnProperty.call(seen, page)) {
      item.remove();
      return;
    }
    seen[page] = true;
    var guide = guideOf(item);
    item.dataset.guide = guide;
    item.hidden = Boolean(chosen) && guide !== chosen;
    if (!guide) {
      return;
    }
    var name = document.createElement("span");
    name.className = "guidekit-search-guide";
    name.setAttribute("data-guide", guide);
    name.textContent = guides[guide];
    var link = item.querySelector("a");
    link.parentNode.insertBefore(name, link.nextSibling);
  }

  function visibleCount(results) {
    return Array.prototype.filter.call(
      results.querySelectorAll("ul.search > li"), function (li) { return !li.hidden; }).length;
  }

  /* The status line counts the pages listed, in Sphinx's own words (and translations). */
  function recount(results) {
    var status = results.querySelector(".search-summary");
    // Sphinx writes the status line once the last result is listed.
    var done = typeof Search !== "undefined" && Search.status === status &&
      status.innerText !== "";
    if (!status || !done || typeof Documentation === "undefined") {
      return;
    }
    var count = visibleCount(results);
    var text = count ? Documentation.ngettext(
      "Search finished, found one page matching the search query.",
      "Search finished, found ${resultCount} pages matching the search query.",
      count).replace("${resultCount}", count) : Documentation.gettext(
      "Your search did not match any documents. Please make sure that all words are spelled correctly and that you've selected enough categories.");
    if (status.innerText !== text) {
      status.innerText = text;
    }
  }

  /* Japanese: highlight the query's runs of Japanese text whole. */
  function japaneseRuns() {
    return query.match(CJK) || [];
  }

  function rehighlight(item) {
    var runs = japaneseRuns();
    if (!runs.length || item.dataset.guidekitHighlighted || !item.querySelector("p.context")) {
      return;
    }
    item.dataset.guidekitHighlighted = "1";
    item.querySelectorAll("span.highlighted").forEach(function (span) {
      span.replaceWith(document.createTextNode(span.textContent));
    });
    item.normalize();
    if (typeof _highlightText === "function") {
      runs.forEach(function (run) { _highlightText(item, run, "highlighted"); });
    }
  }

  function filterControl(results) {
    var ids = Object.keys(guides);
    if (!ids.length || document.getElementById("guidekit-search-guide")) {
      return;
    }
    var wrap = document.createElement("p");
    wrap.className = "guidekit-search-filter";
    var name = document.createElement("label");
    name.setAttribute("for", "guidekit-search-guide");
    name.textContent = labels.guide + " ";
    var select = document.createElement("select");
    select.id = "guidekit-search-guide";
    [""].concat(ids).forEach(function (id) {
      var option = document.createElement("option");
      option.value = id;
      option.textContent = id ? guides[id] : labels.all;
      option.selected = id === chosen;
      select.appendChild(option);
    });
    select.addEventListener("change", function () {
      chosen = select.value;
      var url = new URL(window.location.href);
      if (chosen) {
        url.searchParams.set("guide", chosen);
      } else {
        url.searchParams.delete("guide");
      }
      window.history.replaceState(null, "", url.toString());
      results.querySelectorAll("ul.search > li").forEach(function (li) {
        li.hidden = Boolean(chosen) && li.dataset.guide !== chosen;
      });
      recount(results);
    });
    wrap.appendChild(name);
    wrap.appendChild(select);
    results.parentNode.insertBefore(wrap, results);
  }

  function update(results) {
    Array.prototype.forEach.call(results.querySelectorAll("ul.search > li"), function (li) {
      label(li);
      rehighlight(li);
    });
    recount(results);
    var runs = japaneseRuns();
    if (runs.length && window.localStorage) {
      // What the result's page highlights when it opens (sphinx_highlight.js).
      try { window.localStorage.setItem("sphinx_highlight_terms", runs.join(" ")); } catch (e) {}
    }
  }

  if (typeof Scorer !== "undefined" && query) {
    var whole = query.toLowerCase();
    var base = Scorer.score;
    Scorer.score = function (result) {
      var score = base ? base(result) : result[4];
      var title = String(result[1] || "").toLowerCase();
      return title.indexOf(whole) !== -1 ? score + 50 : score;
    };
  }

  function start() {
    var results = document.getElementById("search-results");
    if (!results) {
      return;
    }
    if (!document.querySelector("article h1")) {
      // The theme's search page has no main heading; the results' heading is an <h2>.
      var heading = document.createElement("h1");
      heading.textContent = labels.title;
      results.parentNode.insertBefore(heading, results.parentNode.firstChild);
    }
    filterControl(results);
    update(results);
    new MutationObserver(function () { update(results); })
      .observe(results, {childList: true, subtree: true, characterData: true});
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
