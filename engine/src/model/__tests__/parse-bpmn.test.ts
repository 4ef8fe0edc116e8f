import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DOCUMENT, MAX_BPMN_BYTES, MAX_NESTING, parseBpmn } from '../index.js';
import { assertProblem, fixture, rejection } from './fixture-files.js';

const NS = 'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"';
const doc = (processBody: string, extra = '', processAttrs = 'id="p" isExecutable="true"') =>
  `<?xml version="1.0" encoding="UTF-8"?><bpmn:definitions ${NS} id="d" targetNamespace="t">${extra}<bpmn:process ${processAttrs}>${processBody}</bpmn:process></bpmn:definitions>`;

describe('parseBpmn: documents that are not clean BPMN', () => {
  const documentCases: Array<[string, string, RegExp, RegExp]> = [
    ['empty input', '', /文件为空/, /empty/],
    ['only whitespace', ' \n\t ', /文件为空/, /empty/],
    ['plain text', 'hello world', /不是 XML/, /not XML/],
    ['JSON', '{"bpmn": true}', /不是 XML/, /not XML/],
    ['binary data', 'PK\u0003\u0004\u0000\u0000garbage', /二进制/, /binary/],
    [
      'XML that is not BPMN',
      '<?xml version="1.0"?><html><body/></html>',
      /不是有效的 BPMN XML|不是 BPMN 2.0/,
      /not valid BPMN XML|not a BPMN 2.0/,
    ],
    ['truncated XML', doc('<bpmn:startEvent id="s"/>').slice(0, 150), /无法解析/, /not valid BPMN XML/],
    [
      'a DOCTYPE',
      `<?xml version="1.0"?><!DOCTYPE bpmn:definitions SYSTEM "http://evil/x.dtd">${doc('<bpmn:startEvent id="s"/>')}`,
      /DOCTYPE/,
      /DOCTYPE/,
    ],
    [
      'a billion-laughs entity bomb',
      `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>${doc('<bpmn:startEvent id="s" name="&lol3;"/>')}`,
      /ENTITY/,
      /ENTITY/,
    ],
    ['an external entity', `<!ENTITY xxe SYSTEM "file:///etc/passwd">${doc('')}`, /ENTITY/, /ENTITY/],
    ['no process at all', `<bpmn:definitions ${NS} id="d"><bpmn:message id="m" name="x"/></bpmn:definitions>`, /没有流程/, /no process/],
    [
      'no executable process',
      doc('<bpmn:startEvent id="s"/>', '', 'id="p" isExecutable="false"'),
      /没有可执行的流程/,
      /no executable process/,
    ],
    ['a process without isExecutable', doc('<bpmn:startEvent id="s"/>', '', 'id="p"'), /没有可执行的流程/, /no executable process/],
  ];
  for (const [what, xml, zh, en] of documentCases) {
    test(`given ${what}, when parsed, then it is rejected as a document with both reasons`, async () => {
      const problems = await rejection(() => parseBpmn(xml));
      assertProblem(problems, DOCUMENT, zh, en);
    });
  }

  test('given a file over the size limit, when parsed, then it is rejected before any XML parsing', async () => {
    const huge = doc(`<bpmn:startEvent id="s" name="${'x'.repeat(MAX_BPMN_BYTES)}"/>`);
    const started = Date.now();
    const problems = await rejection(() => parseBpmn(huge));
    assertProblem(problems, DOCUMENT, /文件过大/, /too large/);
    assert.ok(Date.now() - started < 1000);
  });

  test('given input that is not a string, when parsed, then it is rejected', async () => {
    const problems = await rejection(() => parseBpmn(Buffer.from('<x/>') as unknown as string));
    assertProblem(problems, DOCUMENT, /不是文本/, /not text/);
  });

  test('given unknown BPMN and zeebe elements, when parsed, then each is refused (moddle warnings are errors)', async () => {
    const problems = await rejection(() =>
      parseBpmn(
        doc(
          '<bpmn:startEvent id="s"><bpmn:extensionElements><zeebe:notAThing /></bpmn:extensionElements></bpmn:startEvent><bpmn:fancyTask id="f"/>',
        ),
      ),
    );
    assert.ok(problems.some((p) => /zeebe:notAThing/.test(p.reasonEn) && /无法识别/.test(p.reason)));
    assert.ok(problems.some((p) => /bpmn:fancyTask/.test(p.reasonEn)));
  });

  test('given duplicate ids, when parsed, then the duplicated id is named', async () => {
    const problems = await rejection(() => parseBpmn(doc('<bpmn:startEvent id="same"/><bpmn:endEvent id="same"/>')));
    assertProblem(problems, 'same', /ID「same」重复/, /duplicate element id <same>/);
  });

  test('given flow elements without ids, when parsed, then the containing process is named', async () => {
    const problems = await rejection(() => parseBpmn(doc('<bpmn:startEvent name="开始"/><bpmn:task/>')));
    assertProblem(problems, 'p', /bpmn:StartEvent 元素「开始」缺少 id/, /bpmn:StartEvent element \(开始\) has no id/);
    assertProblem(problems, 'p', /bpmn:Task 元素缺少 id/, /bpmn:Task element has no id/);
  });

  test('given malformed ids, when parsed, then they are refused', async () => {
    const problems = await rejection(() => parseBpmn(doc('<bpmn:startEvent id="1st"/><bpmn:task id="has space"/>')));
    assertProblem(problems, '1st', /不合法/, /is invalid/);
  });

  test('given a reference to an element that does not exist, when parsed, then it is refused', async () => {
    const problems = await rejection(() =>
      parseBpmn(doc('<bpmn:startEvent id="s"/><bpmn:sequenceFlow id="f" sourceRef="s" targetRef="ghost"/>')),
    );
    assert.ok(problems.some((p) => /ghost/.test(p.reasonEn) && /不存在/.test(p.reason)));
  });

  test('given subprocesses nested deeper than the limit, when parsed, then it is refused without a stack overflow', async () => {
    const depth = 5000;
    const xml = doc(
      `${'<bpmn:subProcess id="s_0">'.replace('0', '0')}${Array.from({ length: depth }, (_, i) => `<bpmn:subProcess id="n${i}">`).join('')}${'</bpmn:subProcess>'.repeat(depth + 1)}`,
    );
    const problems = await rejection(() => parseBpmn(xml));
    assertProblem(problems, DOCUMENT, new RegExp(`超过 ${MAX_NESTING} 层`), /nested too deeply/);
  });

  test('given a byte-order mark, when parsed, then it is ignored', async () => {
    const model = await parseBpmn(`\uFEFF${doc('<bpmn:startEvent id="s"/>')}`);
    assert.equal(model.processes[0].id, 'p');
  });
});

