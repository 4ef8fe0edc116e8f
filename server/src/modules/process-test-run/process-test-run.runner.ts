import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Sequelize } from 'sequelize';
import {
  createProcessEngine,
  GROUP_TENANT,
  ModelRejectedError,
  DOCUMENT,
  type ParsedElement,
  type ParsedModel,
  type ParsedProcess,
  type ProcessEngine,
  type Variables,
} from '@warmline/engine';
import type { ErrorDetail, ProcessTestRunResult, ProcessTestRunStep } from '@warmline/contracts';

/**
 * A test run of an uploaded model in a throw-away embedded engine (docs/decisions/0013): its own
 * SQLite file in a temp directory, its own job workers and timer scheduler, closed and deleted at
 * the end. Nothing of the real server's engine, databases, workers or notifications is involved.
 */

export interface TestRunLimits {
  /** Steps (elements seen + tasks and jobs completed) before the run is stopped as a likely loop. */
  maxSteps: number;
  /** Wall time of the run itself (after the throw-away deploy), ms. */
  timeMs: number;
}

export const DEFAULT_TEST_RUN_LIMITS: TestRunLimits = { maxSteps: 200, timeMs: 5_000 };

export interface TestRunInput {
  variables: Variables;
  answers: Record<string, Variables | Variables[]>;
  jobOutputs: Record<string, Variables>;
}

/** The tenant the throw-away instance runs in: a subsidiary tests in its own code, the group in a stand-in tenant. */
const RUN_TENANT_FOR_GROUP = 'test-run';
/** How long an instance may do nothing visible before the run answers `waiting`. */
const IDLE_MS = 400;
const POLL_MS = 15;

