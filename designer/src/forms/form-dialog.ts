import { Form, FormEditor } from '@bpmn-io/form-js';
import flatpickr from 'flatpickr';
import { Mandarin } from 'flatpickr/dist/l10n/zh.js';
import '@bpmn-io/form-js/dist/assets/form-js.css';
import '@bpmn-io/form-js/dist/assets/form-js-editor.css';
import { ApiError } from '../api/http';
import { el } from '../ui/dom';
import { FormEditorZhModule } from './form-editor-zh';
import { keepChinese } from './form-dom-zh';
import { emptyFormSchema, listFormVersions, readForm, readFormVersion, rollbackForm, saveForm, type FormVersionItem } from './forms-api';
import './forms.css';

export interface FormDesignerOptions {
  formId: string;
  /** A form the server does not hold yet: created by the first save. */
  isNew: boolean;
  name?: string;
  /** The user holds form:manage (may create forms). */
  canManage: boolean;
}

export interface FormDesignerResult {
  /** At least one save (or rollback) reached the server. */
  saved: boolean;
  formId: string;
}

const SOURCE_ZH: Record<FormVersionItem['source'], string> = { shipped: '随系统发布', edited: '编辑保存', rollback: '回滚' };
const timeLabel = (iso: string) => new Date(iso).toLocaleString('zh-CN', { hour12: false });

type Schema = Record<string, unknown>;

// form-js's date picker (flatpickr, one copy in the workspace) in Chinese: month and weekday names.
flatpickr.localize(Mandarin);

/**
 * The form designer: form-js's editor and a live preview (the form-js viewer) side by side in a
 * full-screen dialog, in Chinese. 保存 sends the schema to the server as a new version (its 422
 * problems listed in Chinese); 版本 lists the versions, to view or restore one.
 */
