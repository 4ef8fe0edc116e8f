#!/usr/bin/env node
// Lays out a model written as semantic XML and writes it back with BPMN diagram interchange (DI):
//   node process-models/scripts/layout.mjs process-models/bpmn/<id>.bpmn [more files]
// Layered left-to-right layout by ELK (elkjs); subprocesses are expanded; boundary events sit on the
// bottom edge of their host and their flows leave from there. Any existing DI is replaced, so use
// it for hand-written models, not for models a process admin arranged in the designer.
import fs from 'node:fs';
import BpmnModdle from 'bpmn-moddle';
import ELK from 'elkjs/lib/elk.bundled.js';
import zeebe from 'zeebe-bpmn-moddle/resources/zeebe.json' with { type: 'json' };

const moddle = new BpmnModdle({ zeebe });
const elk = new ELK();

const SIZE = { event: [36, 36], gateway: [50, 50], task: [100, 80] };
const sizeOf = (el) => (/Event$/.test(el.$type) ? SIZE.event : /Gateway$/.test(el.$type) ? SIZE.gateway : SIZE.task);
const isFlow = (el) => el.$type === 'bpmn:SequenceFlow';
const isBoundary = (el) => el.$type === 'bpmn:BoundaryEvent';
const isScope = (el) => el.$type === 'bpmn:SubProcess';

/** The ELK graph of one scope (process or subprocess); boundary events' flows leave from their host. */
function toElk(scope) {
  const elements = scope.flowElements ?? [];
  const hostOf = new Map(elements.filter(isBoundary).map((b) => [b.id, b.attachedToRef.id]));
  const children = elements
    .filter((el) => !isFlow(el) && !isBoundary(el))
    .map((el) => {
      if (isScope(el)) {
        const inner = toElk(el);
        return { ...inner, id: el.id, layoutOptions: { ...OPTIONS, 'elk.padding': '[top=40,left=30,bottom=60,right=30]' } };
      }
      const [width, height] = sizeOf(el);
      return { id: el.id, width, height };
    });
  const edges = elements.filter(isFlow).map((f) => ({
    id: f.id,
    sources: [hostOf.get(f.sourceRef.id) ?? f.sourceRef.id],
    targets: [hostOf.get(f.targetRef.id) ?? f.targetRef.id],
  }));
  return { id: scope.id, children, edges };
}

const OPTIONS = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.edgeRouting': 'ORTHOGONAL',
  'elk.spacing.nodeNode': '50',
  'elk.layered.spacing.nodeNodeBetweenLayers': '60',
  'elk.spacing.edgeNode': '25',
  'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
  // The XML lists the main path first: flows to earlier elements are the loops (returns, re-dispatch).
  'elk.layered.cycleBreaking.strategy': 'MODEL_ORDER',
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
  'elk.layered.feedbackEdges': 'true',
};

/** Absolute bounds of every laid-out node, and each edge's absolute waypoints. */
function collect(node, offsetX, offsetY, bounds, routes) {
  for (const child of node.children ?? []) {
    const x = offsetX + child.x;
    const y = offsetY + child.y;
    bounds.set(child.id, { x, y, width: child.width, height: child.height });
    collect(child, x, y, bounds, routes);
  }
  for (const edge of node.edges ?? []) {
    // Each scope is laid out on its own: edge coordinates are relative to the scope's node.
    const base = { x: offsetX, y: offsetY };
    const s = edge.sections?.[0];
    if (!s) continue;
    routes.set(
      edge.id,
      [s.startPoint, ...(s.bendPoints ?? []), s.endPoint].map((p) => ({ x: base.x + p.x, y: base.y + p.y })),
    );
  }
}

function placeBoundaries(scope, bounds) {
  const perHost = new Map();
  for (const el of scope.flowElements ?? []) {
    if (isScope(el)) placeBoundaries(el, bounds);
    if (!isBoundary(el)) continue;
    const host = bounds.get(el.attachedToRef.id);
    const i = perHost.get(el.attachedToRef.id) ?? 0;
    perHost.set(el.attachedToRef.id, i + 1);
    const x = host.x + Math.min(host.width - 36, 14 + i * 44);
    bounds.set(el.id, { x, y: host.y + host.height - 18, width: 36, height: 36 });
  }
}

function flowWaypoints(flow, bounds, routes) {
  const src = bounds.get(flow.sourceRef.id);
  const tgt = bounds.get(flow.targetRef.id);
  const mid = (b) => ({ x: b.x + b.width / 2, y: b.y + b.height / 2 });
  const route = routes.get(flow.id);
  if (!isBoundary(flow.sourceRef) && route) return route;
  // From a boundary event: down out of the event, then across to the target's nearest side.
  const start = { x: mid(src).x, y: src.y + src.height };
  const t = mid(tgt);
  const below = Math.max(start.y + 20, t.y);
  const endX = t.x >= start.x ? tgt.x : tgt.x + tgt.width;
  if (Math.abs(t.y - start.y) < 1) return [start, { x: endX, y: t.y }];
  return [start, { x: start.x, y: below }, { x: endX, y: below === t.y ? t.y : below }].concat(below === t.y ? [] : [{ x: endX, y: t.y }]);
}

async function layout(xml) {
  const { rootElement: definitions } = await moddle.fromXML(xml.replace(/<bpmndi:BPMNDiagram[\s\S]*<\/bpmndi:BPMNDiagram>\s*/g, ''));
  definitions.diagrams = [];
  for (const process of definitions.rootElements.filter((e) => e.$type === 'bpmn:Process')) {
    const graph = { ...toElk(process), layoutOptions: OPTIONS };
    const laid = await elk.layout(graph);
    const bounds = new Map();
    const routes = new Map();
    collect(laid, 40, 40, bounds, routes);
    placeBoundaries(process, bounds);
    const planeElements = [];
    const walk = (scope) => {
      for (const el of scope.flowElements ?? []) {
        if (isFlow(el)) continue;
        const b = bounds.get(el.id);
        const shape = moddle.create('bpmndi:BPMNShape', {
          id: `${el.id}_di`,
          bpmnElement: el,
          bounds: moddle.create('dc:Bounds', {
            x: Math.round(b.x),
            y: Math.round(b.y),
            width: Math.round(b.width),
            height: Math.round(b.height),
          }),
        });
        if (isScope(el)) shape.isExpanded = true;
        if (el.$type === 'bpmn:ExclusiveGateway') shape.isMarkerVisible = true;
        planeElements.push(shape);
        if (isScope(el)) walk(el);
      }
      for (const flow of (scope.flowElements ?? []).filter(isFlow)) {
        planeElements.push(
          moddle.create('bpmndi:BPMNEdge', {
            id: `${flow.id}_di`,
            bpmnElement: flow,
            waypoint: flowWaypoints(flow, bounds, routes).map((p) => moddle.create('dc:Point', { x: Math.round(p.x), y: Math.round(p.y) })),
          }),
        );
      }
    };
    walk(process);
    const plane = moddle.create('bpmndi:BPMNPlane', { id: `${process.id}_plane`, bpmnElement: process, planeElement: planeElements });
    definitions.diagrams.push(moddle.create('bpmndi:BPMNDiagram', { id: `${process.id}_diagram`, plane }));
  }
  const { xml: out } = await moddle.toXML(definitions, { format: true });
  return out.endsWith('\n') ? out : `${out}\n`;
}

for (const file of process.argv.slice(2)) {
  fs.writeFileSync(file, await layout(fs.readFileSync(file, 'utf8')));
  console.log(`laid out ${file}`);
}
