// Progressive enhancement of a network page: draws the same subjects and links as the page's
// tables as an interactive graph (Cytoscape.js, served from this site). Without JavaScript, or
// if Cytoscape.js did not load, the tables are the page.
(function () {
  'use strict'

  var mount = document.getElementById('network-graph')
  var data = mount && document.getElementById(mount.getAttribute('data-graph'))
  if (!mount || !data || typeof window.cytoscape !== 'function') {
    return
  }
  var graph = JSON.parse(data.textContent)
  if (!graph.nodes.length) {
    return
  }

  var caption = document.createElement('p')
  caption.className = 'govuk-body'
  caption.id = 'network-graph-caption'
  caption.textContent = mount.getAttribute('data-caption')
  var canvas = document.createElement('div')
  canvas.className = 'smh-network__canvas'
  canvas.setAttribute('role', 'img')
  canvas.setAttribute('aria-labelledby', 'network-graph-caption')
  mount.appendChild(caption)
  mount.appendChild(canvas)

  // GOV.UK colours; children are squares so the kind is not told by colour alone.
  var shapes = { child: 'rectangle', person: 'ellipse', group: 'ellipse', place: 'diamond' }
  var colours = { child: '#d4351c', person: '#1d70b8', group: '#1d70b8', place: '#00703c' }

  window.cytoscape({
    container: canvas,
    elements: graph,
    layout: { name: 'preset', fit: true, padding: 40 },
    wheelSensitivity: 0.3,
    style: [
      {
        selector: 'node',
        style: {
          label: 'data(label)',
          'font-family': 'Arial, Helvetica, sans-serif',
          'font-size': 12,
          color: '#0b0c0c',
          'text-valign': 'bottom',
          'text-margin-y': 4,
          width: 18,
          height: 18,
          'border-width': 1,
          'border-color': '#0b0c0c',
          'background-color': function (node) { return colours[node.data('kind')] || '#f47738' },
          shape: function (node) { return shapes[node.data('kind')] || 'ellipse' }
        }
      },
      { selector: 'node[?subject]', style: { 'border-width': 4, 'font-weight': 'bold' } },
      { selector: 'edge', style: { width: 1.5, 'line-color': '#505a5f', 'curve-style': 'haystack' } },
      { selector: 'edge:selected', style: { label: 'data(label)', 'font-size': 11, width: 3 } }
    ]
  })
})()
