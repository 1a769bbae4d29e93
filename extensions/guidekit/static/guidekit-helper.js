/* The upgrade helper (guidekit): renders the checklist of one environment from
 * the JSON that the page embeds (#guidekit-helper-data), so it works from file://
 * too. Data only ever goes through textContent and setAttribute, never through
 * HTML markup. The choices live in the query string: a link restores them. */
(function () {
  "use strict";

  var root = document.getElementById("guidekit-helper");
  var source = document.getElementById("guidekit-helper-data");
  if (!root || !source) {
    return;
  }
  var data = JSON.parse(source.textContent);
  var text = data.text;
  // The manifest's conditions that take one value each (a list of their own).
  var FACETS = data.facets || [];
  var SELECTS = ["from", "to", "topology"].concat(FACETS);
  var state = {};
  var done = {};
  // One list of ticks for every language of the site: the language's folder is
  // left out of the key, so a switch of language keeps them.
  var LANGUAGE = document.documentElement.getAttribute("lang") || "";
  var STORE = "guidekit-helper-done:" + window.location.pathname.split("/").map(
    function (part) { return part === LANGUAGE ? "*" : part; }).join("/");
  var OLD_STORE = "guidekit-helper-done:" + window.location.pathname;
  var form, result, share;

  // A message's "{choices}", filled with text taken from the link as it is: as a
  // replacement string, "$&", "$'" and "$`" in it would be read as patterns.
  function fill(message, choices) {
    return message.split("{choices}").join(choices);
  }

  function el(tag, attrs, content) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      node.setAttribute(name, attrs[name]);
    });
    if (content !== undefined) {
      node.textContent = content;
    }
    return node;
  }

  function values(field) {
    return data.choices[field].map(function (choice) { return choice.value; });
  }

  function labelOf(field, value) {
    var found = data.choices[field].filter(function (c) { return c.value === value; })[0];
    return found ? found.label : value;
  }

  // What a link asked for that the helper does not know: shown, never guessed at.
  var ignored = [];

  function readState() {
    var query = window.location.search.slice(1) || window.location.hash.slice(1);
    var params = new URLSearchParams(query);
    ignored = [];
    SELECTS.forEach(function (field) {
      var value = params.get(field);
      var known = values(field).indexOf(value) >= 0;
      if (value !== null && !known) {
        ignored.push(field + "=" + value);
      }
      state[field] = known ? value : data.defaults[field];
    });
    var wanted = (params.get("options") || "").split(",").filter(function (o) { return o; });
    state.options = values("options").filter(function (o) { return wanted.indexOf(o) >= 0; });
    wanted.forEach(function (o) {
      if (values("options").indexOf(o) < 0) {
        ignored.push("options=" + o);
      }
    });
    // Other parameters (utm_source, ...) are not the helper's: a link that
    // carries them still opens its checklist.
  }

  // Ticked steps survive a reload where the browser keeps local storage.
  function loadDone() {
    try {
      [OLD_STORE, STORE].forEach(function (store) {
        JSON.parse(window.localStorage.getItem(store) || "[]").forEach(function (key) {
          done[String(key)] = true;
        });
      });
    } catch (error) {
      done = {};
    }
  }

  function saveDone() {
    try {
      window.localStorage.setItem(STORE, JSON.stringify(Object.keys(done).filter(
        function (key) { return done[key]; })));
    } catch (error) {
      // No storage (private mode, some file:// settings): ticks last for the visit.
    }
  }

  function query() {
    var params = new URLSearchParams();
    SELECTS.forEach(function (field) { params.set(field, state[field]); });
    if (state.options.length) {
      params.set("options", state.options.join(","));
    }
    return "?" + params.toString();
  }

  function writeState() {
    var q = query();
    try {
      window.history.replaceState(null, "", q + window.location.hash);
    } catch (error) {
      // Some browsers refuse to change the URL of a file:// page: the share link
      // below still carries the choices.
    }
    share.setAttribute("href", q);
    // The same checklist in the other languages.
    Array.prototype.forEach.call(document.querySelectorAll("a.guidekit-language-link"),
      function (link) {
        link.setAttribute("href", link.getAttribute("href").split(/[?#]/)[0] + q +
          window.location.hash);
      });
  }

  function buildForm() {
    form = el("form", {"class": "guidekit-helper-form"});
    SELECTS.forEach(function (field) {
      var id = "guidekit-helper-" + field;
      var row = el("div", {"class": "guidekit-helper-field", "data-field": field});
      row.appendChild(el("label", {"for": id}, (data.labels || {})[field] || text[field]));
      var select = el("select", {id: id, name: field});
      data.choices[field].forEach(function (choice) {
        var option = el("option", {value: choice.value}, choice.label);
        option.selected = state[field] === choice.value;
        select.appendChild(option);
      });
      select.addEventListener("change", function () {
        state[field] = select.value;
        update();
      });
      row.appendChild(select);
      row.appendChild(el("span", {"class": "guidekit-no-effect"}, " " + text.noEffect));
      form.appendChild(row);
    });
    var set = el("fieldset", {"class": "guidekit-helper-options"});
    set.appendChild(el("legend", {}, text.options));
    data.choices.options.forEach(function (choice) {
      var id = "guidekit-helper-option-" + choice.value;
      var row = el("div", {"class": "guidekit-helper-field", "data-field": choice.value});
      var box = el("input", {type: "checkbox", id: id, name: choice.value});
      box.checked = state.options.indexOf(choice.value) >= 0;
      box.addEventListener("change", function () {
        state.options = values("options").filter(function (o) {
          return document.getElementById("guidekit-helper-option-" + o).checked;
        });
        update();
      });
      row.appendChild(box);
      row.appendChild(el("label", {"for": id}, " " + choice.label));
      row.appendChild(el("span", {"class": "guidekit-no-effect"}, " " + text.noEffect));
      set.appendChild(row);
    });
    form.appendChild(set);
    root.appendChild(form);

    var actions = el("p", {"class": "guidekit-helper-actions"});
    share = el("a", {"class": "guidekit-helper-share", href: query()}, text.share);
    var print = el("button", {type: "button", "class": "guidekit-helper-print"}, text.print);
    print.addEventListener("click", function () { window.print(); });
    actions.appendChild(share);
    actions.appendChild(document.createTextNode(" "));
    actions.appendChild(print);
    root.appendChild(actions);
    root.appendChild(el("p", {"class": "guidekit-helper-storage"}, text.storage));
    result = el("div", {"class": "guidekit-helper-result", "aria-live": "polite"});
    root.appendChild(result);
  }

  function facts() {
    var known = {topology: state.topology};
    FACETS.forEach(function (f) { known[f] = state[f]; });
    values("options").forEach(function (o) { known[o] = state.options.indexOf(o) >= 0; });
    return known;
  }

  function holds(when, known) {
    return Object.keys(when).every(function (name) {
      return when[name].indexOf(known[name]) >= 0;
    });
  }

  // The guide's items: a plain step, or a choice with its branches (each one or
  // several steps, in order), from the numbers the page data carries.
  function items(steps) {
    var found = [];
    steps.forEach(function (step) {
      var last = found[found.length - 1];
      if (!last || last.number !== step.item) {
        last = {number: step.item, steps: [], branches: []};
        found.push(last);
      }
      last.steps.push(step);
      if (step.branch) {
        var branch = last.branches[last.branches.length - 1];
        if (!branch || branch.letter !== step.branch) {
          branch = {letter: step.branch, when: step.branchWhen || {}, steps: []};
          last.branches.push(branch);
        }
        branch.steps.push(step);
      }
    });
    return found;
  }

  // The steps that apply; of a choice, the branches whose conditions hold, the
  // ones with conditions first (as checklist.choose does): several left, a choice.
  function chosen(steps, known) {
    var result = [];
    items(steps).forEach(function (item) {
      if (!item.branches.length) {
        if (holds(item.steps[0].when, known)) {
          result.push({step: item.steps[0], choice: false, item: item.number});
        }
        return;
      }
      var fitting = item.branches.filter(function (b) { return holds(b.when, known); });
      var specific = fitting.filter(function (b) { return Object.keys(b.when).length > 0; });
      var picked = specific.length ? specific : fitting;
      picked.forEach(function (branch) {
        branch.steps.forEach(function (s, index) {
          if (holds(s.when, known)) {
            result.push({step: s, choice: picked.length > 1, item: item.number,
              first: index === 0});
          }
        });
      });
    });
    return result;
  }

  // The steps of a guide that this environment leaves out (not a sibling of a
  // chosen alternative: those are the reader's or the environment's choice).
  function skipped(steps, shown) {
    var items_ = items(steps);
    var numbers = shown.map(function (entry) { return entry.item; });
    var slugs = shown.map(function (entry) { return entry.step.slug; });
    var left = [];
    items_.forEach(function (item) {
      item.steps.forEach(function (step) {
        var inChosenChoice = item.branches.length && numbers.indexOf(item.number) >= 0;
        var branchShown = item.branches.length && item.steps.some(function (s) {
          return s.branch === step.branch && slugs.indexOf(s.slug) >= 0;
        });
        if (slugs.indexOf(step.slug) < 0 && (!inChosenChoice || branchShown)) {
          left.push(step.number + ". " + step.title);
        }
      });
    });
    return left;
  }

  // Whether a yes/no choice changes the checklist of the chosen path.
  function hasEffect(option, guideIds, known) {
    function listed(value) {
      var facts = {};
      Object.keys(known).forEach(function (name) { facts[name] = known[name]; });
      facts[option] = value;
      return guideIds.map(function (id) {
        return chosen(data.guides[id].steps, facts).map(function (entry) {
          return entry.step.slug + (entry.choice ? "?" : "");
        }).join(",");
      }).join("|");
    }
    return listed(true) !== listed(false);
  }

  function conditionLabel(name, allowed) {
    if (name === "topology" || FACETS.indexOf(name) >= 0) {
      return ((data.labels || {})[name] || text[name]) + ": " +
        allowed.map(function (v) { return labelOf(name, v); }).join(text.or);
    }
    var label = labelOf("options", name);
    return allowed.indexOf(true) >= 0 ? label : text.without.split("{choice}").join(label);
  }

  // Why a chosen option changes nothing here: the other conditions of the steps
  // that depend on it, which this environment does not meet.
  function needs(option, guideIds, known) {
    var found = [];
    guideIds.forEach(function (id) {
      data.guides[id].steps.forEach(function (step) {
        if (!(option in step.when)) {
          return;
        }
        Object.keys(step.when).forEach(function (name) {
          if (name !== option && step.when[name].indexOf(known[name]) < 0) {
            var label = conditionLabel(name, step.when[name]);
            if (found.indexOf(label) < 0) {
              found.push(label);
            }
          }
        });
      });
    });
    return found;
  }

  // One line to tick: the step's number as the guide gives it (7, 7A, 7A.1).
  function checkItem(key, title, href, optional, number, marks) {
    var item = el("li", {"data-key": key});
    var id = "guidekit-done-" + key.replace(/[^A-Za-z0-9-]/g, "-");
    var box = el("input", {type: "checkbox", id: id, "aria-label": (number ? number + ". " : "") +
      title});
    box.checked = !!done[key];
    box.addEventListener("change", function () {
      done[key] = box.checked;
      saveDone();
    });
    item.appendChild(box);
    item.appendChild(document.createTextNode(" "));
    if (number) {
      item.appendChild(el("span", {"class": "guidekit-step-number"}, number + ". "));
    }
    if (optional) {
      item.appendChild(el("em", {}, text.optional + " "));
    }
    item.appendChild(el("a", {href: href}, title));
    // What the step's page says first or marks: the Manager is down, no way back after it.
    (marks || []).filter(function (m) { return text[m]; }).forEach(function (m) {
      item.appendChild(document.createTextNode(" "));
      item.appendChild(el("strong", {"class": "guidekit-phase-mark guidekit-phase-mark-" + m}, text[m]));
    });
    return item;
  }

  // A check's text: its inline code (`active`) as code, the rest as text.
  function inlineText(parent, value) {
    value.split("`").forEach(function (piece, index) {
      if (piece) {
        parent.appendChild(index % 2 ? el("code", {}, piece) : document.createTextNode(piece));
      }
    });
  }

  // One line of a guide's pre-flight list (its front page's "Before you start"):
  // the check to tick, where it applies, its command after its machine's prompt.
  function preflightItem(guideId, entry) {
    var key = guideId + "/@before/" + entry.state;
    var item = el("li", {"data-check": key, "data-state": entry.state});
    var id = "guidekit-done-" + key.replace(/[^A-Za-z0-9-]/g, "-");
    var box = el("input", {type: "checkbox", id: id});
    box.checked = !!done[key];
    box.addEventListener("change", function () {
      done[key] = box.checked;
      saveDone();
    });
    item.appendChild(box);
    item.appendChild(document.createTextNode(" "));
    var label = el("label", {"for": id});
    inlineText(label, entry.text);
    item.appendChild(label);
    if (entry.conditions.length) {
      item.appendChild(document.createTextNode(" "));
      item.appendChild(el("em", {"class": "guidekit-preflight-only"},
        text.onlyIn + " " + entry.conditions.join(text.listSeparator)));
    }
    if (entry.command) {
      item.appendChild(el("p", {"class": "guidekit-preflight-machine"}, entry.machine));
      // Focusable: a command wider than the screen scrolls, also by keyboard.
      var pre = el("pre", {"class": "guidekit-preflight-command", "tabindex": "0"});
      pre.appendChild(el("code", {}, entry.prompt + " " + entry.command));
      item.appendChild(pre);
    }
    return item;
  }

  // The entries of a guide's pre-flight list that apply to this environment.
  function preflight(guideId, guide, known) {
    var entries = (guide.preflight || []).filter(function (entry) {
      return holds(entry.when, known);
    });
    if (!entries.length) {
      return null;
    }
    var box = el("div", {"class": "guidekit-helper-preflight"});
    box.appendChild(el("h3", {}, text.preflight));
    box.appendChild(el("p", {}, text.preflightIntro));
    var list = el("ul", {"class": "guidekit-checklist-preflight"});
    entries.forEach(function (entry) { list.appendChild(preflightItem(guideId, entry)); });
    box.appendChild(list);
    return box;
  }

  // The choices that shape this checklist; the others are explained apart.
  function summary(relevant, effective) {
    var parts = [labelOf("from", state.from) + " \u2192 " + labelOf("to", state.to),
      labelOf("topology", state.topology)];
    FACETS.forEach(function (f) {
      if (relevant.indexOf(f) >= 0) {
        parts.push(labelOf(f, state[f]));
      }
    });
    state.options.forEach(function (o) {
      if (effective.indexOf(o) >= 0) {
        parts.push(labelOf("options", o));
      }
    });
    return parts.join(" \u00b7 ");
  }

  function render() {
    while (result.firstChild) {
      result.removeChild(result.firstChild);
    }
    var path = data.paths[[state.from, state.to, state.topology].join("|")];
    var relevant = path && path.relevant ? path.relevant : [];
    if (ignored.length) {
      // A link with choices the helper does not know: say so, and show no
      // checklist until the reader chooses (a default one would look right).
      result.appendChild(el("p", {"class": "guidekit-helper-error guidekit-helper-ignored",
        role: "alert"}, fill(text.ignored, ignored.join(", "))));
      return;
    }
    var known = facts();
    var guideIds = path && path.guides ? path.guides : [];
    var effective = values("options").filter(function (o) {
      return hasEffect(o, guideIds, known);
    });
    result.appendChild(el("p", {"class": "guidekit-helper-summary"},
      summary(relevant, effective)));
    // Chosen options that change nothing here: say why.
    var inert = [];
    state.options.forEach(function (o) {
      if (effective.indexOf(o) >= 0) {
        return;
      }
      var why = needs(o, guideIds, known);
      if (why.length) {
        result.appendChild(el("p", {"class": "guidekit-helper-inert-note"},
          text.needs.split("{choice}").join(labelOf("options", o))
            .split("{conditions}").join(why.join(text.and))));
      } else {
        inert.push(labelOf("options", o));
      }
    });
    if (inert.length) {
      result.appendChild(el("p", {"class": "guidekit-helper-inert-note"},
        fill(text.noEffectList, inert.join(text.listSeparator))));
    }
    Array.prototype.forEach.call(form.querySelectorAll("[data-field]"), function (row) {
      var field = row.getAttribute("data-field");
      var isOption = values("options").indexOf(field) >= 0;
      var inertRow = isOption ? effective.indexOf(field) < 0 :
        field !== "from" && field !== "to" && field !== "topology" &&
        relevant.indexOf(field) < 0;
      row.classList.toggle("guidekit-inert", inertRow);
    });
    if (!path || path.error) {
      result.appendChild(el("p", {"class": "guidekit-helper-error", role: "alert"},
        path ? path.error : "?"));
      return;
    }
    path.guides.forEach(function (guideId) {
      var guide = data.guides[guideId];
      var section = el("section", {"class": "guidekit-checklist-guide", "data-guide": guideId});
      var heading = el("h2", {});
      heading.appendChild(el("a", {href: guide.href}, guide.title));
      section.appendChild(heading);
      var before = preflight(guideId, guide, known);
      if (before) {
        section.appendChild(before);
      }
      var list = el("ol", {"class": "guidekit-checklist"});
      var shown = chosen(guide.steps, known);
      var choiceList = null;
      var choiceGroup = null;
      shown.forEach(function (entry) {
        var step = entry.step;
        var key = guideId + "/" + step.slug;
        var item = checkItem(key, step.title, step.href, step.optional, step.number,
          step.marks);
        if (entry.choice) {
          // One of several alternatives: under one item that says "do one of these".
          if (choiceGroup !== step.group) {
            var holder = el("li", {"class": "guidekit-checklist-choice"});
            holder.appendChild(el("span", {"class": "guidekit-step-number"},
              entry.item + ". "));
            holder.appendChild(document.createTextNode(text.choice));
            choiceList = el("ul", {"class": "guidekit-checklist-alternatives"});
            holder.appendChild(choiceList);
            list.appendChild(holder);
            choiceGroup = step.group;
          }
          if (entry.first && step["if"]) {
            item.insertBefore(el("em", {}, step["if"] + ": "), item.lastChild);
          }
        } else {
          choiceGroup = null;
        }
        var parts = step.parts.filter(function (part) { return holds(part.when, known); });
        if (parts.length) {
          var sub = el("ol", {"class": "guidekit-checklist-parts"});
          parts.forEach(function (part) {
            sub.appendChild(checkItem(key + "/" + part.procedure, part.title, part.href, false,
              part.number));
          });
          item.appendChild(sub);
        }
        (entry.choice ? choiceList : list).appendChild(item);
      });
      if (!list.firstChild) {
        section.appendChild(el("p", {}, text.empty));
      }
      section.appendChild(list);
      var left = skipped(guide.steps, shown);
      if (left.length) {
        // The numbers are the guide's: say which ones this environment leaves out.
        section.appendChild(el("p", {"class": "guidekit-helper-skipped"},
          text.skipped.split("{steps}").join(left.join(text.listSeparator))));
      }
      result.appendChild(section);
    });
  }

  function update() {
    ignored = [];
    writeState();
    render();
  }

  readState();
  loadDone();
  window.addEventListener("hashchange", function () {
    if (!ignored.length) {
      writeState();
    }
  });
  buildForm();
  if (ignored.length) {
    // Keep the link as it was given, so that the reader sees what it asked for.
    share.setAttribute("href", query());
    render();
  } else {
    update();
  }
}());
