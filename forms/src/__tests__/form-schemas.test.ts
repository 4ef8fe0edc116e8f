import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { checkFormSchema, feelVariableNames, inputsOf, listFormIds, listForms, loadForm, SCHEMAS_DIR } from '../index.js';

/** Form ids and output variables of decision 0004 (docs/decisions/0004-ticket-process-models.md). */
const DECISION_0004: Record<string, string[]> = {
  'ticket-dispatch': ['stationId', 'dispatchNote'],
  'ticket-skip-level': ['takeoverDecision', 'takeoverNote', 'stationId'],
  'ticket-station-confirm': ['confirmDecision', 'workerId', 'returnReason', 'confirmNote'],
  'ticket-worker-accept': ['acceptDecision', 'rejectReason'],
  'ticket-handle': [
    'handleResult',
    'resultDescription',
    'unresolvedReason',
    'parts',
    'durationMinutes',
    'indoorTemperature',
    'satisfaction',
    'signatureFileId',
  ],
  'ticket-callback': ['callbackOutcome', 'callbackNote', 'remindPayment'],
  'approval-decision': ['decision', 'comment'],
  'supervision-report': ['progress', 'done', 'result'],
  'supervision-review': ['reviewDecision', 'reviewComment'],
};

test('given forms/schemas, when every file is read, then each parses as a usable form-js schema whose id is its file name', () => {
  const files = fs.readdirSync(SCHEMAS_DIR).filter((f) => f.endsWith('.json'));
  assert.ok(files.length >= 9);
  for (const file of files) {
    // given one schema file
    assert.match(file, /^[a-z0-9-]+\.form\.json$/, `${file}: file name`);
    const raw = JSON.parse(fs.readFileSync(path.join(SCHEMAS_DIR, file), 'utf8'));
    const id = file.replace(/\.form\.json$/, '');
    // then it passes the structural check with id = file name, type default, schemaVersion 19
    assert.deepEqual(checkFormSchema(raw, id), [], file);
    assert.equal(raw.id, id);
    assert.equal(raw.type, 'default');
    assert.equal(raw.schemaVersion, 19);
  }
});

/** Intake forms of demo ticket types (docs/decisions/0014-intake-forms-and-call-records.md). */
const DECISION_0014: Record<string, string[]> = {
  'ticket-intake-heating': ['roomTemp', 'abnormalPart', 'vulnerableOccupants', 'symptom'],
  'ticket-intake-suspend': ['suspendAction', 'effectiveDate', 'suspendReason', 'documentsReady'],
};

test('given decisions 0004 and 0014, when the forms are listed, then exactly their form ids exist and each has exactly its output keys', () => {
  const expected = { ...DECISION_0004, ...DECISION_0014 };
  // when
  const ids = listFormIds();
  // then
  assert.deepEqual(ids, Object.keys(expected).sort());
  for (const [id, keys] of Object.entries(expected)) {
    const form = loadForm(id);
    assert.ok(form, id);
    assert.deepEqual(
      inputsOf(form)
        .map((c) => c.key)
        .sort(),
      [...keys].sort(),
      id,
    );
  }
});

test('given every form, then every field has a Chinese label and every description, option label and heading is Chinese', () => {
  const chinese = /[\u4e00-\u9fa5]/;
  for (const form of listForms()) {
    for (const c of inputsOf(form)) {
      assert.match(c.label!, chinese, `${form.id}.${c.key} label`);
      if (c.description) assert.match(c.description, chinese, `${form.id}.${c.key} description`);
      for (const o of c.values ?? []) assert.match(o.label, chinese, `${form.id}.${c.key} option ${String(o.value)}`);
    }
    const headings = form.components.filter((c) => c.type === 'text');
    assert.equal(headings.length, 1, `${form.id}: one heading text`);
    assert.match(String(headings[0].text), chinese);
  }
});

test('given every form, then every conditional.hide parses and reads only fields of its form or documented process variables', () => {
  const processVariables = new Set(['isConsultation']);
  for (const form of listForms()) {
    const keys = new Set(inputsOf(form).map((c) => c.key));
    for (const c of inputsOf(form)) {
      for (const [expr, kind] of [
        [c.conditional?.hide, 'unaryTest'],
        [c.valuesExpression, 'expression'],
      ] as const) {
        if (!expr) continue;
        const names = feelVariableNames(expr, kind);
        assert.ok(names.length > 0, `${form.id}.${c.key}: ${expr} does not parse or reads nothing`);
        for (const n of names) assert.ok(keys.has(n) || processVariables.has(n), `${form.id}.${c.key}: unknown variable ${n}`);
      }
    }
  }
});

test('given a form id that is not a plain name, when loaded, then nothing is read (no path traversal)', () => {
  assert.equal(loadForm('../package'), undefined);
  assert.equal(loadForm('ticket-handle/../../x'), undefined);
  assert.equal(loadForm('Ticket-Handle'), undefined);
  assert.equal(loadForm('no-such-form'), undefined);
});

test('given the same id twice, when loaded, then the cached schema is answered', () => {
  assert.equal(loadForm('ticket-handle'), loadForm('ticket-handle'));
});

test('given broken schemas, when checked, then each problem is named', () => {
  assert.deepEqual(checkFormSchema([]), ['the schema is not a JSON object']);
  const problems = checkFormSchema(
    {
      type: 'other',
      id: 'x',
      schemaVersion: 99,
      components: [
        { type: 'textfield', key: 'a', label: '甲' },
        { type: 'textfield', key: 'a', label: '乙' },
        { type: 'number', key: 'bad key', label: '丙' },
        { type: 'textfield', key: 'c' },
        { type: 'radio', key: 'd', label: '丁' },
        { type: 'select', key: 'e', label: '戊', values: [{ label: '一', value: 1 }], valuesKey: 'opts' },
        { type: 'textfield', key: 'f', label: '己', validate: { pattern: '(' } },
        { type: 'textfield', key: 'g', label: '庚', conditional: { hide: 'a = 1' } },
        { type: 'datetime', key: 'h', label: '辛' },
        { type: 'dynamiclist', key: 'i', label: '壬', components: [] },
        { type: 'filepicker', key: 'j', label: '癸' },
        { type: 'group', path: 'nested', components: [] },
      ],
    },
    'y',
  );
  const expected = [
    'type must be "default"',
    'id "x" differs from the file name "y"',
    'schemaVersion must be a number from 1 to 19',
    'duplicate key',
    'plain variable name',
    'an input needs a label',
    'options need exactly one of values, valuesKey, valuesExpression',
    'validate.pattern is not a regular expression',
    'conditional.hide must be a FEEL expression',
    'datetime needs subtype',
    'component type "dynamiclist" is not supported',
    'component type "filepicker" is not supported',
    'a group with a path is not supported',
  ];
  for (const e of expected)
    assert.ok(
      problems.some((p) => p.includes(e)),
      `missing problem "${e}" in ${JSON.stringify(problems)}`,
    );
  // radio d (no options) and select e (two sources) both fail the options rule
  assert.equal(problems.filter((p) => p.includes('options need exactly one')).length, 2);
});
