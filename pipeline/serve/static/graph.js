// Graph page: fetch the elements from /api/graph (same filters) and draw them with cytoscape; an edge opens its evidence.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var box = document.getElementById("cy");
  var status = document.getElementById("graph-status");
  var colours = {theme: "#f59f00", target: "#7048e8", country: "#1c7ed6", actor: "#37b24d"};
  fetch(box.dataset.source, {headers: {"Accept": "application/json"}})
    .then(function (r) { if (!r.ok) { throw new Error("HTTP " + r.status); } return r.json(); })
    .then(function (data) {
      var edges = data.elements.filter(function (e) { return e.data.source; }).length;
      var nodes = data.elements.length - edges;
      var cut = Object.keys(data.left_out).filter(function (k) { return data.left_out[k]; })
        .map(function (k) { return data.left_out[k] + " weaker " + k + " edges left out"; });
      status.textContent = nodes + " nodes, " + edges + " edges" + (cut.length ? " (" + cut.join(", ") + ")" : "");
      if (!nodes) { status.textContent = "No links match these filters."; return; }
      var maxN = Math.max.apply(null, data.elements.map(function (e) { return e.data.n || 1; }));
      var cy = cytoscape({
        container: box,
        elements: data.elements,
        wheelSensitivity: 0.3,
        style: [
          {selector: "node", style: {"label": "data(label)", "font-size": 11, "text-valign": "center", "text-halign": "right",
            "text-margin-x": 4, "width": 16, "height": 16, "color": "#1d2330", "text-outline-color": "#fff", "text-outline-width": 2}},
          {selector: "node[kind = 'theme']", style: {"background-color": colours.theme, "shape": "round-rectangle"}},
          {selector: "node[kind = 'target']", style: {"background-color": colours.target, "shape": "diamond", "width": 20, "height": 20}},
          {selector: "node[kind = 'country']", style: {"background-color": colours.country}},
          {selector: "node[kind = 'actor']", style: {"background-color": colours.actor, "shape": "triangle"}},
          {selector: "edge", style: {"width": "mapData(n, 1, " + Math.max(2, maxN) + ", 1.5, 9)", "line-color": "#adb5bd",
            "curve-style": "bezier", "target-arrow-shape": "triangle", "target-arrow-color": "#adb5bd", "opacity": 0.8}},
          {selector: "edge[kind = 'theme']", style: {"line-color": "#ffc078", "target-arrow-color": "#ffc078"}},
          {selector: "edge[kind = 'country']", style: {"line-color": "#74c0fc", "target-arrow-color": "#74c0fc"}},
          {selector: "edge[kind = 'actor']", style: {"line-color": "#8ce99a", "target-arrow-color": "#8ce99a"}},
          {selector: "edge:selected, edge.hover", style: {"line-color": "#e03131", "target-arrow-color": "#e03131", "opacity": 1}},
          {selector: ".faded", style: {"opacity": 0.12}}
        ],
        layout: {name: "cose", animate: false, randomize: true, nodeDimensionsIncludeLabels: true, padding: 30,
          nodeRepulsion: 400000, nodeOverlap: 20, idealEdgeLength: 110, gravity: 0.25, componentSpacing: 80}
      });
      window.nexusGraph = cy;
      cy.on("tap", "edge", function (evt) { window.location.href = evt.target.data("href"); });
      cy.on("mouseover", "edge", function (evt) { evt.target.addClass("hover"); status.textContent = evt.target.data("title") + " (click to open the evidence)"; });
      cy.on("mouseout", "edge", function (evt) { evt.target.removeClass("hover"); });
      cy.on("tap", "node", function (evt) {
        var hood = evt.target.closedNeighborhood();
        cy.elements().addClass("faded"); hood.removeClass("faded");
        status.textContent = (evt.target.data("title") || evt.target.data("label")) + ": " + evt.target.connectedEdges().length + " edges";
      });
      cy.on("tap", function (evt) { if (evt.target === cy) { cy.elements().removeClass("faded"); } });
    })
    .catch(function (err) { status.textContent = "The graph could not be loaded: " + err.message; });
});
