import { el } from '../ui/dom';
import type { DraftItem } from './drafts-api';
import { freshnessLabel, savedByLabel } from './draft-labels';

/**
 * Opening a process that has a draft newer than its deployed version: 打开草稿 or 打开已部署版本
 * (undefined when cancelled).
 */
export function chooseDraftOrDeployed(draft: DraftItem, deployedLabel: string): Promise<'draft' | 'deployed' | undefined> {
  return new Promise((resolve) => {
    const openDraft = el('button', { type: 'button', class: 'wl-primary', 'data-testid': 'choose-draft' }, '打开草稿');
    const openDeployed = el('button', { type: 'button', 'data-testid': 'choose-deployed' }, '打开已部署版本');
    const cancel = el('button', { type: 'button', 'data-testid': 'choose-cancel' }, '取消');
    const dialog = el(
      'dialog',
      { class: 'wl-dialog wl-choice-dialog', 'data-testid': 'draft-choice' },
      el('h2', {}, `「${draft.processId}」有未部署的草稿`),
      el(
        'p',
        { 'data-testid': 'draft-choice-text' },
        `${savedByLabel(draft)}${draft.basedOnVersion ? `（基于第 ${draft.basedOnVersion} 版）` : ''}，${freshnessLabel(draft)}。`,
      ),
      el('p', { class: 'wl-muted' }, `打开已部署版本：${deployedLabel}。草稿会保留，可随时从「打开」中再打开。`),
      el('div', { class: 'wl-dialog-actions' }, cancel, openDeployed, openDraft),
    );
    const finish = (value: 'draft' | 'deployed' | undefined) => {
      dialog.close();
      dialog.remove();
      resolve(value);
    };
    openDraft.addEventListener('click', () => finish('draft'));
    openDeployed.addEventListener('click', () => finish('deployed'));
    cancel.addEventListener('click', () => finish(undefined));
    dialog.addEventListener('cancel', () => finish(undefined));
    document.body.append(dialog);
    dialog.showModal();
    openDraft.focus();
  });
}