export function openFormDesigner(options: FormDesignerOptions): Promise<FormDesignerResult> {
  const { formId } = options;
  let isNew = options.isNew;
  let saved = false;
  let editable = options.canManage && isNew;

  const nameInput = el('input', { class: 'wl-form-name', 'data-testid': 'form-name', maxlength: '64', placeholder: '表单名称' });
  nameInput.value = options.name ?? '';
  const status = el('span', { class: 'wl-form-status', 'data-testid': 'form-status' }, '正在加载…');
  const readOnlyBadge = el('span', { class: 'wl-read-only-badge', 'data-testid': 'form-read-only', hidden: true });
  const saveButton = el('button', { type: 'button', class: 'wl-primary', 'data-testid': 'form-save' }, '保存');
  const versionsButton = el('button', { type: 'button', 'data-testid': 'form-versions' }, '版本');
  const closeButton = el('button', { type: 'button', 'data-testid': 'form-close' }, '关闭');
  const problems = el('div', { class: 'wl-form-problems', 'data-testid': 'form-problems', hidden: true });
  const editorEl = el('div', { class: 'wl-form-editor', 'data-testid': 'form-editor' });
  const previewEl = el('div', { class: 'wl-form-preview', 'data-testid': 'form-preview' });
  const versionsEl = el('aside', { class: 'wl-form-versions', 'data-testid': 'form-versions-panel', hidden: true });
  const root = el(
    'div',
    { class: 'wl-form-dialog', 'data-testid': 'form-dialog', role: 'dialog', 'aria-label': '表单设计' },
    el(
      'header',
      { class: 'wl-form-header' },
      el('strong', {}, '表单设计'),
      el('label', {}, '名称 ', nameInput),
      el('span', { class: 'wl-form-id' }, '编号 ', el('code', { 'data-testid': 'form-id' }, formId)),
      status,
      readOnlyBadge,
      el('span', { class: 'wl-sep' }),
      versionsButton,
      saveButton,
      closeButton,
    ),
    problems,
    el(
      'div',
      { class: 'wl-form-body' },
      editorEl,
      el('section', { class: 'wl-form-preview-pane' }, el('h3', {}, '预览（可直接试填）'), previewEl),
      versionsEl,
    ),
  );
  document.body.append(root);
  const stopChinese = keepChinese(root);

  const editor = new FormEditor({
    container: editorEl,
    additionalModules: [FormEditorZhModule],
    // The expression pop-up opens inside the dialog, where the Chinese pass reaches it.
    propertiesPanel: { feelPopupContainer: root },
  });
  const preview = new Form({ container: previewEl });
  let previewTimer: ReturnType<typeof setTimeout> | undefined;
  /** Preview renders done (the browser tests wait on it). */
  let previews = 0;
  const renderPreview = async () => {
    try {
      await preview.importSchema(editor.getSchema() as Schema);
      previews += 1;
      root.dataset.previews = String(previews);
    } catch {
      // A half-edited schema the viewer cannot show yet: keep the last preview.
    }
  };
  editor.on('changed', () => {
    clearTimeout(previewTimer);
    previewTimer = setTimeout(() => void renderPreview(), 300);
  });

  const setStatus = (text: string) => {
    status.textContent = text;
  };
  const applyEditable = (reason?: string) => {
    saveButton.disabled = !editable;
    saveButton.title = editable ? '保存为新版本，立即生效' : (reason ?? '');
    nameInput.disabled = !editable;
    readOnlyBadge.hidden = editable;
    readOnlyBadge.textContent = editable ? '' : `只读${reason ? `：${reason}` : ''}`;
  };
  const showProblems = (title: string, lines: string[] = []) => {
    problems.replaceChildren(el('strong', {}, title), ...(lines.length ? [el('ul', {}, ...lines.map((l) => el('li', {}, l)))] : []));
    problems.hidden = false;
  };
  const clearProblems = () => {
    problems.hidden = true;
    problems.replaceChildren();
  };

  /** The schema and name as last loaded or saved: closing with anything else asks first. */
  let baseline = '';
  const current = () => JSON.stringify({ name: nameInput.value.trim(), schema: editor.getSchema() });
  const markClean = () => {
    baseline = current();
  };

  async function load(schema: Schema): Promise<void> {
    await editor.importSchema(schema);
    await renderPreview();
    markClean();
  }

  async function loadCurrent(): Promise<void> {
    if (isNew) {
      await load(emptyFormSchema(formId));
      setStatus('新表单（尚未保存）');
      applyEditable(options.canManage ? undefined : '您没有维护表单的权限');
      return;
    }
    let form;
    try {
      form = await readForm(formId);
    } catch (err) {
      // A task naming a form the server does not hold (yet): design it as a new one.
      if (!(err instanceof ApiError && err.status === 404)) throw err;
      isNew = true;
      editable = options.canManage;
      return loadCurrent();
    }
    nameInput.value = form.name;
    editable = form.editable;
    await load(form.schema);
    setStatus(`第 ${form.version} 版 · ${form.owner.name}`);
    root.dataset.version = String(form.version);
    applyEditable(
      !options.canManage ? '您没有维护表单的权限' : form.owner.subsidiaryId === null ? '集团表单对分公司只读' : '此表单不属于您的单位',
    );
  }

  async function save(): Promise<void> {
    clearProblems();
    const name = nameInput.value.trim();
    if (!name) {
      showProblems('请填写表单名称');
      nameInput.focus();
      return;
    }
    const schema = { ...(editor.getSchema() as Schema), id: formId };
    saveButton.disabled = true;
    try {
      const result = await saveForm(formId, { name, schema });
      saved = true;
      isNew = false;
      markClean();
      root.dataset.version = String(result.version);
      setStatus(`已保存为第 ${result.version} 版`);
      if (!versionsEl.hidden) await showVersions();
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      showProblems(
        `保存失败：${err.message}`,
        err.details.map((d) => d.message),
      );
    } finally {
      saveButton.disabled = !editable;
    }
  }

  async function showVersions(): Promise<void> {
    versionsEl.hidden = false;
    if (isNew) {
      versionsEl.replaceChildren(el('h3', {}, '版本'), el('p', {}, '新表单保存后才有版本'));
      return;
    }
    versionsEl.replaceChildren(el('h3', {}, '版本'), el('p', {}, '正在加载…'));
    try {
      const items = await listFormVersions(formId);
      versionsEl.replaceChildren(
        el('h3', {}, '版本'),
        ...items.map((v, i) => {
          // Versions only grow and a save or restore moves the pointer to the new one: the newest is current.
          const current = i === 0;
          const view = el('button', { type: 'button', 'data-testid': `form-version-view-${v.version}` }, '查看');
          view.addEventListener('click', () => void viewVersion(v.version));
          const restore = el(
            'button',
            { type: 'button', 'data-testid': `form-version-restore-${v.version}`, disabled: !editable || current },
            '恢复',
          );
          restore.addEventListener('click', () => void restoreVersion(v.version));
          return el(
            'div',
            { class: 'wl-form-version', 'data-testid': 'form-version-row', 'data-version': String(v.version) },
            el(
              'div',
              {},
              el('strong', {}, `第 ${v.version} 版`),
              ` ${v.name}`,
              current ? el('span', { class: 'wl-form-current' }, '当前') : null,
            ),
            el('div', { class: 'wl-muted' }, `${SOURCE_ZH[v.source]} · ${v.createdBy ?? '系统'} · ${timeLabel(v.createdAt)}`),
            v.comment ? el('div', { class: 'wl-muted' }, v.comment) : null,
            el('div', {}, view, ' ', restore),
          );
        }),
      );
    } catch (err) {
      versionsEl.replaceChildren(el('h3', {}, '版本'), el('p', { class: 'wl-error' }, err instanceof ApiError ? err.message : '加载失败'));
    }
  }

  async function viewVersion(version: number): Promise<void> {
    const v = await readFormVersion(formId, version);
    await load(v.schema);
    nameInput.value = v.name;
    setStatus(`正在查看第 ${version} 版（保存即成为新版本）`);
  }

  async function restoreVersion(version: number): Promise<void> {
    try {
      const result = await rollbackForm(formId, version);
      saved = true;
      await loadCurrent();
      setStatus(`已恢复第 ${version} 版（新版本：第 ${result.version} 版）`);
      await showVersions();
    } catch (err) {
      showProblems(`恢复失败：${err instanceof ApiError ? err.message : String(err)}`);
    }
  }

  return new Promise((resolve) => {
    saveButton.addEventListener('click', () => void save());
    versionsButton.addEventListener('click', () => (versionsEl.hidden ? void showVersions() : (versionsEl.hidden = true)));
    const close = () => {
      clearTimeout(previewTimer);
      stopChinese();
      editor.destroy();
      preview.destroy();
      root.remove();
      resolve({ saved, formId });
    };
    closeButton.addEventListener('click', () => {
      if (!editable || current() === baseline) return close();
      const discard = el('button', { type: 'button', 'data-testid': 'form-discard' }, '放弃修改并关闭');
      const keep = el('button', { type: 'button', class: 'wl-primary', 'data-testid': 'form-keep-editing' }, '继续编辑');
      discard.addEventListener('click', close);
      keep.addEventListener('click', clearProblems);
      showProblems('表单有未保存的修改，关闭后会丢失。');
      problems.append(el('div', { class: 'wl-form-confirm' }, keep, ' ', discard));
    });
    loadCurrent()
      .then(() => {
        root.dataset.ready = 'true';
      })
      .catch((err: unknown) => {
        showProblems(`无法打开表单：${err instanceof ApiError ? err.message : String(err)}`);
        editable = false;
        applyEditable();
      });
  });
}
