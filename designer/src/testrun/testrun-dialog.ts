import type BpmnModeler from 'bpmn-js/lib/Modeler';
import type Canvas from 'diagram-js/lib/core/Canvas';
import type ElementRegistry from 'diagram-js/lib/core/ElementRegistry';
import type Selection from 'diagram-js/lib/features/selection/Selection';
import type { ModdleElement } from '@warmline/engine/lock-check';
import { ApiError } from '../api/http';
import { processesOf } from '../locks/templates';
import { el } from '../ui/dom';
import { clearRefused, markRefused } from '../ui/refusal-markers';
import { clearTestRun, markTestRun } from './testrun-markers';
import { testRunXml, type TestRunOutcome, type TestRunResult } from './testrun-api';
import { VariablesEditor } from './variables-editor';

const OUTCOME_ZH: Record<TestRunOutcome, string> = {
  completed: '已走完',
  waiting: '停在等待环节',
  incident: '运行故障',
  rejected: '无法运行',
};

const DOCUMENT = '(document)';

/** A variable's value as a user reads it: text as is, yes/no in Chinese, anything else as JSON. */
const shownValue = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'boolean' ? (v ? '是' : '否') : JSON.stringify(v));

function reveal(modeler: BpmnModeler, id: string): void {
  const element = modeler.get<ElementRegistry>('elementRegistry').get(id);
  if (!element) return;
  modeler.get<Selection>('selection').select(element);
  modeler.get<Canvas>('canvas').scrollToElement(element);
}

/** An optional JSON object typed into a text area; undefined when empty. */
function readJsonObject(area: HTMLTextAreaElement, label: string): { value?: Record<string, unknown> } | { problem: string } {
  const text = area.value.trim();
  if (!text) return {};
  try {
    const value = JSON.parse(text) as unknown;
    if (value && typeof value === 'object' && !Array.isArray(value)) return { value: value as Record<string, unknown> };
  } catch {
    // falls through to the problem below
  }
  return { problem: `「${label}」须是用花括号括起的对象，例如 {"任务的元素ID": {"字段": "值"}}` };
}

let open: HTMLDialogElement | undefined;

/**
 * The 试运行 panel (beside the diagram, not modal, so the path stays visible): start variables,
 * optional user-task answers and job mock outputs; 运行 sends the open diagram to the server, which
 * runs it once in a throw-away engine. The path taken is marked on the diagram, the steps and final
 * variables listed; a refusal is shown like a deploy's (the same checks run first).
 */
