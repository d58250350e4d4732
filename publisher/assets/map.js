// Skillsmap map page: draws NUTS outlines and practice points as SVG, with
// filters, region shading, a list and a permalink. No library and no
// network resource beyond this server: the page must work offline.
//
// Data contract (publisher/geojson.go writes it; docs/publishing.md documents it):
//   /map/practices.geojson  FeatureCollection, a Point per place of a practice (several features share a
//                           practice's iri when it runs in several places; geometry null when it has no point);
//                           properties: iri, id, title, lang, page, description, place, city, approximate,
//                           country {code (ISO 3166-1 alpha-3), iso2, nuts, label, iri}, countries [alpha-3],
//                           regions [NUTS codes of the place, all levels], skills [{iri,label,notation,area,areaLabel}],
//                           targetGroups [{iri,label}], types [{iri,label}], delivery, deliveryModes [{iri,label}],
//                           startDate, endDate, adaptedFrom [iri]
//   /map/regions.geojson?level=N  FeatureCollection of NUTS outlines; properties: code, label, nativeLabel,
//                           level, country, iri, page, practices (count)
//   /map/needs.geojson      FeatureCollection, a Point per place of a published need; properties: iri, title,
//                           lang, page, description, place, organisation {iri,label}, skills, targetGroups
// Lineage arcs are drawn from the practices' adaptedFrom: origin → adaptation.
(function () {
  "use strict";
  const svgNS = "http://www.w3.org/2000/svg";
  const el = (id) => document.getElementById(id);
  const state = {
    features: [], practices: new Map(), needs: [], filters: { skill: "", group: "", country: "", q: "", lineage: "", needs: "" },
    view: null, selected: null, visible: new Set(),
  };

  // Web Mercator, scaled so that x and y are in "map units" (1 unit ≈ 1 degree at the equator).
  function project(lon, lat) {
    const clamped = Math.max(-85, Math.min(85, lat));
    const y = Math.log(Math.tan(Math.PI / 4 + (clamped * Math.PI) / 360)) * (180 / Math.PI);
    return [lon, -y];
  }
  const europe = (function () {
    const a = project(-13, 71), b = project(41, 34);
    return { x: a[0], y: a[1], w: b[0] - a[0], h: b[1] - a[1] };
  })();

  function ringPath(ring) {
    let d = "";
    for (let i = 0; i < ring.length; i++) {
      const p = project(ring[i][0], ring[i][1]);
      d += (i ? "L" : "M") + p[0].toFixed(3) + " " + p[1].toFixed(3);
    }
    return d + "Z";
  }
  function geometryPath(g) {
    if (!g) return "";
    if (g.type === "Polygon") return g.coordinates.map(ringPath).join("");
    if (g.type === "MultiPolygon") return g.coordinates.map((poly) => poly.map(ringPath).join("")).join("");
    return "";
  }

  // The view box keeps the aspect ratio of the SVG element, so that
  // zooming and panning never distort the map.
  function fitAspect(v) {
    const svg = el("map"), w = svg.clientWidth || 800, h = svg.clientHeight || 600;
    const want = h / w;
    if (v.h / v.w < want) { const nh = v.w * want; return { x: v.x, y: v.y - (nh - v.h) / 2, w: v.w, h: nh }; }
    const nw = v.h / want;
    return { x: v.x - (nw - v.w) / 2, y: v.y, w: nw, h: v.h };
  }
  function setView(v) {
    state.view = v;
    const shown = fitAspect(v);
    el("map").setAttribute("viewBox", [shown.x, shown.y, shown.w, shown.h].map((n) => n.toFixed(3)).join(" "));
    const unit = shown.w / (el("map").clientWidth || 800); // map units per screen pixel
    for (const c of el("points").children) {
      const r = (c.classList.contains("selected") ? 8 : 5.5) * unit;
      const spread = Number(c.dataset.spread || 0) * 9 * unit, angle = Number(c.dataset.angle || 0);
      c.setAttribute("r", r);
      c.setAttribute("cx", Number(c.dataset.x) + spread * Math.cos(angle));
      c.setAttribute("cy", Number(c.dataset.y) + spread * Math.sin(angle));
    }
    el("points").setAttribute("stroke-width", (1.5 * unit).toFixed(4));
    el("arcs").setAttribute("stroke-width", (2 * unit).toFixed(4));
    state.unit = unit;
    layoutArcs();
    for (const n of el("needs").children) {
      const r = 6 * unit, x = Number(n.dataset.x), y = Number(n.dataset.y);
      n.setAttribute("points", [[x, y - r], [x + r, y], [x, y + r], [x - r, y]].map((p) => p.join(",")).join(" "));
    }
    el("needs").setAttribute("stroke-width", (1.5 * unit).toFixed(4));
    el("outlines0").setAttribute("stroke-width", (0.9 * unit).toFixed(4));
    el("outlines2").setAttribute("stroke-width", (0.4 * unit).toFixed(4));
  }
  function zoom(factor, cx, cy) {
    const v = state.view;
    if (cx === undefined) { cx = v.x + v.w / 2; cy = v.y + v.h / 2; }
    const w = Math.max(0.3, Math.min(europe.w * 2, v.w * factor)), h = (w * v.h) / v.w;
    setView({ x: cx - ((cx - v.x) * w) / v.w, y: cy - ((cy - v.y) * h) / v.h, w, h });
    writePermalink();
  }
  function svgPoint(evt) {
    const svg = el("map"), pt = svg.createSVGPoint();
    pt.x = evt.clientX; pt.y = evt.clientY;
    return pt.matrixTransform(svg.getScreenCTM().inverse());
  }

  function drawOutlines(group, fc, cls) {
    group.textContent = "";
    if (!fc) return;
    for (const f of fc.features) {
      const p = document.createElementNS(svgNS, "path");
      p.setAttribute("d", geometryPath(f.geometry));
      p.setAttribute("class", cls);
      p.dataset.code = f.properties.code;
      p.dataset.label = f.properties.label;
      const t = document.createElementNS(svgNS, "title");
      t.textContent = f.properties.label + " (" + f.properties.code + ")";
      p.appendChild(t);
      group.appendChild(p);
    }
  }

  function matches(p) {
    const fl = state.filters;
    if (fl.skill && !(p.skills || []).some((s) => s.iri === fl.skill || s.area === fl.skill)) return false;
    if (fl.group && !(p.targetGroups || []).some((g) => g.iri === fl.group)) return false;
    if (fl.country && !(p.countries || []).includes(fl.country) && !(p.country && p.country.code === fl.country)) return false;
    if (fl.q) {
      const hay = fold([p.title, p.description, p.city, p.country && p.country.label,
        ...(p.skills || []).map((s) => s.label), ...(p.targetGroups || []).map((g) => g.label),
        ...(p.types || []).map((t) => t.label)].join(" "));
      if (!fold(fl.q).split(/\s+/).every((w) => hay.includes(w))) return false;
    }
    return true;
  }
  function fold(s) { return (s || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase(); }

  // Regions are shaded by the number of distinct practices in them.
  function shadeRegions(visibleFeatures) {
    const counts = {};
    const seen = new Set();
    for (const f of visibleFeatures) {
      for (const code of f.properties.regions || []) {
        const key = code + " " + f.properties.iri;
        if (!seen.has(key)) { seen.add(key); counts[code] = (counts[code] || 0) + 1; }
      }
    }
    let max = 0;
    for (const c of el("outlines2").children) max = Math.max(max, counts[c.dataset.code] || 0);
    for (const c of el("outlines2").children) {
      const n = counts[c.dataset.code] || 0;
      c.style.fillOpacity = n ? (0.18 + 0.62 * Math.sqrt(n / max)).toFixed(2) : 0;
      c.querySelector("title").textContent = c.dataset.label + " (" + c.dataset.code + ")" +
        (n ? " — " + n + (n === 1 ? " practice" : " practices") : "");
    }
    const legend = el("legend");
    if (max > 0 && el("outlines2").children.length) {
      legend.hidden = false;
      legend.innerHTML = "";
      const t = document.createElement("span"); t.textContent = "Practices per region: "; legend.appendChild(t);
      for (const n of [1, Math.ceil(max / 2), max].filter((v, i, a) => a.indexOf(v) === i)) {
        const sw = document.createElement("i");
        sw.style.opacity = (0.18 + 0.62 * Math.sqrt(n / max)).toFixed(2);
        legend.appendChild(sw);
        legend.appendChild(document.createTextNode(String(n) + " "));
      }
    } else legend.hidden = true;
  }

  function render() {
    const visibleFeatures = state.features.filter((f) => matches(f.properties));
    state.visible = new Set(visibleFeatures.map((f) => f.properties.iri));
    const pts = el("points");
    pts.textContent = "";
    // Places at the same spot are spread in a small circle, so each can be clicked.
    const spots = new Map();
    for (const f of visibleFeatures) {
      if (!f.geometry) continue;
      const key = f.geometry.coordinates.map((c) => c.toFixed(3)).join(",");
      if (!spots.has(key)) spots.set(key, []);
      spots.get(key).push(f);
    }
    for (const group of spots.values()) {
      group.forEach((f, i) => {
        const [x, y] = project(f.geometry.coordinates[0], f.geometry.coordinates[1]);
        const c = document.createElementNS(svgNS, "circle");
        c.dataset.x = x; c.dataset.y = y;
        if (group.length > 1) { c.dataset.spread = 1; c.dataset.angle = (2 * Math.PI * i) / group.length - Math.PI / 2; }
        c.setAttribute("class", "point" + (state.selected === f.properties.iri ? " selected" : "") + (f.properties.approximate ? " approximate" : ""));
        c.setAttribute("tabindex", "0");
        c.setAttribute("role", "button");
        c.setAttribute("aria-label", f.properties.title + (f.properties.city ? ", " + f.properties.city : ""));
        c.dataset.iri = f.properties.iri;
        const t = document.createElementNS(svgNS, "title");
        t.textContent = f.properties.title + (f.properties.city ? " — " + f.properties.city : "");
        c.appendChild(t);
        c.addEventListener("click", (e) => { e.stopPropagation(); select(f.properties.iri); });
        c.addEventListener("keydown", (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); select(f.properties.iri); } });
        pts.appendChild(c);
      });
    }
    // Draw the selected practice's points last, on top.
    for (const c of [...pts.children]) if (c.classList.contains("selected")) pts.appendChild(c);
    drawArcs();
    drawNeeds();
    shadeRegions(visibleFeatures);
    const total = state.practices.size, shown = state.visible.size;
    el("count").textContent = shown === total ? total + " practices" : shown + " of " + total + " practices";
    const list = el("list");
    list.textContent = "";
    const entries = [...state.visible].map((iri) => state.practices.get(iri))
      .sort((a, b) => a.title.localeCompare(b.title));
    for (const p of entries) {
      const li = document.createElement("li");
      li.dataset.iri = p.iri;
      const a = document.createElement("a");
      a.href = p.page;
      a.textContent = p.title;
      if (p.lang) a.lang = p.lang;
      a.addEventListener("click", (e) => { e.preventDefault(); select(p.iri, true); });
      li.appendChild(a);
      const where = p.where;
      if (where) { const s = document.createElement("span"); s.className = "where"; s.textContent = where; li.appendChild(s); }
      if (!p.hasPoint) { const s = document.createElement("span"); s.className = "nopoint"; s.textContent = "not on the map"; li.appendChild(s); }
      if (state.selected === p.iri) li.className = "selected";
      list.appendChild(li);
    }
    setView(state.view);
  }

  // Lineage: a curved arrow from each origin to each visible adaptation.
  function drawArcs() {
    const g = el("arcs");
    g.textContent = "";
    if (!state.filters.lineage) return;
    for (const iri of state.visible) {
      const p = state.practices.get(iri);
      if (!p || !p.point) continue;
      for (const from of p.adaptedFrom || []) {
        const o = state.practices.get(from);
        if (!o || !o.point) continue;
        const path = document.createElementNS(svgNS, "path");
        path.setAttribute("class", "arc");
        path.dataset.from = from; path.dataset.to = iri;
        const t = document.createElementNS(svgNS, "title");
        t.textContent = o.title + " → " + p.title;
        path.appendChild(t);
        g.appendChild(path);
      }
    }
    layoutArcs();
  }
  // pointOf is where a practice's first point is drawn now: points at the
  // same spot are spread, and an adaptation in its origin's own city must
  // still show an arc between the two.
  function pointOf(iri) {
    const p = state.practices.get(iri);
    const [x, y] = project(p.point[0], p.point[1]);
    let any = null;
    for (const c of el("points").children) {
      if (c.dataset.iri !== iri) continue;
      if (Math.abs(Number(c.dataset.x) - x) < 1e-9 && Math.abs(Number(c.dataset.y) - y) < 1e-9) {
        return [Number(c.getAttribute("cx")), Number(c.getAttribute("cy"))];
      }
      any = any || c;
    }
    return any ? [Number(any.getAttribute("cx")), Number(any.getAttribute("cy"))] : [x, y];
  }
  // layoutArcs bends each arc to the left of its direction, more for
  // longer arcs, at least a few pixels at any zoom.
  function layoutArcs() {
    const unit = state.unit || 1;
    for (const path of el("arcs").children) {
      const [x1, y1] = pointOf(path.dataset.from), [x2, y2] = pointOf(path.dataset.to);
      const dx = x2 - x1, dy = y2 - y1, len = Math.hypot(dx, dy);
      if (len < unit) {
        // The same spot: a small loop above it.
        const r = 10 * unit;
        path.setAttribute("d", "M" + x1 + " " + y1 + "C" + (x1 - r) + " " + (y1 - 2 * r) + " " + (x1 + r) + " " + (y1 - 2 * r) + " " + x2 + " " + y2);
        continue;
      }
      const bend = Math.max(8 * unit, 0.25 * len), cx = (x1 + x2) / 2 - (dy / len) * bend, cy = (y1 + y2) / 2 + (dx / len) * bend;
      path.setAttribute("d", "M" + x1 + " " + y1 + "Q" + cx + " " + cy + " " + x2 + " " + y2);
    }
  }
  // Needs: diamonds where cities published what they look for.
  function drawNeeds() {
    const g = el("needs");
    g.textContent = "";
    if (!state.filters.needs) return;
    for (const f of state.needs) {
      if (!f.geometry) continue;
      const [x, y] = project(f.geometry.coordinates[0], f.geometry.coordinates[1]);
      const d = document.createElementNS(svgNS, "polygon");
      d.dataset.x = x; d.dataset.y = y; d.dataset.iri = f.properties.iri;
      d.setAttribute("class", "need");
      d.setAttribute("tabindex", "0");
      d.setAttribute("role", "button");
      d.setAttribute("aria-label", "Need: " + f.properties.title);
      const t = document.createElementNS(svgNS, "title");
      t.textContent = "Need: " + f.properties.title + (f.properties.place ? " — " + f.properties.place : "");
      d.appendChild(t);
      d.addEventListener("click", (e) => { e.stopPropagation(); showNeed(f.properties); });
      g.appendChild(d);
    }
  }
  function showNeed(n) {
    const card = el("card");
    card.hidden = false;
    card.textContent = "";
    const k = document.createElement("p"); k.className = "kind"; k.textContent = "Need"; card.appendChild(k);
    const h = document.createElement("h2"); h.id = "card-title"; h.textContent = n.title; if (n.lang) h.lang = n.lang; card.appendChild(h);
    const w = [n.place, n.organisation && n.organisation.label].filter(Boolean).join(" · ");
    if (w) { const p = document.createElement("p"); p.className = "where"; p.textContent = w; card.appendChild(p); }
    if (n.description) { const d = document.createElement("p"); d.className = "desc"; d.textContent = n.description; card.appendChild(d); }
    const chips = (items) => { const div = document.createElement("div"); div.className = "chips"; for (const it of items) div.appendChild(chip(it.label, it.iri)); card.appendChild(div); };
    if ((n.skills || []).length) chips(n.skills);
    if ((n.targetGroups || []).length) chips(n.targetGroups);
    const more = document.createElement("p");
    const a = document.createElement("a"); a.href = n.page; a.textContent = "The need →"; more.appendChild(a); card.appendChild(more);
    const close = document.createElement("button"); close.className = "close"; close.type = "button"; close.textContent = "×";
    close.setAttribute("aria-label", "Close"); close.addEventListener("click", () => { card.hidden = true; });
    card.appendChild(close);
  }

  function chip(text, href, cls) {
    const a = document.createElement(href ? "a" : "span");
    a.className = "chip" + (cls ? " " + cls : ""); a.textContent = text;
    if (href) a.href = href;
    return a;
  }
  function select(iri, centre) {
    state.selected = iri;
    const p = iri && state.practices.get(iri);
    const card = el("card");
    if (!p) { card.hidden = true; state.selected = null; render(); writePermalink(); return; }
    card.hidden = false;
    card.textContent = "";
    const h = document.createElement("h2"); h.id = "card-title"; h.textContent = p.title; if (p.lang) h.lang = p.lang; card.appendChild(h);
    if (p.where) { const w = document.createElement("p"); w.className = "where"; w.textContent = p.where; card.appendChild(w); }
    if (p.description) { const d = document.createElement("p"); d.className = "desc"; d.textContent = p.description; card.appendChild(d); }
    const section = (title, items, cls) => {
      if (!items || !items.length) return;
      const h3 = document.createElement("h3"); h3.textContent = title; card.appendChild(h3);
      const div = document.createElement("div"); div.className = "chips";
      for (const it of items) div.appendChild(chip(it.label, it.href, cls));
      card.appendChild(div);
    };
    section("Skills", (p.skills || []).map((s) => ({ label: (s.notation ? s.notation + " " : "") + s.label, href: s.iri })), "skill");
    section("Target groups", (p.targetGroups || []).map((g) => ({ label: g.label, href: g.iri })));
    section("Kind", (p.types || []).map((t) => ({ label: t.label, href: t.iri })));
    if (p.delivery) section("Delivery", [{ label: p.delivery }]);
    const more = document.createElement("p");
    const a = document.createElement("a"); a.id = "card-link"; a.href = p.page; a.textContent = "Full description and data →";
    more.appendChild(a); card.appendChild(more);
    const close = document.createElement("button"); close.className = "close"; close.type = "button"; close.textContent = "×";
    close.setAttribute("aria-label", "Close"); close.addEventListener("click", () => select(null));
    card.appendChild(close);
    if (centre && p.point) {
      const [x, y] = project(p.point[0], p.point[1]);
      const v = state.view;
      setView({ x: x - v.w / 2, y: y - v.h / 2, w: v.w, h: v.h });
    }
    render();
    const li = el("list").querySelector("li.selected");
    if (li && li.scrollIntoView) li.scrollIntoView({ block: "nearest" });
    writePermalink();
  }

  // Permalink: the filters, the selected practice and the view live in the URL fragment.
  function writePermalink() {
    const fl = state.filters, v = state.view, params = new URLSearchParams();
    for (const k of ["skill", "group", "country", "q", "lineage", "needs"]) if (fl[k]) params.set(k, fl[k]);
    if (state.selected) params.set("practice", state.selected);
    if (v) params.set("view", [v.x, v.y, v.w, v.h].map((n) => n.toFixed(2)).join(","));
    history.replaceState(null, "", "#" + params.toString());
  }
  function readPermalink() {
    const params = new URLSearchParams(location.hash.slice(1));
    for (const k of ["skill", "group", "country", "q", "lineage", "needs"]) state.filters[k] = params.get(k) || "";
    const v = (params.get("view") || "").split(",").map(Number);
    state.view = v.length === 4 && v.every(isFinite) && v[2] > 0 && v[3] > 0 ? { x: v[0], y: v[1], w: v[2], h: v[3] } : { ...europe };
    return params.get("practice");
  }

  function fillSelect(id, options) {
    const s = el(id);
    for (const [value, label] of options) {
      const o = document.createElement("option"); o.value = value; o.textContent = label; s.appendChild(o);
    }
    s.value = state.filters[s.name] || "";
    s.addEventListener("change", () => { state.filters[s.name] = s.value; render(); writePermalink(); });
  }
  function buildFilters() {
    const skills = new Map(), groups = new Map(), countries = new Map();
    for (const p of state.practices.values()) {
      for (const s of p.skills || []) if (s.area) skills.set(s.area, s.areaLabel || s.area);
      for (const g of p.targetGroups || []) groups.set(g.iri, g.label);
      if (p.country) countries.set(p.country.code, p.country.label);
    }
    const sorted = (m) => [...m.entries()].sort((a, b) => a[1].localeCompare(b[1]));
    fillSelect("f-skill", sorted(skills));
    fillSelect("f-group", sorted(groups));
    fillSelect("f-country", sorted(countries));
    const q = el("f-q");
    q.value = state.filters.q;
    q.addEventListener("input", () => { state.filters.q = q.value.trim(); render(); writePermalink(); });
    for (const [id, key] of [["f-lineage", "lineage"], ["f-needs", "needs"]]) {
      const box = el(id);
      box.checked = !!state.filters[key];
      box.addEventListener("change", async () => {
        state.filters[key] = box.checked ? "1" : "";
        if (key === "needs" && box.checked && !state.needsLoaded) await loadNeeds();
        render(); writePermalink();
      });
    }
    el("f-reset").addEventListener("click", () => {
      for (const k of ["skill", "group", "country", "q"]) state.filters[k] = "";
      for (const id of ["f-skill", "f-group", "f-country", "f-q"]) el(id).value = "";
      render(); writePermalink();
    });
  }

  function wireInteraction() {
    const svg = el("map");
    svg.addEventListener("wheel", (e) => { e.preventDefault(); const p = svgPoint(e); zoom(e.deltaY > 0 ? 1.25 : 0.8, p.x, p.y); }, { passive: false });
    let drag = null;
    svg.addEventListener("pointerdown", (e) => { drag = { x: e.clientX, y: e.clientY, v: { ...state.view }, moved: false }; });
    window.addEventListener("pointermove", (e) => {
      if (!drag) return;
      const scale = fitAspect(drag.v).w / svg.clientWidth, dx = (e.clientX - drag.x) * scale, dy = (e.clientY - drag.y) * scale;
      if (Math.abs(e.clientX - drag.x) + Math.abs(e.clientY - drag.y) > 3) drag.moved = true;
      if (drag.moved) { svg.classList.add("dragging"); setView({ ...drag.v, x: drag.v.x - dx, y: drag.v.y - dy }); }
    });
    window.addEventListener("pointerup", () => { if (drag && drag.moved) writePermalink(); svg.classList.remove("dragging"); drag = null; });
    window.addEventListener("resize", () => setView(state.view));
    window.addEventListener("keydown", (e) => { if (e.key === "Escape") select(null); });
    el("zoom-in").addEventListener("click", () => zoom(0.66));
    el("zoom-out").addEventListener("click", () => zoom(1.5));
    el("zoom-reset").addEventListener("click", () => { setView({ ...europe }); writePermalink(); });
  }

  async function getJSON(url) {
    const r = await fetch(url, { headers: { Accept: "application/geo+json, application/json" } });
    if (!r.ok) throw new Error(url + ": HTTP " + r.status);
    return r.json();
  }

  // One entry per practice, from its features.
  function collectPractices() {
    state.practices = new Map();
    for (const f of state.features) {
      const p = f.properties;
      let e = state.practices.get(p.iri);
      if (!e) {
        e = { ...p, cities: [], hasPoint: false, point: null };
        state.practices.set(p.iri, e);
      }
      if (p.city && !e.cities.includes(p.city)) e.cities.push(p.city);
      if (f.geometry && !e.point) { e.point = f.geometry.coordinates; e.hasPoint = true; }
    }
    for (const e of state.practices.values()) {
      const country = e.country && e.country.label;
      e.where = [e.cities.filter((c) => c !== country).join(", "), country].filter(Boolean).join(" · ");
    }
  }

  async function loadNeeds() {
    const url = el("map").dataset.needs;
    if (!url) return;
    try { state.needs = (await getJSON(url)).features || []; state.needsLoaded = true; } catch (e) { el("status").textContent = "Could not load the needs: " + e.message; }
  }

  async function main() {
    const selected = readPermalink();
    setView(state.view);
    wireInteraction();
    const status = el("status"), map = el("map");
    try {
      const regionsURL = map.dataset.regions;
      const [pr, r0, r2] = await Promise.all([
        getJSON(map.dataset.practices),
        regionsURL ? getJSON(regionsURL + "?level=0").catch(() => null) : null,
        regionsURL ? getJSON(regionsURL + "?level=2").catch(() => null) : null,
      ]);
      state.features = pr.features || [];
      collectPractices();
      drawOutlines(el("land"), r0, "land");
      drawOutlines(el("outlines2"), r2, "region");
      drawOutlines(el("outlines0"), r0, "country");
      if (!r0) status.textContent = "No region outlines: the server has no NUTS geodata (see the home page).";
      if (state.filters.needs) await loadNeeds();
      buildFilters();
      if (selected && state.practices.has(selected)) select(selected); else render();
      document.body.dataset.ready = "true";
    } catch (e) {
      status.textContent = "Could not load the map data: " + e.message;
    }
  }
  main();
})();
