import type { ModelProblem } from '../process-engine.js';
import { isA, str, walkContained, type ModdleElement } from './moddle.js';
import { DOCUMENT, excerpt, problem } from './problems.js';

/**
 * Checks on the raw moddle tree for anything that would make bpmn-engine run model code: `${…}`
 * expressions (bpmn-engine's own expression syntax), script formats and inline scripts, scripted
 * conditions (`language=…`), and Camunda 7 / Activiti / Flowable extensions (Zeebe ignores them, so
 * the model would silently behave differently). Also BPMN standard loops, which neither runs.
 */

const FOREIGN_NAMESPACES: Record<string, string> = {
  'http://camunda.org/schema/1.0/bpmn': 'Camunda 7',
  'http://activiti.org/bpmn': 'Activiti',
  'http://flowable.org/bpmn': 'Flowable',
};

/** Parts of the file that are never executed: free text and diagram layout. */
const INERT = new Set(['bpmn:Documentation', 'bpmn:TextAnnotation', 'bpmndi:BPMNDiagram']);

const idOwner = (el: ModdleElement): string => {
  for (let e: ModdleElement | undefined = el; e; e = e.$parent) {
    const id = str(e, 'id');
    if (id && (isA(e, 'bpmn:FlowElement') || isA(e, 'bpmn:RootElement'))) return id;
  }
  return DOCUMENT;
};

/** Prefix → engine name for every foreign namespace declared anywhere in the file. */
function foreignPrefixes(root: ModdleElement): Map<string, string> {
  const out = new Map<string, string>();
  walkContained(root, (el) => {
    for (const [k, v] of Object.entries(el.$attrs ?? {})) {
      if (k.startsWith('xmlns:') && FOREIGN_NAMESPACES[v]) out.set(k.slice(6), FOREIGN_NAMESPACES[v]);
    }
  });
  return out;
}

export function moddleProblems(definitions: unknown): ModelProblem[] {
  const root = definitions as ModdleElement | undefined;
  if (!root || typeof root !== 'object') return [];
  const out: ModelProblem[] = [];
  const foreign = foreignPrefixes(root);
  const foreignOf = (qname: string) => {
    const i = qname.indexOf(':');
    return i > 0 ? foreign.get(qname.slice(0, i)) : undefined;
  };

  walkContained(root, (el) => {
    if (INERT.has(el.$type)) return false;
    const owner = idOwner(el);
    const engine = foreignOf(el.$type);
    if (engine) {
      out.push(
        problem(
          owner,
          `包含 ${engine} 扩展元素 <${excerpt(el.$type, 60)}>，Camunda 8 与嵌入式引擎都不会执行它，请改用 zeebe 扩展`,
          `contains the ${engine} extension element <${excerpt(el.$type, 60)}>, which neither Camunda 8 nor the embedded engine runs; use zeebe extensions`,
        ),
      );
      return false;
    }
    for (const key of Object.keys(el.$attrs ?? {})) {
      const attrEngine = foreignOf(key);
      if (attrEngine && !key.startsWith('xmlns:')) {
        out.push(
          problem(
            owner,
            `包含 ${attrEngine} 扩展属性 ${excerpt(key, 60)}，Camunda 8 与嵌入式引擎都不会执行它，请改用 zeebe 扩展`,
            `contains the ${attrEngine} extension attribute ${excerpt(key, 60)}, which neither Camunda 8 nor the embedded engine runs; use zeebe extensions`,
          ),
        );
      }
    }
    const strings: Array<[string, string]> = [];
    for (const [k, v] of Object.entries(el)) if (typeof v === 'string' && (k === '$body' || !k.startsWith('$'))) strings.push([k, v]);
    for (const [k, v] of Object.entries(el.$attrs ?? {})) if (!k.startsWith('xmlns')) strings.push([k, v]);
    for (const [k, v] of strings) {
      if (v.includes('${')) {
        const body = k === 'body' || k === '$body';
        const whereZh = body ? '表达式内容' : `属性 ${excerpt(k, 40)}`;
        const whereEn = body ? 'the expression body' : `the attribute ${excerpt(k, 40)}`;
        out.push(
          problem(
            owner,
            `${whereZh}含有 \${…} 表达式（「${excerpt(v, 60)}」），该语法会在引擎中执行脚本，不予接受；请使用以 = 开头的 FEEL 表达式`,
            `${whereEn} contains a \${…} expression ("${excerpt(v, 60)}"), which the engine would run as script; use a FEEL expression starting with "="`,
          ),
        );
      }
    }
    if (el.$type === 'bpmn:FormalExpression' && str(el, 'language')) {
      out.push(
        problem(
          owner,
          `表达式指定了脚本语言「${excerpt(str(el, 'language')!, 40)}」，不予执行；请使用以 = 开头的 FEEL 表达式`,
          `an expression declares the script language "${excerpt(str(el, 'language')!, 40)}", which is never run; use a FEEL expression starting with "="`,
        ),
      );
    }
    if (el.$type === 'bpmn:ScriptTask' && (str(el, 'scriptFormat') || str(el, 'script'))) {
      out.push(
        problem(
          owner,
          `脚本任务包含${str(el, 'scriptFormat') ? ` ${excerpt(str(el, 'scriptFormat')!, 40)} ` : ''}脚本，不予执行；请改用 zeebe:script FEEL 表达式或 zeebe:taskDefinition 作业`,
          `the script task contains a${str(el, 'scriptFormat') ? ` ${excerpt(str(el, 'scriptFormat')!, 40)}` : 'n inline'} script, which is never run; use a zeebe:script FEEL expression or a zeebe:taskDefinition job`,
        ),
      );
    }
    if (el.$type === 'bpmn:StandardLoopCharacteristics') {
      out.push(
        problem(
          owner,
          '不支持标准循环（standardLoopCharacteristics），请改用多实例',
          'standard loops are not supported; use multi-instance instead',
        ),
      );
    }
    return undefined;
  });
  return out;
}
