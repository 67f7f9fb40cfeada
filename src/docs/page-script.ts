/**
 * The docs page's script, inlined so the page opens from disk. It reads the
 * embedded JSON, switches tabs, filters the graph and the model list, and
 * shows a node's details with its upstream and downstream highlighted.
 * It is plain browser JavaScript in a string because the page loads no
 * module and no bundle.
 */
export const pageScript = String.raw`
(() => {
  "use strict";
  const data = JSON.parse(document.getElementById("strata-data").textContent);
  const nodes = new Map(data.nodes.map((n) => [n.id, n]));
  const tests = new Map(data.tests.map((t) => [t.id, t]));
  const children = new Map(data.nodes.map((n) => [n.id, []]));
  for (const n of data.nodes)
    for (const p of n.dependsOn)
      if (children.has(p)) children.get(p).push(n.id);
  const parents = new Map(data.nodes.map((n) => [n.id, n.dependsOn]));
  const svg = document.getElementById("lineage");
  const graphNodes = svg ? [...svg.querySelectorAll(".node")] : [];
  const graphEdges = svg ? [...svg.querySelectorAll(".edge")] : [];

  function walk(start, edges) {
    const found = new Set();
    const stack = [start];
    while (stack.length > 0) {
      for (const next of edges.get(stack.pop()) || []) {
        if (found.has(next)) continue;
        found.add(next);
        stack.push(next);
      }
    }
    return found;
  }

  function el(tag, attrs, ...content) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value !== undefined) node.setAttribute(key, value);
    }
    for (const item of content.flat()) {
      if (item === undefined || item === null) continue;
      node.append(
        typeof item === "string" ? document.createTextNode(item) : item,
      );
    }
    return node;
  }

  function seconds(ms) {
    return (ms / 1000).toFixed(2) + "s";
  }

  function statusCell(status) {
    return el(
      "td",
      {},
      el("span", { class: "status status-" + status }, status),
    );
  }

  function table(headers, rows) {
    return el(
      "table",
      {},
      el(
        "thead",
        {},
        el(
          "tr",
          {},
          headers.map((h) => el("th", {}, h)),
        ),
      ),
      el("tbody", {}, rows),
    );
  }

  function runRows(runs, withRun) {
    return runs.map((r) =>
      el(
        "tr",
        {},
        withRun
          ? el("td", {}, r.startedAt.replace("T", " ").slice(0, 19))
          : null,
        el("td", {}, r.country || "-"),
        statusCell(r.status),
        el("td", { class: "number" }, seconds(r.durationMs)),
        el(
          "td",
          { class: "number" },
          r.rows === undefined ? "" : String(r.rows),
        ),
        withRun ? null : el("td", {}, r.message || ""),
      ),
    );
  }

  function renderDetails(node) {
    const box = document.getElementById("details");
    box.replaceChildren();
    box.hidden = false;
    box.append(
      el(
        "h2",
        {},
        node.name,
        " ",
        el("span", { class: "muted" }, node.kind + " in " + node.layer),
      ),
      el("div", { class: "muted" }, node.path),
      el("p", {}, node.description || "No description."),
      el(
        "div",
        {},
        node.tags.map((t) => el("span", { class: "tag" }, t)),
      ),
    );
    if (node.columns.length > 0) {
      box.append(
        el("h3", {}, "Columns"),
        table(
          ["column", "description"],
          node.columns.map((c) =>
            el(
              "tr",
              {},
              el("td", {}, c.name),
              el("td", {}, c.description || ""),
            ),
          ),
        ),
      );
    }
    if (Object.keys(node.config).length > 0) {
      box.append(
        el("h3", {}, "Resolved config"),
        el("pre", { class: "config" }, JSON.stringify(node.config, null, 2)),
      );
    }
    if (node.tests.length > 0) {
      const rows = node.tests.map((id) => {
        const test = tests.get(id);
        const last = test.lastResults;
        return el(
          "tr",
          {},
          el("td", {}, test.name),
          el("td", {}, test.severity || ""),
          el(
            "td",
            {},
            last.length === 0
              ? "not run"
              : last.map((r) =>
                  el(
                    "span",
                    { class: "status status-" + r.status },
                    (r.country ? r.country + ": " : "") + r.status + " ",
                  ),
                ),
          ),
        );
      });
      box.append(
        el("h3", {}, "Tests"),
        table(["test", "severity", "last result"], rows),
      );
    }
    box.append(el("h3", {}, "Last run"));
    box.append(
      node.lastResults.length === 0
        ? el("p", { class: "muted" }, "Not run yet.")
        : table(
            ["country", "status", "duration", "rows", "message"],
            runRows(node.lastResults, false),
          ),
    );
    if (node.history.length > 1) {
      box.append(
        el("h3", {}, "Run history"),
        table(
          ["started", "country", "status", "duration", "rows"],
          runRows(node.history, true),
        ),
      );
    }
    if (node.rawSql !== undefined) {
      box.append(
        el("h3", {}, "Source SQL"),
        el("pre", { class: "sql-source" }, node.rawSql),
      );
    }
    for (const [country, sql] of Object.entries(node.compiledSql)) {
      const label =
        country === "none" ? "Compiled SQL" : "Compiled SQL for " + country;
      box.append(
        el("h3", {}, label),
        el("pre", { class: "sql-compiled", "data-country": country }, sql),
      );
    }
  }

  function select(id) {
    const node = nodes.get(id);
    if (!node) return;
    const up = walk(id, parents);
    const down = walk(id, children);
    for (const g of graphNodes) {
      const other = g.dataset.id;
      g.classList.toggle("selected", other === id);
      g.classList.toggle("upstream", up.has(other));
      g.classList.toggle("downstream", down.has(other));
      g.classList.toggle(
        "dimmed",
        other !== id && !up.has(other) && !down.has(other),
      );
    }
    const onUp = (x) => x === id || up.has(x);
    const onDown = (x) => x === id || down.has(x);
    for (const e of graphEdges) {
      const lit =
        (onUp(e.dataset.from) && onUp(e.dataset.to)) ||
        (onDown(e.dataset.from) && onDown(e.dataset.to));
      e.classList.toggle("highlighted", lit);
      e.classList.toggle("dimmed", !lit);
    }
    renderDetails(node);
    history.replaceState(null, "", "#node/" + encodeURIComponent(id));
  }

  function clearSelection() {
    for (const item of [...graphNodes, ...graphEdges]) {
      item.classList.remove(
        "selected",
        "upstream",
        "downstream",
        "dimmed",
        "highlighted",
      );
    }
    document.getElementById("details").hidden = true;
  }

  function applyFilters() {
    const layer = document.getElementById("filter-layer").value;
    const tag = document.getElementById("filter-tag").value;
    const text = document
      .getElementById("filter-text")
      .value.trim()
      .toLowerCase();
    const visible = new Set();
    for (const node of data.nodes) {
      const haystack = (
        node.id +
        " " +
        node.name +
        " " +
        (node.description || "")
      ).toLowerCase();
      if (layer && node.layer !== layer) continue;
      if (tag && !node.tags.includes(tag)) continue;
      if (text && !haystack.includes(text)) continue;
      visible.add(node.id);
    }
    for (const g of graphNodes)
      g.classList.toggle("filtered", !visible.has(g.dataset.id));
    for (const e of graphEdges) {
      e.classList.toggle(
        "filtered",
        !visible.has(e.dataset.from) || !visible.has(e.dataset.to),
      );
    }
    for (const row of document.querySelectorAll("tr[data-node]")) {
      row.classList.toggle("filtered", !visible.has(row.dataset.node));
    }
    document.getElementById("filter-count").textContent =
      visible.size + " of " + data.nodes.length + " nodes";
  }

  function showTab(name) {
    for (const button of document.querySelectorAll("nav button")) {
      button.classList.toggle("active", button.dataset.tab === name);
    }
    for (const panel of document.querySelectorAll("section[data-panel]")) {
      panel.hidden = panel.dataset.panel !== name;
    }
    document.getElementById("filters").hidden =
      name !== "lineage" && name !== "models";
  }

  for (const button of document.querySelectorAll("nav button")) {
    button.addEventListener("click", () => {
      showTab(button.dataset.tab);
      history.replaceState(null, "", "#" + button.dataset.tab);
    });
  }
  for (const g of graphNodes) {
    g.addEventListener("click", (event) => {
      event.stopPropagation();
      select(g.dataset.id);
    });
    g.addEventListener("keydown", (event) => {
      if (event.key === "Enter" || event.key === " ") select(g.dataset.id);
    });
  }
  if (svg) svg.addEventListener("click", clearSelection);
  for (const link of document.querySelectorAll(".model-link")) {
    link.addEventListener("click", () => {
      showTab("lineage");
      select(link.dataset.id);
    });
  }
  for (const id of ["filter-layer", "filter-tag", "filter-text"]) {
    document.getElementById(id).addEventListener("input", applyFilters);
  }

  document.getElementById("fit-graph").addEventListener("change", (event) => {
    document
      .querySelector(".graph-wrap")
      .classList.toggle("fit", event.target.checked);
  });

  applyFilters();
  const hash = decodeURIComponent(location.hash.slice(1));
  if (hash.startsWith("node/")) {
    showTab("lineage");
    select(hash.slice(5));
  } else {
    showTab(
      document.querySelector('nav button[data-tab="' + hash + '"]')
        ? hash
        : "lineage",
    );
  }
})();
`;