describe('parseBpmn: the plain model', () => {
  test('given the full ticket model, when parsed, then every zeebe extension is read into plain values', async () => {
    const model = await parseBpmn(fixture('accepted', 'full-ticket'));
    assert.equal(model.processes.length, 1);
    const p = model.processes[0];
    assert.deepEqual([p.id, p.name, p.isExecutable], ['full-ticket', '全功能工单', true]);
    const el = (id: string) => p.elements.find((e) => e.id === id)!;

    assert.deepEqual(el('Start').zeebe.properties, { locked: 'true' });
    assert.deepEqual(el('Classify').zeebe, {
      taskDefinition: { type: 'ticket-classify', retries: '5' },
      taskHeaders: { priority: 'high' },
      ioMapping: { inputs: [{ source: '=ticket.category', target: 'category' }], outputs: [{ source: '=result.level', target: 'level' }] },
    });
    assert.deepEqual(el('Dispatch').zeebe, {
      userTask: true,
      formDefinition: { formId: 'dispatch-form', bindingType: 'latest' },
      assignmentDefinition: {
        assignee: '=dispatcher',
        candidateGroups: 'dispatchers, supervisors',
        candidateUsers: '=get or else(backupUsers, [])',
      },
      taskSchedule: { dueDate: '=now() + duration("PT4H")', followUpDate: '2030-01-01T08:00:00+08:00' },
      priorityDefinition: { priority: '80' },
    });
    assert.deepEqual(el('Remind').zeebe.taskDefinition, { type: 'sms-send', retries: '3' });
    assert.deepEqual(el('Handle').zeebe.loopCharacteristics, {
      isSequential: true,
      inputCollection: '=workers',
      inputElement: 'worker',
      outputCollection: 'reports',
      outputElement: '=report',
      completionCondition: '=count(reports) >= 1',
    });
    assert.deepEqual(el('Compute').zeebe.script, { expression: '=string join([worker, "done"], "-")', resultVariable: 'report' });
    assert.equal(el('Compute').parentId, 'Handle');
    assert.equal(el('Compute').processId, 'full-ticket');
    assert.deepEqual(el('Extension').zeebe.calledElement, {
      processId: '=get or else(extensionProcessId, "pass-through")',
      propagateAllChildVariables: false,
      propagateAllParentVariables: true,
      bindingType: 'latest',
    });
    assert.equal(el('Extension').zeebe.loopCharacteristics?.isSequential, false);
    assert.deepEqual(el('Confirm').message, { id: 'Message_visit', name: 'visit-confirmed', correlationKey: '=ticketId' });
    assert.deepEqual(el('Confirm').zeebe.subscription, { correlationKey: '=ticketId' });
    assert.deepEqual(el('Wait').eventDefinitions, [
      { type: 'message', message: { id: 'Message_visit', name: 'visit-confirmed', correlationKey: '=ticketId' } },
    ]);
    assert.deepEqual(el('Wait').zeebe.subscription, { correlationKey: '=ticketId' });
  });

  test('given flows, gateways, boundary events and timers, when parsed, then their structure is plain data', async () => {
    const p = (await parseBpmn(fixture('accepted', 'full-ticket'))).processes[0];
    const el = (id: string) => p.elements.find((e) => e.id === id)!;
    assert.deepEqual(
      { source: el('Flow_urgent').sourceRef, target: el('Flow_urgent').targetRef, condition: el('Flow_urgent').condition },
      { source: 'Decide', target: 'Fork', condition: '=level = "urgent" and is defined(ticket)' },
    );
    assert.equal(el('Decide').defaultFlow, 'Flow_normal');
    assert.deepEqual(el('Decide').outgoing, ['Flow_urgent', 'Flow_normal']);
    assert.deepEqual(el('Join').incoming.sort(), ['Flow_a3', 'Flow_e1b', 'Flow_e2b']);
    assert.deepEqual([el('Dispatch_remind').attachedToRef, el('Dispatch_remind').cancelActivity], ['Dispatch', false]);
    assert.deepEqual(el('Dispatch_remind').eventDefinitions, [{ type: 'timer', timeCycle: 'R3/PT1H' }]);
    assert.deepEqual(
      [el('Classify_error').cancelActivity, el('Classify_error').eventDefinitions],
      [true, [{ type: 'error', error: { id: 'Error_invalid', name: 'invalid address', errorCode: 'INVALID_ADDRESS' } }]],
    );
    assert.deepEqual(el('Handle_escalated').eventDefinitions, [
      { type: 'escalation', escalation: { id: 'Escalation_late', name: 'late', escalationCode: 'LATE' } },
    ]);
    assert.deepEqual(el('Outage').eventDefinitions, [{ type: 'signal', signal: { id: 'Signal_outage', name: 'area-outage' } }]);
    assert.deepEqual(el('End_terminate').eventDefinitions, [{ type: 'terminate' }]);
    assert.equal(el('Handle').triggeredByEvent, false);
    // JSON-safe: everything but the moddle objects survives a JSON round trip.
    assert.deepEqual(JSON.parse(JSON.stringify(p)), p);
  });

  test('given the model, then the moddle root and context are handed on for drivers built on moddle', async () => {
    const model = await parseBpmn(fixture('accepted', 'timers-and-events'));
    assert.equal((model.definitions as { $type: string }).$type, 'bpmn:Definitions');
    assert.equal((model.moddleContext as { rootElement: unknown }).rootElement, model.definitions);
  });

  test('given incoming/outgoing omitted in the XML, when parsed, then they are derived from the sequence flows', async () => {
    const model = await parseBpmn(
      doc('<bpmn:startEvent id="s"/><bpmn:task id="t"/><bpmn:sequenceFlow id="f" sourceRef="s" targetRef="t"/>'),
    );
    const [s, t] = model.processes[0].elements;
    assert.deepEqual([s.outgoing, t.incoming], [['f'], ['f']]);
  });
});
