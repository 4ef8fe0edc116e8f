import { ModelRejectedError, type ModelProblem } from '../process-engine.js';
import { createModdle, isA, list, str, walkContained, type ModdleContext, type ModdleElement } from './moddle.js';
import type { ParsedModel, ParsedProcess } from './model.types.js';
import { DOCUMENT, dedupe, excerpt, problem, rejectDocument } from './problems.js';
import { readProcess } from './read-process.js';

/** Largest accepted file (UTF-8 bytes). */
export const MAX_BPMN_BYTES = 5 * 1024 * 1024;
/** Deepest accepted nesting of model elements (definitions → process → subprocess … → extension). */
export const MAX_NESTING = 64;
/** Longest accepted element id. */
const MAX_ID_LENGTH = 255;
/** An XML NCName (Unicode letters allowed): what Zeebe and bpmn-js accept as ids. */
const ID_PATTERN = /^[\p{L}_][\p{L}\p{N}_.-]*$/u;

async function readXml(xml: string): Promise<ModdleContext> {
  try {
    return await createModdle().fromXML(xml);
  } catch (err) {
    const msg = excerpt(String((err as Error)?.message ?? err));
    throw rejectDocument(`文件不是有效的 BPMN XML，无法解析：${msg}`, `the file is not valid BPMN XML: ${msg}`);
  }
}

/** Moddle warnings (unknown elements, duplicate ids, dangling references) as problems. */
function warningProblems(ctx: ModdleContext): ModelProblem[] {
  return ctx.warnings.map((w) => {
    const msg = excerpt(w.message ?? '');
    const dup = /duplicate ID <([^>]*)>/.exec(w.message ?? '');
    if (dup) return problem(dup[1] || DOCUMENT, `元素 ID「${excerpt(dup[1], 80)}」重复`, `duplicate element id <${excerpt(dup[1], 80)}>`);
    const illegal = /illegal ID <([^>]*)>/.exec(w.message ?? '');
    if (illegal) {
      const shown = excerpt(illegal[1], 60);
      return problem(
        shown || DOCUMENT,
        `元素 ID「${shown}」不合法：须以字母或下划线开头，只含字母、数字、下划线、点和连字符`,
        `element id <${shown}> is invalid: it must start with a letter or underscore and contain only letters, digits, _ . -`,
      );
    }
    const unresolved = /unresolved reference <([^>]*)>/.exec(w.message ?? '');
    if (unresolved) {
      const owner = str(w.element, 'id') ?? DOCUMENT;
      const ref = excerpt(unresolved[1], 80);
      return problem(owner, `引用的元素「${ref}」不存在`, `unresolved reference <${ref}>`);
    }
    const owner = str(w.element, 'id') ?? DOCUMENT;
    return problem(owner, `文件包含无法识别的内容：${msg}`, `the file contains content that is not BPMN or Zeebe: ${msg}`);
  });
}

/** Nesting depth, missing and malformed ids of every contained element. */
function structureProblems(root: ModdleElement): ModelProblem[] {
  const out: ModelProblem[] = [];
  let tooDeep = false;
  walkContained(root, (el, depth) => {
    if (depth > MAX_NESTING) {
      tooDeep = true;
      return false;
    }
    const needsId = isA(el, 'bpmn:FlowElement') || isA(el, 'bpmn:Process');
    if (!needsId) return undefined;
    const id = str(el, 'id');
    if (id === undefined || id === '') {
      const owner = str(el.$parent, 'id') ?? DOCUMENT;
      const label = str(el, 'name') ? `「${excerpt(str(el, 'name')!, 40)}」` : '';
      out.push(
        problem(
          owner,
          `${el.$type} 元素${label}缺少 id`,
          `a ${el.$type} element${label ? ` (${excerpt(str(el, 'name')!, 40)})` : ''} has no id`,
        ),
      );
    } else if (id.length > MAX_ID_LENGTH || !ID_PATTERN.test(id)) {
      const shown = excerpt(id, 60);
      out.push(
        problem(
          id.length > MAX_ID_LENGTH ? shown : id,
          `元素 ID「${shown}」不合法：须以字母或下划线开头，只含字母、数字、下划线、点和连字符，且不超过 ${MAX_ID_LENGTH} 个字符`,
          `element id <${shown}> is invalid: it must start with a letter or underscore, contain only letters, digits, _ . - and be at most ${MAX_ID_LENGTH} characters`,
        ),
      );
    }
    return undefined;
  });
  if (tooDeep) {
    out.unshift(
      problem(DOCUMENT, `元素嵌套层级过深（超过 ${MAX_NESTING} 层）`, `elements are nested too deeply (more than ${MAX_NESTING} levels)`),
    );
  }
  return out;
}

/**
 * Parse a BPMN file (Zeebe dialect) into plain, typed structures. Anything that is not a clean,
 * well-formed BPMN document with at least one executable process — empty input, non-XML, DOCTYPE or
 * entity declarations, files over 5 MB, unknown elements, missing or duplicate ids, dangling
 * references — ends in `ModelRejectedError` with reasons in Chinese and English. Never evaluates
 * anything from the model.
 */
export async function parseBpmn(xml: string): Promise<ParsedModel> {
  if (typeof xml !== 'string') throw rejectDocument('上传的内容不是文本', 'the upload is not text');
  const bytes = Buffer.byteLength(xml, 'utf8');
  if (bytes > MAX_BPMN_BYTES) {
    throw rejectDocument(
      `文件过大（${(bytes / 1024 / 1024).toFixed(1)} MB），BPMN 文件不能超过 ${MAX_BPMN_BYTES / 1024 / 1024} MB`,
      `the file is too large (${(bytes / 1024 / 1024).toFixed(1)} MB); BPMN files may be at most ${MAX_BPMN_BYTES / 1024 / 1024} MB`,
    );
  }
  const text = xml.replace(/^\uFEFF/, '');
  if (text.trim() === '') throw rejectDocument('文件为空', 'the file is empty');
  if (text.includes('\u0000')) throw rejectDocument('文件包含二进制内容，不是 XML 文本', 'the file contains binary data, not XML text');
  if (/<!DOCTYPE/i.test(text) || /<!ENTITY/i.test(text)) {
    throw rejectDocument(
      '文件包含 DOCTYPE 或 ENTITY 声明，出于安全原因不予接受',
      'the file contains a DOCTYPE or ENTITY declaration, which is refused for security reasons',
    );
  }
  if (!text.trimStart().startsWith('<')) throw rejectDocument('文件不是 XML', 'the file is not XML');

  const ctx = await readXml(text);
  const root = ctx.rootElement;
  if (!root || root.$type !== 'bpmn:Definitions') {
    throw rejectDocument('文件不是 BPMN 2.0 定义（根元素应为 bpmn:definitions）', 'the file is not a BPMN 2.0 definitions document');
  }

  const problems = [...structureProblems(root), ...warningProblems(ctx)];
  if (problems.length) throw new ModelRejectedError(dedupe(problems));

  const processElements = list(root, 'rootElements').filter((e) => e.$type === 'bpmn:Process');
  if (processElements.length === 0) throw rejectDocument('文件中没有流程（bpmn:process）', 'the file contains no process (bpmn:process)');
  const processes: ParsedProcess[] = processElements.map(readProcess);
  if (!processes.some((p) => p.isExecutable)) {
    throw rejectDocument(
      '文件中没有可执行的流程（请在流程上设置 isExecutable="true"）',
      'the file contains no executable process (set isExecutable="true" on the process)',
    );
  }
  return { definitions: root, moddleContext: ctx, processes };
}
