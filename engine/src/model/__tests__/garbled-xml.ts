/**
 * Deterministic generator of broken, hostile or odd BPMN inputs for fuzz-style tests (shared by the
 * engine tests and the server's route test). Seeded: a failure names the seed and case index.
 */

export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NS = 'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"';
const SNIPPETS = [
  '<bpmn:task id="x"/>',
  '<bpmn:startEvent/>',
  '</bpmn:process>',
  '<![CDATA[ <bpmn:task id="c"/> ]]>',
  '<!-- <bpmn:task id="c"/> -->',
  '<?pi data?>',
  '&amp;&lt;&#x41;&#65;&unknown;',
  '<!DOCTYPE x [<!ENTITY e "e">]>',
  '${process.exit(1)}',
  '="a" + b',
  '<zeebe:taskDefinition type="=foo((" />',
  '<bpmn:sequenceFlow id="f" sourceRef="nowhere" targetRef="x"/>',
  '<bpmn:inclusiveGateway id="g"/>',
  '\u0000\u0001\uFFFF\uD800',
  '<a:b xmlns:a="urn:x"><c/></a:b>',
  '"\'<>&',
  '<bpmn:timerEventDefinition><bpmn:timeCycle>R/PTX</bpmn:timeCycle></bpmn:timerEventDefinition>',
  '工单受理',
];

/** `count` garbled variants of the given well-formed models. */
export function garbledInputs(models: string[], count: number, seed: number): string[] {
  const rnd = prng(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)];
  const int = (n: number) => Math.floor(rnd() * n);
  const out: string[] = [];
  const generators: Array<() => string> = [
    // truncated real model
    () => {
      const m = pick(models);
      return m.slice(0, int(m.length));
    },
    // random bytes (as latin1 text)
    () => Buffer.from(Array.from({ length: 1 + int(2000) }, () => int(256))).toString('latin1'),
    // random printable text with angle brackets
    () => Array.from({ length: 1 + int(500) }, () => pick(['<', '>', '/', '"', '=', ' ', 'a', 'bpmn:', ':', '\n', '&', ';'])).join(''),
    // deep nesting
    () => {
      const depth = 10 + int(3000);
      const tag = pick(['bpmn:subProcess', 'foo', 'bpmn:extensionElements', 'zeebe:ioMapping']);
      return `<bpmn:definitions ${NS} id="d"><bpmn:process id="p" isExecutable="true">${`<${tag} id="n">`.repeat(depth)}${`</${tag}>`.repeat(depth)}</bpmn:process></bpmn:definitions>`;
    },
    // characters deleted
    () => {
      const m = pick(models).split('');
      for (let i = 0; i < 1 + int(20); i++) m.splice(int(m.length), 1 + int(10));
      return m.join('');
    },
    // snippets inserted
    () => {
      let m = pick(models);
      for (let i = 0; i < 1 + int(4); i++) {
        const at = int(m.length);
        m = m.slice(0, at) + pick(SNIPPETS) + m.slice(at);
      }
      return m;
    },
    // attribute values replaced
    () => pick(models).replace(/="([^"]*)"/g, (all) => (rnd() < 0.15 ? `="${pick(SNIPPETS).replace(/"/g, '&quot;')}"` : all)),
    // element names swapped
    () =>
      pick(models).replace(/<bpmn:(\w+)/g, (all) =>
        rnd() < 0.1 ? `<bpmn:${pick(['task', 'complexGateway', 'fooBar', 'process', 'definitions', 'subProcess'])}` : all,
      ),
    // a huge attribute
    () => pick(models).replace('name="', `name="${'长'.repeat(int(200_000))}`),
    // many copies of one element
    () => pick(models).replace('</bpmn:process>', `${'<bpmn:task id="dup"/>'.repeat(1 + int(2000))}</bpmn:process>`),
  ];
  for (let i = 0; i < count; i++) out.push(generators[i % generators.length]());
  return out;
}
