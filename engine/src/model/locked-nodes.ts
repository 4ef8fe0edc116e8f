import type { ModelProblem } from '../process-engine.js';
import { signatureChanges } from './locked-signature.js';
import { flowGraphOf, SCOPE_END, scopeStart, skeletonClosure, skeletonFrom } from './locked-skeleton.js';
import type { ParsedElement, ParsedModel, ParsedProcess } from './model.types.js';
import { parseBpmn } from './parse-bpmn.js';
import { dedupe, excerpt, problem } from './problems.js';

/** `<zeebe:property name="locked" value="true" />` marks a core node. */
export const LOCKED_PROPERTY = 'locked';
/** `<zeebe:property name="extensionPoint" value="…" />` marks an extension-point call activity. */
export const EXTENSION_POINT_PROPERTY = 'extensionPoint';

export const isLockedNode = (e: ParsedElement): boolean => e.zeebe.properties?.[LOCKED_PROPERTY] === 'true';
export const extensionPointProperty = (e: ParsedElement): string | undefined => e.zeebe.properties?.[EXTENSION_POINT_PROPERTY];

const isFlowNode = (e: ParsedElement) => e.$type !== 'bpmn:SequenceFlow';

/** The contract nodes of a process: locked nodes and extension points (flow nodes only). */
export function contractNodesOf(proc: ParsedProcess): ParsedElement[] {
  return proc.elements.filter((e) => isFlowNode(e) && (isLockedNode(e) || extensionPointProperty(e) !== undefined));
}

/** True when the process has locked nodes or extension points that a derived model must keep. */
export const hasContractNodes = (proc: ParsedProcess): boolean => contractNodesOf(proc).length > 0;

/**
 * Compare a candidate process with the template process of the same id. Every locked node of the
 * template must exist in the candidate with the same id, kind (see `signatureChanges`), parent
 * scope and `locked=true`; every extension point with the same id, kind, scope and property. The
 * "skeleton" must be identical: for each such node L, the set of contract nodes (and "the scope
 * ends") reachable from L through non-contract nodes only. Nodes the candidate locks in addition
 * are allowed and count as ordinary nodes. Answers one problem per difference, naming the node.
 */
