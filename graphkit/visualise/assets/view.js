// graphkit network view. Every string from the graph reaches the page through textContent,
// option.value or vis-network's canvas and tooltip (innerText); never through innerHTML.
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("graph-data").textContent);
  var types = data.types;
  var relations = data.relations;
  var details = {};
  var hiddenTypes = {};
  var hiddenRelations = {};
  var state = { nodes: data.nodes.length, edges: data.edges.length, ready: false, selected: null, network: null };
  window.graphkit = state;

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }

  function fold(text) {
    return String(text).normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().trim();
  }

  function typeColour(style) {
    return { background: style.color, border: style.border,
             highlight: { background: style.color, border: "#000" }, hover: { background: style.color, border: "#000" } };
  }
  function communityColour(n) {
    var palette = data.community_colours;
    var colour = n.community < palette.length ? palette[n.community] : "#bbbbbb";
    return { background: colour, border: "#333", highlight: { background: colour, border: "#000" },
             hover: { background: colour, border: "#000" } };
  }
  data.hidden_relations.forEach(function (r) { hiddenRelations[r] = true; });

  var visNodes = data.nodes.map(function (n) {
    details[n.id] = n;
    var style = types[n.type] || types.other;
    var node = {
      id: n.id,
      label: n.label,
      title: n.label + " (" + n.type + ")",
      shape: style.shape,
      color: typeColour(style),
      value: n.size || n.degree + 1,  // degree plus the posts that mention it
    };
    if (n.x !== undefined) { node.x = n.x; node.y = n.y; }
    return node;
  });
  data.edges.forEach(function (e) {  // edges name their ends by position in data.nodes
    e.from = data.nodes[e.from].id;
    e.to = data.nodes[e.to].id;
    e.relations = e.relations || e.relation;
  });
  var visEdges = data.edges.map(function (e, i) {
    var style = relations[e.relation] || relations.other;
    return {
      id: i,
      from: e.from,
      to: e.to,
      title: e.relations.split("; ").join(", ") + " \u00d7" + e.weight,
      color: { color: style.color, highlight: "#000", hover: "#000", opacity: 0.8 },
      width: 1 + Math.log2(e.weight),
      arrows: style.directed ? { to: { enabled: true, scaleFactor: 0.5 } } : undefined,
      physics: style.directed,  // co-mentions are drawn but do not pull: they would knot every article into one ball
      hidden: !!hiddenRelations[e.relation],
    };
  });

  var nodes = new vis.DataSet(visNodes);
  var edges = new vis.DataSet(visEdges);
  var large = data.nodes.length > data.large;
  var options = {
    autoResize: true,
    nodes: {
      borderWidth: 1,
      font: { size: 14, face: "system-ui, sans-serif", strokeWidth: 3, strokeColor: "#ffffff" },
      scaling: { min: 8, max: large ? 60 : 30,
               label: { enabled: true, min: large ? 12 : 20, max: large ? 48 : 34, drawThreshold: large ? 7 : 5, maxVisible: 24 } },
    },
    edges: { smooth: large ? false : { type: "continuous" }, selectionWidth: 2 },
    interaction: { hover: true, tooltipDelay: 150, hideEdgesOnDrag: large, hideEdgesOnZoom: large, navigationButtons: false },
    layout: { randomSeed: 7, improvedLayout: data.nodes.length <= 300 },
    // The nodes arrive with positions laid out in Python, so the first draw is at once; the browser's
    // physics then settles them (live, not behind a blank canvas) and stops.
    physics: data.physics
      ? { solver: "forceAtlas2Based", forceAtlas2Based: { gravitationalConstant: -70, springLength: 90, avoidOverlap: 0.6 },
          stabilization: { enabled: false }, minVelocity: 1.5 }
      : false,
  };

  var container = document.getElementById("network");
  var network = new vis.Network(container, { nodes: [], edges: [] }, options);
  state.network = network;

  var status = document.getElementById("status");
  var fitScale = 1;
  function markReady() {
    network.once("afterDrawing", function () {  // labels are measured once drawn
      fitScale = network.getScale();
      declutter();
      network.once("afterDrawing", function () {
        state.ready = true;
        status.textContent = "";
      });
      network.redraw();
    });
    network.redraw();
  }
  var settled = false;
  function settle() {
    if (settled) return;
    settled = true;
    network.setOptions({ physics: false });
    network.fit();
    markReady();
  }
  if (data.physics && data.nodes.length) {
    network.once("stabilized", settle);
    setTimeout(settle, 2500);  // settle for at most this long; the layout from Python is good enough to stop on
  }
  network.setData({ nodes: nodes, edges: edges });
  network.fit();
  if (!data.physics || !data.nodes.length) markReady();

  // Labels that would overlap at the default zoom are left off, the biggest nodes keeping theirs; they
  // come back on zooming in (and every node names itself in its tooltip and its details).
  var hiddenLabels = {};
  function overlaps(a, b) { return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom; }
  function declutter() {
    if (large) return;  // large views rely on vis-network's label thresholds
    var kept = [];
    var changes = [];
    var order = data.nodes.filter(function (n) { return !hiddenTypes[n.type]; })
      .sort(function (a, b) { return (b.size || 0) - (a.size || 0) || (a.label < b.label ? -1 : 1); });
    var where = network.getPositions(order.map(function (n) { return n.id; }));
    var shapes = order.map(function (n) {  // a label may cover a smaller node, never a bigger one
      var r = (network.body.nodes[n.id].options.size || 10) + 2;
      var p = where[n.id];
      return { id: n.id, size: n.size || 0, left: p.x - r, right: p.x + r, top: p.y - r, bottom: p.y + r };
    });
    order.forEach(function (n) {
      var b = network.getBoundingBox(n.id);
      var box = { left: b.left - 6, right: b.right + 6, top: b.top - 3, bottom: b.bottom + 3 };  // a little air
      var clash = kept.some(function (k) { return overlaps(k, box); }) || shapes.some(function (o) {
        return o.id !== n.id && o.size > (n.size || 0) && overlaps(o, box);
      });
      if (!clash) kept.push(box);
      if (clash !== !!hiddenLabels[n.id]) {
        if (clash) hiddenLabels[n.id] = true; else delete hiddenLabels[n.id];
        changes.push({ id: n.id, label: clash ? "" : n.label });
      }
    });
    if (changes.length) nodes.update(changes);
    state.hiddenLabels = Object.keys(hiddenLabels).length;
  }
  function showAllLabels() {
    var changes = Object.keys(hiddenLabels).map(function (id) { return { id: id, label: details[id].label }; });
    hiddenLabels = {};
    if (changes.length) nodes.update(changes);
    state.hiddenLabels = 0;
  }
  network.on("zoom", function (params) {
    if (!state.ready || large) return;
    if (params.scale > fitScale * 1.8) showAllLabels(); else if (!state.hiddenLabels) declutter();
  });
  state.declutter = declutter;

  // Colour by type (the legend's shapes) or by community (networkx's Louvain, computed in Python).
  var communityLegend = document.getElementById("legend-communities");
  var communitySizes = {};
  data.nodes.forEach(function (n) { communitySizes[n.community] = (communitySizes[n.community] || 0) + 1; });
  Object.keys(communitySizes).sort(function (a, b) { return a - b; }).slice(0, data.community_colours.length)
    .forEach(function (c) {
      var item = el("li");
      var glyph = el("span", "\u25cf", "glyph");
      glyph.style.color = data.community_colours[c];
      item.appendChild(glyph);
      item.appendChild(el("span", "community " + (Number(c) + 1)));
      item.appendChild(el("span", communitySizes[c], "count"));
      communityLegend.appendChild(item);
    });
  function colourBy(mode) {
    state.colourBy = mode;
    visNodes.forEach(function (v, i) {
      var n = data.nodes[i];
      v.color = mode === "community" ? communityColour(n) : typeColour(types[n.type] || types.other);
    });
    nodes.update(visNodes.map(function (v) { return { id: v.id, color: v.color }; }));
    communityLegend.hidden = mode !== "community";
  }
  state.colourBy = "type";
  state.setColourBy = colourBy;
  document.getElementById("colour-community").addEventListener("change", function (event) {
    colourBy(event.target.checked ? "community" : "type");
  });

  // Counts, legend and type toggles.
  document.getElementById("counts").textContent =
    data.nodes.length + " node" + (data.nodes.length === 1 ? "" : "s") + ", " +
    data.edges.length + " edge" + (data.edges.length === 1 ? "" : "s");

  var typeCounts = {};
  data.nodes.forEach(function (n) { typeCounts[n.type] = (typeCounts[n.type] || 0) + 1; });
  var legend = document.getElementById("legend-types");
  Object.keys(types).forEach(function (type) {
    if (!typeCounts[type]) return;
    var item = el("li");
    var label = el("label");
    var box = el("input");
    box.type = "checkbox";
    box.checked = true;
    box.dataset.type = type;
    box.addEventListener("change", function () { setTypeVisible(type, box.checked); });
    var glyph = el("span", types[type].glyph, "glyph");
    glyph.style.color = types[type].color;
    label.appendChild(box);
    label.appendChild(glyph);
    label.appendChild(el("span", types[type].name));
    label.appendChild(el("span", typeCounts[type], "count"));
    item.appendChild(label);
    legend.appendChild(item);
  });
  var relationCounts = {};
  data.edges.forEach(function (e) { relationCounts[e.relation] = (relationCounts[e.relation] || 0) + 1; });
  var relationLegend = document.getElementById("legend-relations");
  Object.keys(relations).forEach(function (relation) {
    if (!relationCounts[relation]) return;
    var item = el("li");
    var label = el("label");
    var box = el("input");
    box.type = "checkbox";
    box.checked = !hiddenRelations[relation];
    box.dataset.relation = relation;
    box.addEventListener("change", function () { setRelationVisible(relation, box.checked); });
    var line = el("span", null, "line");
    line.style.borderColor = relations[relation].color;
    label.appendChild(box);
    label.appendChild(line);
    label.appendChild(el("span", relations[relation].name));
    label.appendChild(el("span", relationCounts[relation], "count"));
    item.appendChild(label);
    relationLegend.appendChild(item);
  });

  function updateEdges() {
    edges.update(data.edges.map(function (e, i) {
      var hidden = hiddenRelations[e.relation] || hiddenTypes[details[e.from].type] || hiddenTypes[details[e.to].type];
      return { id: i, hidden: !!hidden };
    }));
  }
  function setTypeVisible(type, visible) {
    if (visible) delete hiddenTypes[type]; else hiddenTypes[type] = true;
    nodes.update(data.nodes.filter(function (n) { return n.type === type; })
      .map(function (n) { return { id: n.id, hidden: !visible }; }));
    updateEdges();
    if (state.ready) declutter();
  }
  function setRelationVisible(relation, visible) {
    if (visible) delete hiddenRelations[relation]; else hiddenRelations[relation] = true;
    updateEdges();
  }
  state.setTypeVisible = setTypeVisible;
  state.setRelationVisible = setRelationVisible;

  // Details panel.
  var panel = document.getElementById("details");
  function row(list, name, value) {
    if (value === undefined || value === null || value === "" || value === 0) return;
    list.appendChild(el("dt", name));
    list.appendChild(el("dd", value));
  }
  function showDetails(id) {
    var n = details[id];
    while (panel.firstChild) panel.removeChild(panel.firstChild);
    panel.appendChild(el("h2", "Details"));
    if (!n) {
      panel.appendChild(el("p", "Click a node to see who or what it is, and where it was first seen.", "hint"));
      return;
    }
    panel.appendChild(el("h3", n.label));
    var list = el("dl");
    row(list, "type", (types[n.type] || types.other).name + (n.kind ? " (" + n.kind.replace(/_/g, " ") + ")" : ""));
    row(list, "roles", n.roles);
    row(list, "organisation", n.organisations);
    row(list, "org type", n.org_type ? n.org_type.replace(/_/g, " ") : "");
    row(list, "ODS code", n.ods_code);
    row(list, "members", n.members);
    row(list, "connections", String(n.degree));
    panel.appendChild(list);
    if (n.evidence) {
      panel.appendChild(el("h2", "Evidence"));
      panel.appendChild(el("blockquote", n.evidence));
    } else if (n.type === "organisation" && n.ods_code) {
      panel.appendChild(el("p", "No post names it: it comes from the NHS register, as the trust, ICB, region or " +
        "successor of a body the posts name.", "hint"));
    }
    if (n.source) {
      var from = el("p", "from ");
      if (/^https?:\/\//i.test(n.url)) {
        var link = el("a", n.source_label || n.source);
        link.href = n.url;
        link.rel = "noopener noreferrer";
        link.target = "_blank";
        from.appendChild(link);
      } else {
        from.appendChild(el("span", n.source_label || n.source));
      }
      panel.appendChild(from);
    }
    panel.appendChild(el("p", n.id, "iri"));
  }

  // Selecting a node fades everything that is not next to it (in large views only the nodes: fading
  // thousands of edges costs more than it shows). Only what changes state is updated.
  var fadedNode = { background: "#e8e8e8", border: "#d6d6d6", highlight: { background: "#e8e8e8", border: "#999" } };
  var fadedEdge = { color: "#eeeeee", opacity: 0.5 };
  var focusNear = null;  // the ids around the selected node while faded, else null
  var nodeIndex = {};
  visNodes.forEach(function (n, i) { nodeIndex[n.id] = i; });
  function highlight(id) {
    var near = null;
    if (id !== null) {
      near = {};
      near[id] = true;
      network.getConnectedNodes(id).forEach(function (other) { near[other] = true; });
    }
    if (near === null && focusNear === null) return;
    var nodeChanges = [];
    var edgeChanges = [];
    function nodeState(n) {
      var keep = near === null || near[n.id];
      // the selected node and its neighbours show their names, even where the default zoom left them off
      var named = (near !== null && near[n.id]) || !hiddenLabels[n.id];
      nodeChanges.push({ id: n.id, label: named ? details[n.id].label : "", color: keep ? n.color : fadedNode,
                         font: { color: keep ? "#222" : "rgba(0,0,0,0.25)" } });
    }
    function edgeState(e) {
      var keep = near === null || large || e.from === id || e.to === id;
      edgeChanges.push({ id: e.id, color: keep ? e.color : fadedEdge });
    }
    if (focusNear === null || near === null) {
      visNodes.forEach(nodeState);
      if (!large) visEdges.forEach(edgeState);
    } else {
      var touched = {};
      Object.keys(focusNear).concat(Object.keys(near)).forEach(function (other) { touched[other] = true; });
      Object.keys(touched).forEach(function (other) { nodeState(visNodes[nodeIndex[other]]); });
      if (!large) {
        var before = state.selected;
        visEdges.forEach(function (e) {
          if (e.from === id || e.to === id || e.from === before || e.to === before) edgeState(e);
        });
      }
    }
    nodes.update(nodeChanges);
    if (edgeChanges.length) edges.update(edgeChanges);
    focusNear = near;
  }

  function select(id) {
    highlight(id);
    state.selected = id;
    if (id === null) {
      network.unselectAll();
      showDetails(null);
      return;
    }
    network.selectNodes([id]);
    showDetails(id);
  }
  network.on("click", function (params) {
    select(params.nodes.length ? params.nodes[0] : null);
  });

  // Search: exact name first, then names that start with, then contain the text; busiest first.
  var names = document.getElementById("node-names");
  data.nodes.slice().sort(function (a, b) { return b.degree - a.degree; }).slice(0, 5000).forEach(function (n) {
    var option = document.createElement("option");
    option.value = n.label;
    names.appendChild(option);
  });
  var folded = data.nodes.map(function (n) { return { id: n.id, name: fold(n.label), degree: n.degree }; });
  function search(text) {
    var result = document.getElementById("search-result");
    var wanted = fold(text);
    if (!wanted) { result.textContent = ""; return null; }
    var best = null;
    var matches = 0;
    folded.forEach(function (n) {
      var rank = n.id === text ? 0 : n.name === wanted ? 1 : n.name.indexOf(wanted) === 0 ? 2 :
        n.name.indexOf(wanted) > 0 ? 3 : -1;
      if (rank < 0) return;
      matches += 1;
      if (!best || rank < best.rank || (rank === best.rank && n.degree > best.degree)) {
        best = { id: n.id, rank: rank, degree: n.degree };
      }
    });
    if (!best) {
      result.textContent = "No node matches \u201c" + text + "\u201d.";
      return null;
    }
    var n = details[best.id];
    if (hiddenTypes[n.type]) {
      var box = legend.querySelector("input[data-type='" + n.type + "']");
      if (box) box.checked = true;
      setTypeVisible(n.type, true);
    }
    select(best.id);
    network.focus(best.id, { scale: Math.max(network.getScale(), 1.2), animation: { duration: 400 } });
    result.textContent = "Showing " + n.label + (matches > 1 ? " (" + matches + " matches)" : "");
    return best.id;
  }
  state.search = search;
  document.getElementById("search-form").addEventListener("submit", function (event) {
    event.preventDefault();
    search(document.getElementById("search").value);
  });
})();
