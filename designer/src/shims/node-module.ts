/**
 * Browser stand-in for `node:module`: the engine's model code (shared with the server) loads
 * bpmn-moddle and the Zeebe descriptor with `createRequire(import.meta.url)`; here they are bundled.
 */
import BpmnModdle from 'bpmn-moddle';
import zeebeDescriptor from 'zeebe-bpmn-moddle/resources/zeebe.json';

const bundled: Record<string, unknown> = {
  'bpmn-moddle': BpmnModdle,
  'zeebe-bpmn-moddle/resources/zeebe.json': zeebeDescriptor,
};

export function createRequire(_from: string | URL): (id: string) => unknown {
  return (id: string) => {
    if (id in bundled) return bundled[id];
    throw new Error(`${id} is not bundled into the designer`);
  };
}
