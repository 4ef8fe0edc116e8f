import type BpmnModeler from 'bpmn-js/lib/Modeler';
import type Canvas from 'diagram-js/lib/core/Canvas';
import type EventBus from 'diagram-js/lib/core/EventBus';
import type ElementRegistry from 'diagram-js/lib/core/ElementRegistry';
import type Selection from 'diagram-js/lib/features/selection/Selection';
import type { ModdleElement, ModelProblem } from '@warmline/engine/lock-check';
import { EXTENSION_PROCESS_IDS } from '@warmline/process-models/catalog';
import { deployXml, GROUP_TENANT, listVersions, me, readDefinitionXml, type DefinitionItem, type Me } from '../api/definitions';
import { ApiError } from '../api/http';
import { clearToken } from '../api/session';
import type { LockContract } from '../locks/lock-contract';
import { LOCK_VIOLATION_EVENT } from '../locks/lock-guard';
import { processesOf } from '../locks/templates';
import { blankDiagram, blankExtension } from '../modeler/blank-diagram';
import type { ReadOnly } from '../modeler/read-only';
import { showExtensionPoints } from './extension-points';
import { createModeler } from '../modeler/create-modeler';
import { untranslated } from '../i18n/translate-zh';
import { download, el } from './dom';
import { pickToOpen } from './open-dialog';
import { chooseDraftOrDeployed } from '../drafts/draft-choice-dialog';
import { DraftSession, installSaveShortcut, type DraftOrigin } from '../drafts/draft-session';
import { listDrafts, readDraft, type DraftItem } from '../drafts/drafts-api';
import { askUnsaved } from '../drafts/unsaved-dialog';
import { pickVersion } from './versions-dialog';
import { showVersionDiff } from './version-diff';
import { ProblemPanel, type ShownProblem } from './problem-panel';
import { clearRefused, markRefused } from './refusal-markers';
import { svgToPng } from './svg-to-png';
import { installFormDesigner } from '../forms';
import { openTestRun } from '../testrun';

declare global {
  interface Window {
    /** The running modeler, for the browser tests and for debugging in the console. */
    __warmlineModeler?: BpmnModeler;
    /** Texts the editor asked to translate that have no Chinese (the browser tests keep it empty). */
    __warmlineUntranslated?: Set<string>;
  }
}

const DOCUMENT = '(document)';

const asShown = (problems: ModelProblem[]): ShownProblem[] =>
  problems.map((p) => ({ elementId: p.elementId === DOCUMENT ? undefined : p.elementId, message: p.reason }));

/** The id of the diagram's first process (the file is named after it). */
function mainProcessId(modeler: BpmnModeler): string {
  const definitions = modeler.getDefinitions() as ModdleElement | undefined;
  return (processesOf(definitions)[0]?.id as string | undefined) ?? 'diagram';
}

function button(label: string, testId: string, onClick: () => unknown, title?: string): HTMLButtonElement {
  const b = el('button', { type: 'button', 'data-testid': testId, title }, label);
  b.addEventListener('click', () => void onClick());
  return b;
}