const TYPE_ZH: Record<string, string> = {
  'bpmn:ServiceTask': '服务任务',
  'bpmn:SendTask': '发送任务',
  'bpmn:ReceiveTask': '接收任务',
  'bpmn:UserTask': '用户任务',
  'bpmn:ScriptTask': '脚本任务',
  'bpmn:BusinessRuleTask': '业务规则任务',
  'bpmn:ManualTask': '手工任务',
  'bpmn:Task': '任务',
  'bpmn:CallActivity': '调用活动',
  'bpmn:SubProcess': '子流程',
  'bpmn:StartEvent': '开始事件',
  'bpmn:EndEvent': '结束事件',
  'bpmn:IntermediateCatchEvent': '中间捕获事件',
  'bpmn:IntermediateThrowEvent': '中间抛出事件',
  'bpmn:BoundaryEvent': '边界事件',
  'bpmn:ExclusiveGateway': '排他网关',
  'bpmn:ParallelGateway': '并行网关',
  'bpmn:InclusiveGateway': '包容网关',
  'bpmn:EventBasedGateway': '事件网关',
};
const typeZh = (type: string) => TYPE_ZH[type] ?? '流程元素';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A JSON text of variables for a step's detail, kept short. */
function shortJson(v: unknown): string {
  const text = JSON.stringify(v) ?? 'null';
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

/** An ISO 8601 duration in Chinese (`PT24H` → 24 小时); other timer values (dates, cycles, expressions) as written. */
export function timerValueZh(value: string): string {
  const m = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(value.trim());
  if (!m || value.trim() === 'P' || value.trim().endsWith('T')) return value;
  const units = ['年', '个月', '周', '天', '小时', '分钟', '秒'];
  const parts = units.flatMap((u, i) => (m[i + 1] && Number(m[i + 1]) > 0 ? [`${m[i + 1]} ${u}`] : []));
  return parts.length ? parts.join(' ') : '0 秒';
}

const isTimer = (e: ParsedElement) => e.eventDefinitions.some((d) => d.type === 'timer');

/** The run's process: the file's first executable process with a none start event (else its first process). */
export function runnableProcess(model: ParsedModel): ParsedProcess | undefined {
  const executable = model.processes.filter((p) => p.isExecutable);
  const pool = executable.length ? executable : model.processes;
  const hasNoneStart = (p: ParsedProcess) =>
    p.elements.some((e) => e.$type === 'bpmn:StartEvent' && e.parentId === p.id && e.eventDefinitions.length === 0);
  return pool.find(hasNoneStart) ?? pool[0];
}

/**
 * Intermediate timer catch events fire at once in a test run: their duration becomes PT0S and a
 * date one in the past. Boundary and start timers keep their values (a task is completed at once,
 * before its boundary timer could fire). Returns the rewritten XML and one note per timer.
 */
export function fireTimersAtOnce(xml: string, proc: ParsedProcess): { xml: string; notes: string[] } {
  const notes: string[] = [];
  let out = xml;
  for (const e of proc.elements) {
    if (!isTimer(e)) continue;
    const def = e.eventDefinitions.find((d) => d.type === 'timer') as { timeDuration?: string; timeDate?: string; timeCycle?: string };
    const value = timerValueZh(def.timeDuration ?? def.timeDate ?? def.timeCycle ?? '');
    const label = `「${e.name || e.id}」`;
    if (e.$type === 'bpmn:IntermediateCatchEvent') {
      const id = e.id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      const block = new RegExp(`<(\\w+:)?intermediateCatchEvent\\b[^>]*\\bid="${id}"[^>]*>[\\s\\S]*?</\\1intermediateCatchEvent>`);
      out = out.replace(block, (b) =>
        b
          .replace(/(<(\w+:)?timeDuration\b[^>]*>)[\s\S]*?(<\/\2timeDuration>)/, '$1PT0S$3')
          .replace(/(<(\w+:)?timeDate\b[^>]*>)[\s\S]*?(<\/\2timeDate>)/, '$12000-01-01T00:00:00Z$3'),
      );
      notes.push(`定时器${label}（${value}）在试运行中立即触发`);
    } else if (e.$type === 'bpmn:BoundaryEvent') {
      notes.push(`边界定时器${label}（${value}）未触发：试运行立即完成它所在的任务`);
    } else if (e.$type === 'bpmn:StartEvent' && e.parentId === proc.id) {
      notes.push(`定时开始事件${label}（${value}）不参与试运行：试运行从普通开始事件启动`);
    }
  }
  return { xml: out, notes };
}

/** Static job types of the process (types given as `=` expressions cannot be known before the run). */
function jobTypesOf(proc: ParsedProcess): { types: Set<string>; dynamic: ParsedElement[] } {
  const types = new Set<string>();
  const dynamic: ParsedElement[] = [];
  for (const e of proc.elements) {
    const t = e.zeebe.taskDefinition?.type;
    if (!t) continue;
    if (t.startsWith('=')) dynamic.push(e);
    else types.add(t);
  }
  return { types, dynamic };
}

interface Throwaway {
  engine: ProcessEngine;
  dispose(): Promise<void>;
}

async function throwawayEngine(runTenant: string): Promise<Throwaway> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'warmline-test-run-'));
  const db = new Sequelize({
    dialect: 'sqlite',
    storage: path.join(dir, 'engine.sqlite'),
    logging: false,
    hooks: {
      afterConnect: (c: unknown) => (c as { configure: (k: 'busyTimeout', ms: number) => void }).configure('busyTimeout', 10_000),
    },
  });
  await db.query('PRAGMA journal_mode = WAL');
  const engine = await createProcessEngine({
    driver: 'embedded',
    databases: { group: db, tenant: async () => db, tenantIds: async () => [runTenant] },
    ensureSchema: true,
    timerPollMs: 25,
  });
  return {
    engine,
    async dispose() {
      await engine.close().catch(() => undefined);
      await db.close().catch(() => undefined);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Elements in the order a run reaches them: breadth-first from the start events over the taken flows. */
function reachOrder(proc: ParsedProcess, taken: Set<string>): Map<string, number> {
  const byId = new Map(proc.elements.map((e) => [e.id, e]));
  const rank = new Map<string, number>();
  const queue = proc.elements.filter((e) => e.$type === 'bpmn:StartEvent').map((e) => e.id);
  for (const id of queue) rank.set(id, 0);
  for (let i = 0; i < queue.length; i++) {
    const el = byId.get(queue[i]);
    if (!el) continue;
    const next = [
      ...el.outgoing.filter((f) => taken.has(f)).map((f) => byId.get(f)?.targetRef),
      ...proc.elements.filter((b) => b.attachedToRef === el.id).map((b) => b.id),
      // A subprocess's start events come right after it.
      ...proc.elements.filter((c) => c.parentId === el.id && c.$type === 'bpmn:StartEvent').map((c) => c.id),
    ];
    for (const n of next) {
      if (n && !rank.has(n)) {
        rank.set(n, rank.get(queue[i])! + 1);
        queue.push(n);
      }
    }
  }
  return rank;
}

class TestRun {
  readonly steps: ProcessTestRunStep[] = [];
  readonly notes: string[] = [];
  private readonly seen = new Set<string>();
  private readonly byId: Map<string, ParsedElement>;
  private readonly answerIndex = new Map<string, number>();
  private taken = new Set<string>();
  active: string[] = [];
  /** Tasks and jobs the run completed (each counts as a step for the limit). */
  actions = 0;
  lastChange = Date.now();

  constructor(
    private readonly proc: ParsedProcess,
    private readonly input: TestRunInput,
  ) {
    this.byId = new Map(proc.elements.map((e) => [e.id, e]));
  }

  get stepCount(): number {
    return this.steps.length + this.actions;
  }

  private step(elementId: string, detail?: string): ProcessTestRunStep {
    const el = this.byId.get(elementId);
    const s: ProcessTestRunStep = {
      elementId,
      name: el?.name?.trim() || elementId,
      type: el?.$type ?? 'bpmn:FlowNode',
      typeName: typeZh(el?.$type ?? ''),
      at: new Date().toISOString(),
      ...(detail !== undefined && { detail }),
    };
    this.steps.push(s);
    this.lastChange = Date.now();
    return s;
  }

  /** Record the elements the instance reached since the last look, in the order the flow reaches them. */
  async observe(engine: ProcessEngine, tenantId: string, instanceKey: string): Promise<void> {
    const progress = await engine.getInstanceProgress(tenantId, instanceKey);
    if (!progress) return;
    for (const f of progress.takenSequenceFlowIds) this.taken.add(f);
    this.active = progress.activeElementIds;
    const fresh = [...progress.completedElementIds, ...progress.activeElementIds].filter((id) => !this.seen.has(id));
    if (!fresh.length) return;
    const rank = reachOrder(this.proc, this.taken);
    const doc = new Map(this.proc.elements.map((e, i) => [e.id, i]));
    fresh.sort((a, b) => (rank.get(a) ?? 1e6) - (rank.get(b) ?? 1e6) || (doc.get(a) ?? 0) - (doc.get(b) ?? 0));
    for (const id of new Set(fresh)) {
      this.seen.add(id);
      this.step(id);
    }
  }

  /** The data a user task is completed with: its answer (a list in order, the last one repeating), else none. */
  answerFor(elementId: string): Variables {
    const a = this.input.answers[elementId];
    if (!a) return {};
    if (!Array.isArray(a)) return a;
    const i = this.answerIndex.get(elementId) ?? 0;
    this.answerIndex.set(elementId, i + 1);
    return a[Math.min(i, a.length - 1)] ?? {};
  }

  /** A user task or job completed by the run: the element's step gets the detail (a repeat visit a new step). */
  completed(elementId: string, detail: string): void {
    this.actions += 1;
    this.seen.add(elementId);
    const last = [...this.steps].reverse().find((s) => s.elementId === elementId);
    if (last && last.detail === undefined) {
      last.detail = detail;
      this.lastChange = Date.now();
    } else this.step(elementId, detail);
  }

  get takenFlowIds(): string[] {
    return [...this.taken];
  }

  /**
   * The steps in flow order. The engine may report a gateway only once the activity after it was
   * seen; without repeated elements (no loop ran) the steps are sorted by how the taken flows
   * reach them, and each time is the earliest of itself and the steps after it.
   */
  ordered(): ProcessTestRunStep[] {
    const ids = this.steps.map((s) => s.elementId);
    if (new Set(ids).size !== ids.length) return this.steps;
    const rank = reachOrder(this.proc, this.taken);
    const sorted = this.steps
      .map((s, i) => ({ s, i }))
      .sort((a, b) => (rank.get(a.s.elementId) ?? 1e6) - (rank.get(b.s.elementId) ?? 1e6) || a.i - b.i)
      .map(({ s }) => ({ ...s }));
    for (let i = sorted.length - 2; i >= 0; i--) if (sorted[i].at > sorted[i + 1].at) sorted[i].at = sorted[i + 1].at;
    return sorted;
  }
}

/** An incident message in Chinese (the engine's messages are English for some runtime failures). */
function incidentMessage(message: string): string {
  if (/maximum call stack/i.test(message)) return '流程在没有等待环节的循环里无限运行（死循环），已停止';
  return `运行故障：${message.slice(0, 300)}`;
}

const problem = (elementId: string, message: string): ErrorDetail => ({
  field: elementId === DOCUMENT ? 'file' : elementId,
  elementId,
  message,
});

/**
 * Run the checked model once in a throw-away embedded engine: deploy it there, start it with the
 * given variables, complete its user tasks with the given answers and its jobs with mock outputs,
 * fire intermediate timers at once, and stop at the step or time limit.
 */
export async function runInThrowawayEngine(
  model: ParsedModel,
  xml: string,
  tenantId: string,
  input: TestRunInput,
  limits: TestRunLimits = DEFAULT_TEST_RUN_LIMITS,
): Promise<ProcessTestRunResult> {
  const proc = runnableProcess(model);
  const empty = { steps: [], visitedElementIds: [], takenFlowIds: [], activeElementIds: [], variables: {} };
  if (!proc) {
    return {
      outcome: 'rejected',
      processId: '',
      summary: '文件中没有可运行的流程',
      ...empty,
      problems: [problem(DOCUMENT, '文件中没有流程')],
      notes: [],
    };
  }
  const runTenant = tenantId === GROUP_TENANT ? RUN_TENANT_FOR_GROUP : tenantId;
  const timers = fireTimersAtOnce(xml, proc);
  const run = new TestRun(proc, input);
  run.notes.push('试运行在用完即删的临时引擎中进行：没有部署，也没有创建工单、任务、作业或通知');
  if (model.processes.length > 1) run.notes.push(`文件中有 ${model.processes.length} 个流程，只试运行「${proc.name || proc.id}」`);
  run.notes.push(...timers.notes);
  const jobs = jobTypesOf(proc);
  for (const t of jobs.types) {
    const out = input.jobOutputs[t];
    run.notes.push(
      out
        ? `作业类型「${t}」不真正执行，以给定的模拟输出 ${shortJson(out)} 完成`
        : `作业类型「${t}」不真正执行（正式运行时会调用该作业），试运行直接完成，无输出变量`,
    );
  }
  for (const e of jobs.dynamic) run.notes.push(`「${e.name || e.id}」的作业类型是表达式，试运行无法模拟，运行到此会停住`);
  if (proc.elements.some((e) => e.$type === 'bpmn:CallActivity')) {
    run.notes.push('调用活动所调用的流程不在临时引擎中，试运行到此会出现故障或停住');
  }

  const box = await throwawayEngine(runTenant);
  const { engine } = box;
  try {
    const deployTenant = tenantId === GROUP_TENANT ? GROUP_TENANT : runTenant;
    try {
      await engine.deploy(deployTenant, [{ name: 'test-run.bpmn', content: timers.xml }]);
    } catch (err) {
      if (!(err instanceof ModelRejectedError)) throw err;
      return {
        outcome: 'rejected',
        processId: proc.id,
        summary: `内置引擎无法运行此模型（${err.problems.length} 个问题），未试运行`,
        ...empty,
        problems: err.problems.map((p) => problem(p.elementId, p.reason)),
        notes: run.notes,
      };
    }

    const workers = [...jobs.types].map((type) =>
      engine.registerWorker(
        type,
        async (job) => {
          const out = input.jobOutputs[type] ?? {};
          run.completed(job.elementId, `模拟作业「${type}」完成${Object.keys(out).length ? `，输出 ${shortJson(out)}` : ''}`);
          return { outcome: 'complete', variables: out };
        },
        { pollIntervalMs: 20, maxJobsActive: 1 },
      ),
    );

    const startedAt = Date.now();
    let instanceKey: string;
    try {
      instanceKey = (await engine.startInstance({ tenantId: runTenant, processId: proc.id, variables: input.variables })).instanceKey;
    } catch (err) {
      const msg = String((err as Error)?.message ?? err).slice(0, 200);
      return {
        outcome: 'rejected',
        processId: proc.id,
        summary: '流程无法启动，未试运行',
        ...empty,
        problems: [problem(DOCUMENT, `流程无法启动（需要一个普通开始事件）：${msg}`)],
        notes: run.notes,
      };
    }

    const finish = async (
      outcome: ProcessTestRunResult['outcome'],
      summary: string,
      problems?: ErrorDetail[],
    ): Promise<ProcessTestRunResult> => {
      await Promise.all(workers.map((w) => w.close()));
      await run.observe(engine, runTenant, instanceKey).catch(() => undefined);
      const info = await engine.getInstance(runTenant, instanceKey).catch(() => undefined);
      const visited = [...new Set(run.steps.map((s) => s.elementId))];
      return {
        outcome,
        processId: proc.id,
        summary,
        steps: run.ordered(),
        visitedElementIds: visited,
        takenFlowIds: run.takenFlowIds,
        activeElementIds: outcome === 'completed' ? [] : run.active,
        variables: info?.variables ?? {},
        ...(problems?.length && { problems }),
        notes: run.notes,
      };
    };

    for (;;) {
      await run.observe(engine, runTenant, instanceKey);
      const info = await engine.getInstance(runTenant, instanceKey);
      if (!info || info.state === 'completed' || info.state === 'terminated') {
        return await finish('completed', `流程已走完，共 ${run.steps.length} 步`);
      }
      if (info.state === 'incident') {
        const incidents = await engine.listIncidents(runTenant, { state: 'active' });
        return await finish(
          'incident',
          '流程运行出现故障，已停止',
          incidents.map((i) => problem(i.elementId, incidentMessage(i.errorMessage))),
        );
      }
      if (run.stepCount >= limits.maxSteps) {
        await engine.cancelInstance(runTenant, instanceKey).catch(() => undefined);
        return await finish('incident', `超过 ${limits.maxSteps} 步仍未结束，可能是死循环，试运行已停止`, [
          problem(run.steps.at(-1)?.elementId ?? DOCUMENT, `超过 ${limits.maxSteps} 步仍未结束，请检查流程是否有死循环`),
        ]);
      }
      if (Date.now() - startedAt > limits.timeMs) {
        await engine.cancelInstance(runTenant, instanceKey).catch(() => undefined);
        return await finish('incident', `超过 ${limits.timeMs / 1000} 秒仍未结束，试运行已停止`, [
          problem(run.active[0] ?? DOCUMENT, `超过 ${limits.timeMs / 1000} 秒仍未结束，请检查流程是否有死循环或一直等待的环节`),
        ]);
      }
      const tasks = await engine.searchUserTasks({ tenantId: runTenant, state: 'created' });
      if (tasks.length) {
        const task = tasks.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.taskKey.localeCompare(b.taskKey))[0];
        const data = run.answerFor(task.elementId);
        await engine.completeUserTask(runTenant, task.taskKey, data);
        run.completed(task.elementId, Object.keys(data).length ? `以 ${shortJson(data)} 完成` : '以空数据完成');
        continue;
      }
      const busy = run.active.some((id) => {
        const el = proc.elements.find((e) => e.id === id);
        return (
          !!el &&
          ((!!el.zeebe.taskDefinition && !el.zeebe.taskDefinition.type.startsWith('=')) ||
            (isTimer(el) && el.$type === 'bpmn:IntermediateCatchEvent'))
        );
      });
      if (!busy && Date.now() - run.lastChange > IDLE_MS) {
        const names = run.active.map((id) => `「${proc.elements.find((e) => e.id === id)?.name || id}」`).join('、');
        return await finish('waiting', `流程停在${names || '某个环节'}，等待试运行无法提供的事件（消息、信号或外部调用）`);
      }
      await sleep(POLL_MS);
    }
  } finally {
    await box.dispose();
  }
}
