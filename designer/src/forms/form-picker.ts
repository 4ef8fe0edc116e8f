import { ApiError } from '../api/http';
import { el } from '../ui/dom';
import { listForms, newFormId, type FormItem } from './forms-api';

export type FormChoice =
  { action: 'use'; form: FormItem } | { action: 'design'; form: FormItem } | { action: 'create'; formId: string; name: string };

const FORM_ID = /^[a-z0-9][a-z0-9-]{0,99}$/;

/**
 * Pick a form for a user task: the forms the user may see (search by name or id), to link (选用) or
 * to open in the designer (设计); or a new one (name and id) created in the designer.
 */
export function pickForm(current: string, canManage: boolean): Promise<FormChoice | undefined> {
  return new Promise((resolve) => {
    const search = el('input', { type: 'search', placeholder: '按名称或编号搜索', 'data-testid': 'form-search' });
    const body = el('tbody', {}, el('tr', {}, el('td', { colspan: '5' }, '正在加载…')));
    const newName = el('input', { placeholder: '新表单名称', maxlength: '64', 'data-testid': 'form-new-name' });
    const newId = el('input', { placeholder: '表单编号', maxlength: '100', 'data-testid': 'form-new-id' });
    newId.value = newFormId();
    const createButton = el(
      'button',
      { type: 'button', class: 'wl-primary', 'data-testid': 'form-create', disabled: !canManage },
      '新建并设计',
    );
    const createError = el('span', { class: 'wl-error', 'data-testid': 'form-create-error' });
    const close = el('button', { type: 'button', 'data-testid': 'form-picker-close' }, '关闭');
    const dialog = el(
      'dialog',
      { class: 'wl-dialog wl-form-picker', 'data-testid': 'form-picker' },
      el('h2', {}, '选择表单'),
      search,
      el(
        'table',
        { class: 'wl-table' },
        el('thead', {}, el('tr', {}, ...['名称', '编号', '归属', '版本', ''].map((h) => el('th', {}, h)))),
        body,
      ),
      el(
        'fieldset',
        { class: 'wl-form-new' },
        el('legend', {}, '新建表单'),
        newName,
        ' ',
        newId,
        ' ',
        createButton,
        ' ',
        createError,
        canManage ? null : el('p', { class: 'wl-muted' }, '您没有维护表单的权限，不能新建表单'),
      ),
      el('div', { class: 'wl-dialog-actions' }, close),
    );
    const finish = (value: FormChoice | undefined) => {
      dialog.close();
      dialog.remove();
      resolve(value);
    };
    close.addEventListener('click', () => finish(undefined));
    dialog.addEventListener('cancel', () => finish(undefined));
    createButton.addEventListener('click', () => {
      const name = newName.value.trim();
      const formId = newId.value.trim();
      if (!name) createError.textContent = '请填写表单名称';
      else if (!FORM_ID.test(formId)) createError.textContent = '表单编号只能由小写字母、数字和连字符组成';
      else finish({ action: 'create', formId, name });
    });

    const render = (items: FormItem[]) => {
      if (!items.length) {
        body.replaceChildren(el('tr', {}, el('td', { colspan: '5' }, '没有找到表单')));
        return;
      }
      body.replaceChildren(
        ...items.map((f) => {
          const use = el('button', { type: 'button', 'data-testid': `form-use-${f.formId}` }, f.formId === current ? '已选用' : '选用');
          use.addEventListener('click', () => finish({ action: 'use', form: f }));
          const design = el('button', { type: 'button', 'data-testid': `form-design-${f.formId}` }, f.editable ? '设计' : '查看');
          design.addEventListener('click', () => finish({ action: 'design', form: f }));
          return el(
            'tr',
            { 'data-testid': 'form-row', 'data-form-id': f.formId, class: f.formId === current ? 'wl-current' : undefined },
            // A shipped form without a heading is named by its id: show it as the id it is.
            el('td', {}, f.name === f.formId ? el('code', {}, f.name) : f.name),
            el('td', {}, el('code', {}, f.formId)),
            el('td', {}, f.owner.name),
            el('td', {}, `第 ${f.version} 版`),
            el('td', {}, use, ' ', design),
          );
        }),
      );
    };
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = () =>
      listForms(search.value.trim() || undefined)
        .then(render)
        .catch((err: unknown) => {
          body.replaceChildren(
            el('tr', {}, el('td', { colspan: '5', class: 'wl-error' }, err instanceof ApiError ? err.message : '加载失败')),
          );
        });
    search.addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(() => void load(), 250);
    });
    document.body.append(dialog);
    dialog.showModal();
    void load();
  });
}