/** The designer screen: toolbar, diagram, properties panel and the message strip. */
export async function startDesigner(root: HTMLElement): Promise<void> {
  let user: Me;
  try {
    user = await me();
  } catch {
    return; // 401 sends the user to the login form
  }
  const canDeploy = user.permissions.includes('process:deploy');

  const canvasEl = el('div', { class: 'wl-canvas', 'data-testid': 'canvas' });
  const propertiesEl = el('aside', { class: 'wl-properties', 'data-testid': 'properties-panel' });
  const title = el('span', { class: 'wl-title', 'data-testid': 'diagram-title' }, '新流程');
  const dirtyBadge = el(
    'span',
    { class: 'wl-dirty', 'data-testid': 'dirty-indicator', hidden: true, title: '按 Ctrl+S 保存草稿，或部署' },
    '未保存的修改',
  );
  const readOnlyBadge = el(
    'span',
    { class: 'wl-read-only-badge', 'data-testid': 'read-only-badge', hidden: true, title: '分公司只能编辑和部署本分公司的扩展流程' },
    '只读：集团模板',
  );
  const isSubsidiaryUser = user.subsidiaryId !== null;
  const fileInput = el('input', { type: 'file', accept: '.bpmn,.xml', hidden: true, 'data-testid': 'file-input' });

  const modeler = createModeler(canvasEl, propertiesEl);
  window.__warmlineModeler = modeler;
  window.__warmlineUntranslated = untranslated;
  installFormDesigner(modeler, user);
  const contract = modeler.get<LockContract>('lockContract');
  const panel = new ProblemPanel((id) => {
    const element = modeler.get<ElementRegistry>('elementRegistry').get(id);
    if (!element) return;
    modeler.get<Selection>('selection').select(element);
    const canvas = modeler.get<Canvas>('canvas');
    canvas.scrollToElement(element);
    canvas.focus(); // so that Delete and the other keys act on it
  });
  const drafts = new DraftSession(modeler, panel, (processId) => {
    title.textContent = `${processId}（草稿）`;
  });
  drafts.dirty.onChange((dirty) => {
    dirtyBadge.hidden = !dirty;
    document.title = `${dirty ? '● ' : ''}暖线 · 流程设计器`;
  });

  /** Whether the open diagram may be replaced: no unsaved changes, or the user saved or gave them up. */
  async function mayReplaceDiagram(): Promise<boolean> {
    if (!drafts.dirty.isDirty) return true;
    const choice = await askUnsaved(!saveDraftButton.disabled);
    if (choice === 'save') return drafts.save();
    return choice === 'discard';
  }

  /** Open a model after checking it keeps its template's locked nodes (refused otherwise, the current diagram stays). */
  async function openXml(xml: string, label: string, origin: DraftOrigin = { basedOnVersion: null }): Promise<boolean> {
    if (!(await mayReplaceDiagram())) return false;
    let definitions: ModdleElement;
    try {
      ({ rootElement: definitions } = await modeler
        .get<{ fromXML(x: string): Promise<{ rootElement: ModdleElement }> }>('moddle')
        .fromXML(xml));
    } catch (err) {
      panel.show('error', `无法打开「${label}」：文件不是有效的 BPMN XML`, [{ message: String((err as Error).message ?? err) }]);
      return false;
    }
    const broken = contract.problemsOf(definitions);
    if (broken.length) {
      panel.show('error', `不能打开「${label}」：它改动了集团模板的锁定核心节点（服务器也会拒绝部署）`, asShown(broken));
      return false;
    }
    try {
      await modeler.importXML(xml);
    } catch (err) {
      panel.show('error', `无法打开「${label}」：${String((err as Error).message ?? err)}`);
      return false;
    }
    title.textContent = label;
    panel.clear();
    applyMode();
    drafts.opened(origin);
    // How many diagrams were opened: lets the browser tests wait for a re-opened one.
    root.dataset.imports = String(Number(root.dataset.imports ?? 0) + 1);
    const canvas = modeler.get<Canvas>('canvas');
    canvas.resized();
    canvas.zoom('fit-viewport');
    // Leave room for the palette on the left.
    const { x, y, width, height } = canvas.viewbox();
    const margin = width * 0.08;
    canvas.viewbox({ x: x - margin, y: y - margin / 2, width: width + margin * 1.5, height: height + margin });
    return true;
  }

  /** The open dialog: a draft, or a deployed process — offering its draft first when that is newer. */
  async function openFromServer(): Promise<void> {
    const choice = await pickToOpen((processId) => drafts.discarded(processId));
    if (!choice) return;
    if (choice.kind === 'draft') return openDraft(choice.draft.processId);
    const { definition, draft } = choice;
    if (draft?.freshness === 'newer') {
      const pick = await chooseDraftOrDeployed(draft, `第 ${definition.version} 版`);
      if (!pick) return;
      if (pick === 'draft') return openDraft(draft.processId);
    }
    return openDefinition(definition);
  }

  async function openDraft(processId: string): Promise<void> {
    try {
      const d = await readDraft(processId);
      await openXml(d.xml, `${processId}（草稿）`, { basedOnVersion: d.basedOnVersion, draft: { processId, revision: d.revision } });
    } catch (err) {
      panel.show('error', err instanceof ApiError ? err.message : '读取草稿失败');
    }
  }

  async function openVersions(): Promise<void> {
    const choice = await pickVersion(mainProcessId(modeler));
    if (!choice) return;
    if (choice.action === 'open') return openDefinition(choice.version);
    const { version: v } = choice;
    try {
      const result = await showVersionDiff(modeler, await readDefinitionXml(v));
      panel.show(
        'info',
        `当前图与第 ${v.version} 版相比：新增 ${result.added} 个、删除 ${result.removed} 个、修改 ${result.changed} 个元素`,
        result.lines,
      );
    } catch (err) {
      panel.show('error', err instanceof ApiError ? err.message : '对比失败');
    }
  }

  async function openDefinition(picked: DefinitionItem | undefined): Promise<void> {
    if (!picked) return;
    try {
      const xml = await readDefinitionXml(picked);
      await openXml(xml, `${picked.processId}（第 ${picked.version} 版）`, { basedOnVersion: picked.version });
    } catch (err) {
      panel.show('error', err instanceof ApiError ? err.message : '读取流程失败');
    }
  }

  fileInput.addEventListener('change', () => {
    const file = fileInput.files?.[0];
    fileInput.value = '';
    if (file) void file.text().then((xml) => openXml(xml, file.name));
  });

  /**
   * A subsidiary user edits only its extension processes: anything else (the group's template, a
   * custom group process) opens read-only, with the extension points offering the subsidiary's own.
   */
  function applyMode(): void {
    const ids = processesOf(modeler.getDefinitions() as ModdleElement | undefined).map((p) => p.id as string);
    const readOnly = isSubsidiaryUser && !ids.every((id) => EXTENSION_PROCESS_IDS.includes(id));
    modeler.get<ReadOnly>('readOnly').set(readOnly);
    propertiesEl.classList.toggle('wl-read-only', readOnly);
    readOnlyBadge.hidden = !readOnly;
    deployButton.disabled = !canDeploy || readOnly;
    saveDraftButton.disabled = deployButton.disabled;
    testRunButton.disabled = deployButton.disabled;
    showExtensionPoints(modeler, isSubsidiaryUser ? openOwnExtension : undefined);
  }

  /**
   * The subsidiary's extension process: its draft when there is no deployed version or the draft is
   * newer (asked), else its latest deployed version, or a new one when it has neither.
   */
  async function openOwnExtension(processId: string, point: string): Promise<void> {
    try {
      const [versions, draftItems] = await Promise.all([listVersions(processId), listDrafts()]);
      const own = versions.find((v) => v.tenant !== GROUP_TENANT);
      const draft: DraftItem | undefined = draftItems.find((d) => d.processId === processId);
      if (draft && (!own || draft.freshness === 'newer')) {
        const pick = own ? await chooseDraftOrDeployed(draft, `第 ${own.version} 版`) : 'draft';
        if (!pick) return;
        if (pick === 'draft') return await openDraft(processId);
      }
      if (own) await openDefinition(own);
      else await openXml(blankExtension(processId, point), `${processId}（新建）`);
    } catch (err) {
      panel.show('error', err instanceof ApiError ? err.message : '打开扩展流程失败');
    }
  }

  async function deploy(): Promise<void> {
    clearRefused(modeler);
    const { xml } = await modeler.saveXML({ format: true });
    const processId = mainProcessId(modeler);
    try {
      const result = await deployXml(xml!, `${processId}.bpmn`);
      const versions = result.processes.map((p) => `${p.processId} 第 ${p.version} 版`).join('，');
      const main = result.processes.find((p) => p.processId === processId);
      const keptDraft = drafts.revisionOf(processId) !== undefined;
      if (main) drafts.deployed(main.version);
      panel.show(
        'success',
        `部署成功：${versions}`,
        keptDraft ? [{ message: '此流程的草稿仍保留（现比已部署版本旧）；不再需要时，可在「打开」中丢弃。' }] : [],
      );
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      const problems: ShownProblem[] = err.details.map((d) => ({
        elementId: d.elementId && d.elementId !== DOCUMENT ? d.elementId : undefined,
        message: d.message,
      }));
      markRefused(modeler, problems);
      panel.show('error', `服务器拒绝部署：${err.message}`, problems);
    }
  }

  async function exportXml(): Promise<void> {
    const { xml } = await modeler.saveXML({ format: true });
    download(new Blob([xml!], { type: 'application/xml' }), `${mainProcessId(modeler)}.bpmn`);
  }
  async function exportSvg(): Promise<void> {
    const { svg } = await modeler.saveSVG();
    download(new Blob([svg], { type: 'image/svg+xml' }), `${mainProcessId(modeler)}.svg`);
  }
  async function exportPng(): Promise<void> {
    const { svg } = await modeler.saveSVG();
    download(await svgToPng(svg), `${mainProcessId(modeler)}.png`);
  }

  const deployButton = button('部署', 'deploy', deploy, canDeploy ? '部署到服务器（生成新版本）' : '您没有部署流程的权限');
  deployButton.classList.add('wl-primary');
  deployButton.disabled = !canDeploy;
  const saveDraftButton = button('保存草稿', 'save-draft', () => drafts.save(), '保存到服务器，不部署（Ctrl+S）');
  saveDraftButton.disabled = !canDeploy;
  installSaveShortcut(
    () => void drafts.save(),
    () => !saveDraftButton.disabled,
  );
  const testRunButton = button('试运行', 'test-run', () => openTestRun(modeler), '不部署，在临时引擎中把当前图运行一次，查看走过的路径');
  testRunButton.disabled = !canDeploy;
  const toolbar = el(
    'nav',
    { class: 'wl-toolbar' },
    button('新建', 'new', () => openXml(blankDiagram(), '新流程')),
    button('打开', 'open-server', openFromServer, '打开草稿或已部署的流程'),
    button('打开文件', 'open-file', () => fileInput.click()),
    button('版本', 'versions', openVersions, '此流程已部署的各版本及运行中的实例数'),
    saveDraftButton,
    testRunButton,
    deployButton,
    el('span', { class: 'wl-sep' }),
    button('导出 BPMN', 'export-xml', exportXml),
    button('导出 SVG', 'export-svg', exportSvg),
    button('导出 PNG', 'export-png', exportPng),
  );
  const logout = button('退出', 'logout', () => {
    clearToken();
    location.reload();
  });
  root.replaceChildren(
    el(
      'div',
      { class: 'wl-app' },
      el(
        'header',
        { class: 'wl-header' },
        el('span', { class: 'wl-brand' }, '暖线 · 流程设计器'),
        title,
        dirtyBadge,
        readOnlyBadge,
        toolbar,
        el('span', { class: 'wl-user', 'data-testid': 'user' }, user.displayName),
        logout,
        fileInput,
      ),
      el('main', { class: 'wl-main' }, canvasEl, propertiesEl),
      panel.root,
    ),
  );

  modeler.get<EventBus>('eventBus').on(LOCK_VIOLATION_EVENT, (event: { problems: ModelProblem[] }) => {
    panel.show('warning', '此修改会破坏集团模板的锁定核心节点，已自动撤销', asShown(event.problems));
  });

  await contract.ready;
  await openXml(blankDiagram(), '新流程');
  root.dataset.ready = 'true';
}
