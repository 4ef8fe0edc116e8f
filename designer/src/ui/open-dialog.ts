import { GROUP_TENANT, listLatestDefinitions, type DefinitionItem } from '../api/definitions';
import { ApiError } from '../api/http';
import { el } from './dom';

export const ownerLabel = (tenant: string): string => (tenant === GROUP_TENANT ? '集团' : `分公司 ${tenant}`);
export const timeLabel = (iso: string | null): string => (iso ? new Date(iso).toLocaleString('zh-CN', { hour12: false }) : '—');

/** A dialog listing the latest deployed version of each process the user may see; picking one answers it. */
export function pickDeployedDefinition(): Promise<DefinitionItem | undefined> {
  return new Promise((resolve) => {
    const body = el('tbody', {}, el('tr', {}, el('td', { colspan: '5' }, '正在加载…')));
    const cancel = el('button', { type: 'button', 'data-testid': 'open-dialog-cancel' }, '取消');
    const dialog = el(
      'dialog',
      { class: 'wl-dialog', 'data-testid': 'open-dialog' },
      el('h2', {}, '打开已部署的流程'),
      el(
        'table',
        { class: 'wl-table' },
        el('thead', {}, el('tr', {}, ...['流程 ID', '版本', '归属', '部署时间', ''].map((h) => el('th', {}, h)))),
        body,
      ),
      el('div', { class: 'wl-dialog-actions' }, cancel),
    );
    const finish = (value: DefinitionItem | undefined) => {
      dialog.close();
      dialog.remove();
      resolve(value);
    };
    cancel.addEventListener('click', () => finish(undefined));
    dialog.addEventListener('cancel', () => finish(undefined));
    document.body.append(dialog);
    dialog.showModal();
    listLatestDefinitions()
      .then((items) => {
        if (items.length === 0) {
          body.replaceChildren(el('tr', {}, el('td', { colspan: '5' }, '还没有已部署的流程')));
          return;
        }
        body.replaceChildren(
          ...items.map((d) => {
            const open = el('button', { type: 'button', class: 'wl-primary', 'data-testid': `open-${d.processId}` }, '打开');
            open.addEventListener('click', () => finish(d));
            return el(
              'tr',
              {},
              el('td', {}, el('code', {}, d.processId)),
              el('td', {}, `第 ${d.version} 版`),
              el('td', {}, ownerLabel(d.tenant)),
              el('td', {}, timeLabel(d.deployedAt)),
              el('td', {}, open),
            );
          }),
        );
      })
      .catch((err: unknown) => {
        body.replaceChildren(
          el('tr', {}, el('td', { colspan: '5', class: 'wl-error' }, err instanceof ApiError ? err.message : '加载失败')),
        );
      });
  });
}