export function openTestRun(modeler: BpmnModeler): HTMLDialogElement {
  if (open?.isConnected) {
    open.querySelector<HTMLInputElement>('[data-testid=testrun-var-name]')?.focus();
    return open;
  }
  const vars = new VariablesEditor();
  const answers = el('textarea', {
    rows: '3',
    'data-testid': 'testrun-answers',
    placeholder: '按用户任务的元素 ID 填写完成时提交的数据，例如 {"Check": {"checked": true}}；不填则以空数据完成',
  });
  const jobOutputs = el('textarea', {
    rows: '3',
    'data-testid': 'testrun-job-outputs',
    placeholder: '按作业类型填写模拟输出，例如 {"notify": {"sent": true}}；不填则直接完成、无输出',
  });
  const message = el('p', { class: 'wl-error', 'data-testid': 'testrun-message', hidden: true });
  const result = el('div', { class: 'wl-testrun-result', 'data-testid': 'testrun-result', hidden: true });
  const run = el('button', { type: 'button', class: 'wl-primary', 'data-testid': 'testrun-run' }, '运行');
  const clear = el('button', { type: 'button', 'data-testid': 'testrun-clear', title: '去掉图上的试运行标记' }, '清除标记');
  const close = el('button', { type: 'button', 'data-testid': 'testrun-close' }, '关闭');
  const dialog = el(
    'dialog',
    { class: 'wl-testrun', 'data-testid': 'testrun-dialog' },
    el('h2', {}, '试运行'),
    el(
      'p',
      { class: 'wl-testrun-hint' },
      '在临时引擎中把当前图运行一次：不部署，也不产生工单、任务或通知。用户任务按下面的数据依次完成，服务任务以模拟结果完成，定时器立即触发。',
    ),
    el('h3', {}, '启动变量'),
    el('p', { class: 'wl-testrun-hint' }, '值可填数字、文本、是 / 否，或用花括号写对象、方括号写列表；加引号的数字按文本处理。'),
    vars.root,
    el(
      'details',
      { class: 'wl-testrun-more' },
      el('summary', {}, '更多设置'),
      el('label', {}, '用户任务完成数据', answers),
      el('label', {}, '服务任务模拟输出', jobOutputs),
    ),
    message,
    el('div', { class: 'wl-dialog-actions' }, run, clear, close),
    result,
  );

  const fail = (text: string, focus?: HTMLElement) => {
    message.textContent = text;
    message.hidden = false;
    focus?.focus();
  };

  async function start(): Promise<void> {
    message.hidden = true;
    const v = vars.read();
    if ('problem' in v) return fail(v.problem, v.input);
    const a = readJsonObject(answers, '用户任务完成数据');
    if ('problem' in a) return fail(a.problem, answers);
    const j = readJsonObject(jobOutputs, '服务任务模拟输出');
    if ('problem' in j) return fail(j.problem, jobOutputs);
    clearTestRun(modeler);
    clearRefused(modeler);
    run.disabled = true;
    dialog.dataset.state = 'running';
    result.hidden = false;
    result.replaceChildren(el('p', {}, '正在试运行…'));
    try {
      const { xml } = await modeler.saveXML({ format: true });
      const processId = (processesOf(modeler.getDefinitions() as ModdleElement | undefined)[0]?.id as string | undefined) ?? 'diagram';
      const answer = await testRunXml(xml!, `${processId}.bpmn`, {
        variables: v.variables,
        ...(a.value && { answers: a.value }),
        ...(j.value && { jobOutputs: j.value }),
      });
      showResult(answer);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      showRefusal(err);
    } finally {
      run.disabled = false;
      dialog.dataset.state = 'done';
      dialog.dataset.runs = String(Number(dialog.dataset.runs ?? 0) + 1);
    }
  }

  function problemList(problems: { elementId?: string; message: string }[]): HTMLElement {
    return el(
      'ul',
      { class: 'wl-panel-list' },
      ...problems.map((p) => {
        const id = p.elementId && p.elementId !== DOCUMENT ? p.elementId : undefined;
        const item = el(
          'li',
          { 'data-testid': 'testrun-problem', 'data-element-id': id },
          id ? el('code', {}, id) : '',
          el('span', {}, p.message),
        );
        if (id) {
          item.classList.add('wl-clickable');
          item.title = '点击定位到该元素';
          item.addEventListener('click', () => reveal(modeler, id));
        }
        return item;
      }),
    );
  }

  function showRefusal(err: ApiError): void {
    const problems = err.details.map((d) => ({ elementId: d.elementId, message: d.message }));
    markRefused(
      modeler,
      problems.filter((p) => p.elementId && p.elementId !== DOCUMENT),
    );
    result.dataset.outcome = 'refused';
    result.replaceChildren(
      el(
        'p',
        { class: 'wl-testrun-outcome wl-testrun-outcome-rejected', 'data-testid': 'testrun-outcome' },
        `服务器拒绝试运行：${err.message}`,
      ),
      problemList(problems),
    );
  }

  function showResult(r: TestRunResult): void {
    markTestRun(modeler, {
      visited: r.visitedElementIds,
      flows: r.takenFlowIds,
      active: r.activeElementIds,
      problems: (r.problems ?? []).map((p) => p.elementId ?? '').filter(Boolean),
    });
    result.dataset.outcome = r.outcome;
    const steps = el(
      'ol',
      { class: 'wl-testrun-steps' },
      ...r.steps.map((s) => {
        const item = el(
          'li',
          { 'data-testid': 'testrun-step', 'data-element-id': s.elementId, class: 'wl-clickable', title: '点击定位到该元素' },
          el('span', { class: 'wl-testrun-step-name' }, s.name),
          el('span', { class: 'wl-testrun-step-type' }, s.typeName),
          s.detail ? el('div', { class: 'wl-testrun-step-detail' }, s.detail) : '',
        );
        item.addEventListener('click', () => reveal(modeler, s.elementId));
        return item;
      }),
    );
    const names = Object.keys(r.variables);
    const variables = names.length
      ? el(
          'table',
          { class: 'wl-table', 'data-testid': 'testrun-final-variables' },
          el('thead', {}, el('tr', {}, el('th', {}, '变量'), el('th', {}, '值'))),
          el('tbody', {}, ...names.map((n) => el('tr', {}, el('td', {}, n), el('td', {}, shownValue(r.variables[n]))))),
        )
      : el('p', { class: 'wl-testrun-hint' }, '没有流程变量');
    result.replaceChildren(
      el(
        'p',
        { class: `wl-testrun-outcome wl-testrun-outcome-${r.outcome}`, 'data-testid': 'testrun-outcome' },
        el('strong', {}, OUTCOME_ZH[r.outcome]),
        ' ',
        r.summary,
      ),
      r.problems?.length ? problemList(r.problems) : '',
      el('h3', {}, `经过的步骤（${r.steps.length}）`),
      steps,
      el('h3', {}, '结束时的变量'),
      variables,
      el('h3', {}, '说明'),
      el('ul', { class: 'wl-testrun-notes', 'data-testid': 'testrun-notes' }, ...r.notes.map((n) => el('li', {}, n))),
    );
  }

  const finish = () => {
    clearTestRun(modeler);
    dialog.close();
    dialog.remove();
    open = undefined;
  };
  run.addEventListener('click', () => void start());
  clear.addEventListener('click', () => {
    clearTestRun(modeler);
    clearRefused(modeler);
  });
  close.addEventListener('click', finish);
  dialog.addEventListener('cancel', finish);
  document.body.append(dialog);
  dialog.show();
  open = dialog;
  return dialog;
}
