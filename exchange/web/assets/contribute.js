// Skillsmap contribution form: suggestions while the contributor types.
// The form works without this script; it only saves typing.
(function () {
  "use strict";
  var form = document.querySelector("form[data-suggest]");
  if (!form) return;
  var endpoint = form.getAttribute("data-suggest");
  var csrf = form.querySelector('input[name="csrf"]').value;
  var timer = null;

  function val(name) {
    var el = form.elements[name];
    return el ? el.value : "";
  }

  function placeRows() {
    return Array.prototype.slice.call(form.querySelectorAll(".place-row"));
  }

  // mark shows the matchers' proposals next to the checkboxes of a field
  // and ticks them when the contributor has not chosen anything there yet.
  function mark(field, suggestions) {
    var box = form.querySelector('[data-field="' + field + '"]');
    if (!box) return;
    var inputs = box.querySelectorAll('input[type="checkbox"]');
    var anyChecked = false;
    inputs.forEach(function (i) { if (i.checked && !i.hasAttribute("data-auto")) anyChecked = true; });
    inputs.forEach(function (i) {
      var label = i.closest("label");
      var found = suggestions.filter(function (s) { return s.id === i.value; })[0];
      if (label) label.classList.toggle("suggested", !!found);
      if (found) {
        if (label) label.title = found.because;
        if (!anyChecked && !i.checked) { i.checked = true; i.setAttribute("data-auto", "1"); }
      } else if (i.hasAttribute("data-auto")) {
        i.checked = false; i.removeAttribute("data-auto");
      }
    });
  }

  // fillRegions offers the regions of a place and selects the suggested
  // one, unless the contributor chose one already.
  function fillRegions(row, place, options) {
    var select = row.querySelector('select[name="place_region"]');
    if (!select || select.hasAttribute("data-chosen")) return;
    while (select.firstChild) select.removeChild(select.firstChild);
    var empty = document.createElement("option");
    empty.value = ""; empty.textContent = "—";
    select.appendChild(empty);
    (options || []).forEach(function (o) {
      var opt = document.createElement("option");
      opt.value = o.ID; opt.textContent = o.Label;
      if (o.Suggested) opt.selected = true;
      select.appendChild(opt);
    });
    row.querySelector('input[name="place_country"]').value = place.country || "";
    row.querySelector('input[name="place_lat"]').value = place.lat == null ? "" : place.lat;
    row.querySelector('input[name="place_lon"]').value = place.lon == null ? "" : place.lon;
    row.classList.toggle("suggested", !!place.region);
  }

  function ask() {
    var rows = placeRows();
    var body = {
      language: val("language"), title: val("title"), description: val("description"), keywords: val("keywords"),
      places: rows.map(function (r) { return r.querySelector('input[name="place_name"]').value; }),
      countries: rows.map(function (r) { return r.querySelector('input[name="place_country"]').value; })
    };
    fetch(endpoint, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
      body: JSON.stringify(body)
    }).then(function (res) { return res.ok ? res.json() : null; }).then(function (s) {
      if (!s) return;
      mark("skills", s.skills || []);
      mark("targetGroups", s.targetGroups || []);
      mark("practiceTypes", s.practiceTypes || []);
      mark("deliveryModes", s.deliveryModes || []);
      rows.forEach(function (row, i) {
        var p = (s.places || [])[i];
        if (p && p.region) fillRegions(row, p, (s.regions || [])[i]);
      });
      form.setAttribute("data-suggested", String(Date.now()));
    }).catch(function () {});
  }

  function later() {
    clearTimeout(timer);
    timer = setTimeout(ask, 400);
  }

  ["title", "description", "keywords"].forEach(function (n) {
    var el = form.elements[n];
    if (el) el.addEventListener("input", later);
  });
  form.addEventListener("change", function (e) {
    var t = e.target;
    if (t.name === "place_name") {
      var row = t.closest(".place-row");
      var sel = row.querySelector('select[name="place_region"]');
      sel.removeAttribute("data-chosen");
      row.querySelector('input[name="place_country"]').value = "";
      ask();
    }
    if (t.name === "place_region") {
      t.setAttribute("data-chosen", "1");
      // A region chosen by hand keeps no point of another region.
      var r = t.closest(".place-row");
      r.querySelector('input[name="place_lat"]').value = "";
      r.querySelector('input[name="place_lon"]').value = "";
    }
    if (t.type === "checkbox") t.removeAttribute("data-auto");
  });
  var more = document.getElementById("more-places");
  if (more) {
    more.hidden = false;
    more.addEventListener("click", function () {
      var rows = placeRows();
      var copy = rows[rows.length - 1].cloneNode(true);
      copy.querySelectorAll("input").forEach(function (i) { i.value = ""; });
      copy.querySelectorAll("select").forEach(function (s) { s.innerHTML = '<option value="">—</option>'; s.removeAttribute("data-chosen"); });
      copy.querySelectorAll(".field-error").forEach(function (e) { e.remove(); });
      rows[rows.length - 1].after(copy);
    });
  }
  form.querySelectorAll('select[name="place_region"]').forEach(function (s) {
    if (s.value) s.setAttribute("data-chosen", "1");
  });
  form.setAttribute("data-ready", "1");
})();
