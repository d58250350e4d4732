// Skillsmap map page: draws NUTS outlines and practice points as SVG, with
// filters, region shading, a list and a permalink. No library and no
// network resource beyond this server: the page must work offline.
//
// Data contract (see publisher/mapdata.go):
//   /map/practices.geojson  FeatureCollection of Points; properties: iri, title, page, city,
//                           country {code,label}, regions [NUTS codes, all levels],
//                           skills [{iri,label,notation,area,areaLabel}], targetGroups [{iri,label}],
//                           delivery, description
//   /map/regions.geojson?level=N  FeatureCollection of NUTS outlines; properties: code, label, level
(function () {
  "use strict";
  const svgNS = "http://www.w3.org/2000/svg";
  const el = (id) => document.getElementById(id);
  const state = { practices: [], regions0: null, regions2: null, filters: { skill: "", group: "", country: "", q: "" },
                  view: null, selected: null };

  // Web Mercator, scaled so that x and y are in "map units" (1 unit ≈ 1 degree at the equator).
  function project(lon, lat) {
    const clamped = Math.max(-85, Math.min(85, lat));
    const y = Math.log(Math.tan(Math.PI / 4 + (clamped * Math.PI) / 360)) * (180 / Math.PI);
    return [lon, -y];
  }
  const europe = (function () {
    const a = project(-25, 72), b = project(45, 34);
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

  function setView(v) {
    state.view = v;
    el("map").setAttribute("viewBox", [v.x, v.y, v.w, v.h].map((n) => n.toFixed(3)).join(" "));
    const r = v.w / 180; // keep points a constant size on screen
    for (const c of el("points").children) c.setAttribute("r", (c.classList.contains("selected") ? 7 : 4.5) * r);
    el("points").setAttribute("stroke-width", (0.9 * r).toFixed(4));
    for (const g of [el("outlines0"), el("outlines2")]) g.setAttribute("stroke-width", (g.id === "outlines0" ? 0.6 : 0.25) * r);
  }
  function zoom(factor, cx, cy) {
    const v = state.view;
    if (cx === undefined) { cx = v.x + v.w / 2; cy = v.y + v.h / 2; }
    const w = Math.max(0.5, Math.min(europe.w * 2, v.w * factor)), h = (w * v.h) / v.w;
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
      const t = document.createElementNS(svgNS, "title");
      t.textContent = f.properties.label + " (" + f.properties.code + ")";
      p.appendChild(t);
      group.appendChild(p);
    }
  }

  function matches(f) {
    const p = f.properties, fl = state.filters;
    if (fl.skill && !(p.skills || []).some((s) => s.iri === fl.skill || s.area === fl.skill)) return false;
    if (fl.group && !(p.targetGroups || []).some((g) => g.iri === fl.group)) return false;
    if (fl.country && !(p.country && p.country.code === fl.country)) return false;
    if (fl.q) {
      const hay = [p.title, p.description, p.city, p.country && p.country.label,
        ...(p.skills || []).map((s) => s.label), ...(p.targetGroups || []).map((g) => g.label)].join(" ").toLowerCase();
      if (!fl.q.toLowerCase().split(/\s+/).every((w) => hay.includes(w))) return false;
    }
    return true;
  }

  function shadeRegions(visible) {
    const counts = {};
    for (const f of visible) for (const code of f.properties.regions || []) counts[code] = (counts[code] || 0) + 1;
    let max = 0;
    for (const c of el("outlines2").children) max = Math.max(max, counts[c.dataset.code] || 0);
    for (const c of el("outlines2").children) {
      const n = counts[c.dataset.code] || 0;
      c.style.fillOpacity = n ? (0.15 + 0.6 * (n / max)).toFixed(2) : 0;
      c.querySelector("title").textContent = c.querySelector("title").textContent.replace(/ — \d+ practices?$/, "") +
        (n ? " — " + n + (n === 1 ? " practice" : " practices") : "");
    }
  }

  function render() {
    const visible = state.practices.filter(matches);
    const pts = el("points");
    pts.textContent = "";
    for (const f of visible) {
      if (!f.geometry) continue;
      const [x, y] = project(f.geometry.coordinates[0], f.geometry.coordinates[1]);
      const c = document.createElementNS(svgNS, "circle");
      c.setAttribute("cx", x); c.setAttribute("cy", y);
      c.setAttribute("class", "point" + (state.selected === f.properties.iri ? " selected" : ""));
      c.setAttribute("tabindex", "0");
      c.setAttribute("role", "button");
      c.setAttribute("aria-label", f.properties.title);
      c.dataset.iri = f.properties.iri;
      const t = document.createElementNS(svgNS, "title");
      t.textContent = f.properties.title;
      c.appendChild(t);
      c.addEventListener("click", (e) => { e.stopPropagation(); select(f.properties.iri); });
      c.addEventListener("keydown", (e) => { if (e.key === "Enter") select(f.properties.iri); });
      pts.appendChild(c);
    }
    shadeRegions(visible);
    el("count").textContent = visible.length + " of " + state.practices.length + " practices";
    const list = el("list");
    list.textContent = "";
    for (const f of visible.slice().sort((a, b) => a.properties.title.localeCompare(b.properties.title))) {
      const li = document.createElement("li");
      const a = document.createElement("a");
      a.href = f.properties.page;
      a.textContent = f.properties.title;
      a.addEventListener("click", (e) => { e.preventDefault(); select(f.properties.iri, true); });
      li.appendChild(a);
      const where = [f.properties.city, f.properties.country && f.properties.country.label].filter(Boolean).join(", ");
      if (where) { const s = document.createElement("span"); s.className = "where"; s.textContent = " · " + where; li.appendChild(s); }
      if (state.selected === f.properties.iri) li.className = "selected";
      list.appendChild(li);
    }
    setView(state.view);
  }

  function chip(text, href) {
    const a = document.createElement(href ? "a" : "span");
    a.className = "chip"; a.textContent = text;
    if (href) a.href = href;
    return a;
  }
  function select(iri, centre) {
    state.selected = iri;
    const f = state.practices.find((x) => x.properties.iri === iri);
    const card = el("card");
    if (!f) { card.hidden = true; render(); writePermalink(); return; }
    const p = f.properties;
    card.hidden = false;
    card.textContent = "";
    const h = document.createElement("h2"); h.id = "card-title"; h.textContent = p.title; card.appendChild(h);
    const where = [p.city, p.country && p.country.label].filter(Boolean).join(", ");
    if (where) { const w = document.createElement("p"); w.className = "where"; w.textContent = where; card.appendChild(w); }
    if (p.description) { const d = document.createElement("p"); d.textContent = p.description; card.appendChild(d); }
    const section = (title, items) => {
      if (!items || !items.length) return;
      const h3 = document.createElement("h3"); h3.textContent = title; card.appendChild(h3);
      const div = document.createElement("div"); div.className = "chips";
      for (const it of items) div.appendChild(chip(it.label, it.href));
      card.appendChild(div);
    };
    section("Skills", (p.skills || []).map((s) => ({ label: (s.notation ? s.notation + " " : "") + s.label, href: s.iri })));
    section("Target groups", (p.targetGroups || []).map((g) => ({ label: g.label, href: g.iri })));
    if (p.delivery) section("Delivery", [{ label: p.delivery }]);
    const more = document.createElement("p");
    const a = document.createElement("a"); a.id = "card-link"; a.href = p.page; a.textContent = "Full description and data →";
    more.appendChild(a); card.appendChild(more);
    const close = document.createElement("button"); close.className = "close"; close.textContent = "×";
    close.setAttribute("aria-label", "Close"); close.addEventListener("click", () => select(null));
    card.appendChild(close);
    if (centre && f.geometry) {
      const [x, y] = project(f.geometry.coordinates[0], f.geometry.coordinates[1]);
      const v = state.view;
      setView({ x: x - v.w / 2, y: y - v.h / 2, w: v.w, h: v.h });
    }
    render();
    writePermalink();
  }

  // Permalink: the filters, the selected practice and the view live in the URL fragment.
  function writePermalink() {
    const fl = state.filters, v = state.view, params = new URLSearchParams();
    for (const k of ["skill", "group", "country", "q"]) if (fl[k]) params.set(k, fl[k]);
    if (state.selected) params.set("practice", state.selected);
    if (v) params.set("view", [v.x, v.y, v.w, v.h].map((n) => n.toFixed(2)).join(","));
    history.replaceState(null, "", "#" + params.toString());
  }
  function readPermalink() {
    const params = new URLSearchParams(location.hash.slice(1));
    for (const k of ["skill", "group", "country", "q"]) state.filters[k] = params.get(k) || "";
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
    for (const f of state.practices) {
      const p = f.properties;
      for (const s of p.skills || []) {
        if (s.area) skills.set(s.area, s.areaLabel || s.area);
      }
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
  }

  function wireInteraction() {
    const svg = el("map");
    svg.addEventListener("wheel", (e) => { e.preventDefault(); const p = svgPoint(e); zoom(e.deltaY > 0 ? 1.25 : 0.8, p.x, p.y); }, { passive: false });
    let drag = null;
    svg.addEventListener("pointerdown", (e) => { drag = { x: e.clientX, y: e.clientY, v: { ...state.view }, moved: false }; });
    window.addEventListener("pointermove", (e) => {
      if (!drag) return;
      const scale = drag.v.w / svg.clientWidth, dx = (e.clientX - drag.x) * scale, dy = (e.clientY - drag.y) * scale;
      if (Math.abs(e.clientX - drag.x) + Math.abs(e.clientY - drag.y) > 3) drag.moved = true;
      if (drag.moved) setView({ ...drag.v, x: drag.v.x - dx, y: drag.v.y - dy });
    });
    window.addEventListener("pointerup", () => { if (drag && drag.moved) writePermalink(); drag = null; });
    el("zoom-in").addEventListener("click", () => zoom(0.66));
    el("zoom-out").addEventListener("click", () => zoom(1.5));
    el("zoom-reset").addEventListener("click", () => { setView({ ...europe }); writePermalink(); });
  }

  async function getJSON(url) {
    const r = await fetch(url, { headers: { Accept: "application/geo+json, application/json" } });
    if (!r.ok) throw new Error(url + ": HTTP " + r.status);
    return r.json();
  }

  async function main() {
    const selected = readPermalink();
    setView(state.view);
    wireInteraction();
    const status = el("status");
    try {
      const [pr, r0, r2] = await Promise.all([
        getJSON(el("map").dataset.practices),
        getJSON(el("map").dataset.regions + "?level=0").catch(() => null),
        getJSON(el("map").dataset.regions + "?level=2").catch(() => null),
      ]);
      state.practices = pr.features || [];
      drawOutlines(el("outlines2"), r2, "region");
      drawOutlines(el("outlines0"), r0, "country");
      if (!r0) status.textContent = "No region outlines: the server has no NUTS geodata (see the home page).";
      buildFilters();
      if (selected) select(selected); else render();
      document.body.dataset.ready = "true";
    } catch (e) {
      status.textContent = "Could not load the map data: " + e.message;
    }
  }
  main();
})();
