import type { Variables } from '../../process-engine.js';

/** bpmn-elements copies `fields`, `content`, `properties` of messages into variables: never keep them. */
export function filterVariables(variables: Variables | undefined): Variables {
  if (!variables) return {};
  const out: Variables = {};
  for (const [k, v] of Object.entries(variables)) {
    if (k === 'fields' || k === 'content' || k === 'properties' || k === '__proto__') continue;
    out[k] = v;
  }
  return out;
}
