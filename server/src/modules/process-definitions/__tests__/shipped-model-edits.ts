import assert from 'node:assert/strict';

/** Edits of a shipped BPMN file for deploy-rule tests: by element id, keeping the file parseable (DI included). */

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The whole `<prefix:tag id="id" …/>` or `<prefix:tag id="id" …>…</prefix:tag>` element. */
const elementPattern = (id: string, prefix = 'bpmn') =>
  new RegExp(`[ \\t]*<${prefix}:(\\w+) id="${escape(id)}"[^>]*?(?:/>|>[\\s\\S]*?</${prefix}:\\1>)\\n?`);

/** Flow elements whose attribute `attr` is `id`. */
function flowsWith(xml: string, attr: 'sourceRef' | 'targetRef', id: string): Array<{ id: string; text: string; targetRef: string }> {
  const out = [];
  const re = /<bpmn:sequenceFlow id="([^"]+)"[^>]*?(?:\/>|>[\s\S]*?<\/bpmn:sequenceFlow>)/g;
  for (const m of xml.matchAll(re)) {
    const open = /<bpmn:sequenceFlow[^>]*>/.exec(m[0])![0];
    if (open.includes(`${attr}="${id}"`)) out.push({ id: m[1], text: m[0], targetRef: /targetRef="([^"]+)"/.exec(open)![1] });
  }
  return out;
}

const withoutDi = (xml: string, elementId: string) =>
  xml.replace(
    new RegExp(`[ \\t]*<bpmndi:(BPMNShape|BPMNEdge) id="[^"]*" bpmnElement="${escape(elementId)}"[\\s\\S]*?</bpmndi:\\1>\\n?`),
    '',
  );

/**
 * Remove a node (without boundary events) and reconnect: its outgoing flows go, its incoming flows
 * now lead where its first outgoing flow led.
 */
export function removeNode(xml: string, id: string): string {
  assert.match(xml, elementPattern(id), `no element ${id}`);
  const outgoing = flowsWith(xml, 'sourceRef', id);
  assert.ok(outgoing.length > 0, `${id} has no outgoing flow`);
  let out = xml.replace(elementPattern(id), '');
  out = withoutDi(out, id);
  for (const f of outgoing) out = withoutDi(out.replace(f.text, ''), f.id);
  for (const f of flowsWith(out, 'targetRef', id))
    out = out.replace(f.text, f.text.replace(`targetRef="${id}"`, `targetRef="${outgoing[0].targetRef}"`));
  return out;
}

/** Add XML right before the closing tag of the subprocess (or process) `scopeId`. */
export function addToScope(xml: string, scopeId: string, snippet: string): string {
  const m = elementPattern(scopeId).exec(xml);
  assert.ok(m, `no scope ${scopeId}`);
  const closing = m[0].lastIndexOf('</');
  return xml.replace(m[0], `${m[0].slice(0, closing)}${snippet}\n${m[0].slice(closing)}`);
}

/** Insert an unlocked service task on the flow from `from` to `to`. */
export function insertStep(xml: string, from: string, to: string, stepId: string, jobType: string): string {
  const flow = flowsWith(xml, 'sourceRef', from).find((f) => f.targetRef === to);
  assert.ok(flow, `no flow ${from} → ${to}`);
  const scope = /<bpmn:(?:subProcess|process) id="([^"]+)"/g;
  let scopeId = '';
  for (const m of xml.slice(0, xml.indexOf(flow.text)).matchAll(scope)) scopeId = m[1];
  const retargeted = xml.replace(flow.text, flow.text.replace(`targetRef="${to}"`, `targetRef="${stepId}"`));
  return addToScope(
    retargeted,
    scopeId,
    `<bpmn:serviceTask id="${stepId}" name="新增步骤"><bpmn:extensionElements><zeebe:taskDefinition type="${jobType}" /></bpmn:extensionElements></bpmn:serviceTask>
     <bpmn:sequenceFlow id="${stepId}-out" sourceRef="${stepId}" targetRef="${to}" />`,
  );
}

/** Replace the start tag name and the end tag name of element `id` (e.g. userTask → manualTask). */
export function retag(xml: string, id: string, tag: string): string {
  const m = elementPattern(id).exec(xml);
  assert.ok(m, `no element ${id}`);
  const old = m[1];
  const text = m[0].replace(`<bpmn:${old} `, `<bpmn:${tag} `).replace(new RegExp(`</bpmn:${old}>(\\n?)$`), `</bpmn:${tag}>$1`);
  return xml.replace(m[0], text);
}
