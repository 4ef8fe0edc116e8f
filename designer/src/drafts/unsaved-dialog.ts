import { el } from '../ui/dom';

export type UnsavedChoice = 'save' | 'discard' | undefined;

/**
 * Opening another diagram over unsaved changes: 保存草稿并继续 (when the user may save this one),
 * 放弃修改 or 继续编辑 (undefined).
 */
export function askUnsaved(canSave: boolean): Promise<UnsavedChoice> {
  return new Promise((resolve) => {
    const save = el('button', { type: 'button', class: 'wl-primary', 'data-testid': 'unsaved-save', hidden: !canSave }, '保存草稿并继续');
    const discard = el('button', { type: 'button', class: 'wl-danger', 'data-testid': 'unsaved-discard' }, '放弃修改');
    const keep = el('button', { type: 'button', 'data-testid': 'unsaved-keep' }, '继续编辑');
    const dialog = el(
      'dialog',
      { class: 'wl-dialog wl-choice-dialog', 'data-testid': 'unsaved-dialog' },
      el('h2', {}, '当前流程图有未保存的修改'),
      el('p', {}, canSave ? '打开其他流程图前，可以先把修改保存为草稿（不部署）。' : '打开其他流程图后，这些修改将丢失。'),
      el('div', { class: 'wl-dialog-actions' }, keep, discard, save),
    );
    const finish = (value: UnsavedChoice) => {
      dialog.close();
      dialog.remove();
      resolve(value);
    };
    save.addEventListener('click', () => finish('save'));
    discard.addEventListener('click', () => finish('discard'));
    keep.addEventListener('click', () => finish(undefined));
    dialog.addEventListener('cancel', () => finish(undefined));
    document.body.append(dialog);
    dialog.showModal();
    keep.focus();
  });
}