export function compareLockedProcess(template: ParsedProcess, candidate: ParsedProcess): ModelProblem[] {
  const contractEls = contractNodesOf(template);
  if (contractEls.length === 0) return [];
  const tGraph = flowGraphOf(template);
  const cGraph = flowGraphOf(candidate);
  const contract = new Set(contractEls.map((e) => e.id));
  const out: ModelProblem[] = [];
  const broken = new Set<string>();

  // Each scope holding contract nodes also has a virtual start node (what its start events reach).
  const starts = new Map([...new Set(contractEls.map((e) => e.parentId))].map((scopeId) => [scopeStart(scopeId), scopeId]));
  const scope = (id: string, graph = tGraph) => {
    if (id === template.id) return ['流程顶层', 'the process itself'];
    const name = graph.byId.get(id)?.name?.trim();
    return [`子流程「${excerpt(name || id, 40)}」(${id})`, `subprocess ${id}`];
  };
  const label = (id: string) => {
    if (id === SCOPE_END) return ['结束', 'the end'];
    const startOf = starts.get(id);
    if (startOf !== undefined) {
      const [sz, se] = scope(startOf);
      return [`${sz}的开始`, `the start of ${se}`];
    }
    const name = tGraph.byId.get(id)?.name?.trim();
    return name ? [`「${excerpt(name, 40)}」(${id})`, `${excerpt(name, 40)} (${id})`] : [`「${id}」`, id];
  };
  const kind = (id: string) => {
    const e = tGraph.byId.get(id);
    return e && !isLockedNode(e) ? ['扩展点', 'extension point'] : ['核心节点', 'core node'];
  };
  const node = (id: string) => {
    if (starts.has(id)) return label(id);
    const [kz, ke] = kind(id);
    const [lz, le] = label(id);
    return [`${kz}${lz}`, `${ke} ${le}`];
  };

  for (const was of contractEls) {
    const [nz, ne] = node(was.id);
    const now = cGraph.byId.get(was.id);
    if (!now || !isFlowNode(now)) {
      broken.add(was.id);
      out.push(problem(was.id, `${nz} 已被删除`, `${ne} was removed`));
      continue;
    }
    for (const c of signatureChanges(was, now)) out.push(problem(was.id, `${nz} 的类型被修改：${c.zh}`, `${ne} was retyped: ${c.en}`));
    if (now.parentId !== was.parentId) {
      broken.add(was.id);
      const [fz, fe] = scope(was.parentId);
      const [tz, te] = scope(now.parentId, cGraph);
      out.push(problem(was.id, `${nz} 已被移到其他范围：原在${fz}内，现在${tz}内`, `${ne} was moved from ${fe} to ${te}`));
    }
    if (isLockedNode(was) && !isLockedNode(now)) {
      const value = now.zeebe.properties?.[LOCKED_PROPERTY];
      out.push(
        problem(
          was.id,
          `${nz} 的锁定属性被修改：locked 必须保持为 true（现为${value === undefined ? '已删除' : `「${excerpt(value, 40)}」`}）`,
          `${ne}: its lock property was ${value === undefined ? 'removed' : `changed to "${excerpt(value, 40)}"`}; locked must stay true`,
        ),
      );
    }
    const point = extensionPointProperty(was);
    if (point !== undefined && extensionPointProperty(now) !== point) {
      const value = extensionPointProperty(now);
      out.push(
        problem(
          was.id,
          `${nz} 的扩展点属性被修改：原为「${point}」，现为「${value === undefined ? '（已删除）' : excerpt(value, 40)}」`,
          `${ne}: its extensionPoint property was "${point}", is now ${value === undefined ? 'removed' : `"${excerpt(value, 40)}"`}`,
        ),
      );
    }
  }

  const sources = [...contract, ...starts.keys()];
  const tSkeleton = new Map(sources.map((id) => [id, skeletonFrom(tGraph, contract, id)]));
  // Problems about a virtual start name its scope.
  const elementOf = (id: string) => starts.get(id) ?? id;
  const closures = new Map<string, Set<string>>();
  const reaches = (from: string, to: string) => {
    let c = closures.get(from);
    if (!c) closures.set(from, (c = skeletonClosure(tSkeleton, from)));
    return c.has(to);
  };

  for (const id of sources) {
    if (broken.has(elementOf(id)) || (starts.has(id) && elementOf(id) !== template.id && !cGraph.byId.has(elementOf(id)))) continue;
    const was = tSkeleton.get(id)!;
    const now = skeletonFrom(cGraph, contract, id);
    const [lz, le] = label(id);
    for (const target of now) {
      if (was.has(target) || broken.has(target)) continue;
      const [tz, te] = label(target);
      if (target !== SCOPE_END && reaches(target, id) && !reaches(id, target)) {
        const [nz, ne] = node(target);
        out.push(
          problem(
            target,
            `${nz} 的顺序被改变：现在从${lz}之后可到达${tz}，而模板中${tz}在${lz}之前`,
            `the order of ${ne} was changed: ${te} can now be reached after ${le}, but comes before it in the template`,
          ),
        );
        continue;
      }
      const bypassed = [...was].filter((m) => m !== SCOPE_END && !broken.has(m) && reaches(m, target));
      for (const m of bypassed) {
        const [nz, ne] = node(m);
        out.push(
          target === SCOPE_END
            ? problem(
                m,
                `${nz} 被绕过：现在从${lz}之后可不经过它直接结束`,
                `${ne} is bypassed: the flow can now end after ${le} without passing it`,
              )
            : problem(m, `${nz} 被绕过：现在可从${lz}直接到达${tz}`, `${ne} is bypassed: ${te} can now be reached directly from ${le}`),
        );
      }
      if (bypassed.length === 0) {
        const [nz, ne] = node(id);
        out.push(
          problem(
            elementOf(id),
            `${nz} 之后的核心流程顺序被改变：现在可从${lz}直接到达${tz}`,
            `the order after ${ne} was changed: ${te} can now be reached directly from ${le}`,
          ),
        );
      }
    }
    for (const target of was) {
      if (now.has(target) || broken.has(target)) continue;
      const [nz, ne] = node(id);
      const [tz, te] = label(target);
      out.push(
        target === SCOPE_END
          ? problem(
              elementOf(id),
              `${nz} 之后的核心流程顺序被改变：不再能直接结束`,
              `the order after ${ne} was changed: the flow can no longer end right after it`,
            )
          : problem(
              elementOf(id),
              `${nz} 之后的核心流程顺序被改变：不再能直接到达${tz}`,
              `the order after ${ne} was changed: ${te} can no longer be reached directly from it`,
            ),
      );
    }
  }
  return out;
}

const parsed = async (m: string | ParsedModel): Promise<ParsedModel> => (typeof m === 'string' ? parseBpmn(m) : m);

/**
 * Check a candidate BPMN file against a template (e.g. the shipped `wl-ticket`): every template
 * process that has locked nodes or extension points and whose id the candidate also defines must
 * keep them (see `compareLockedProcess`). Processes of only one side are not compared. Answers the
 * problems (empty when the candidate keeps the contract); a file that does not parse throws
 * `ModelRejectedError` like `parseBpmn`.
 */
export async function checkLockedNodes(templateXml: string | ParsedModel, candidateXml: string | ParsedModel): Promise<ModelProblem[]> {
  const template = await parsed(templateXml);
  const candidate = await parsed(candidateXml);
  const problems: ModelProblem[] = [];
  for (const t of template.processes) {
    const c = candidate.processes.find((p) => p.id === t.id);
    if (c) problems.push(...compareLockedProcess(t, c));
  }
  return dedupe(problems);
}
