import { listVersions, type VersionItem } from '../api/definitions';
import { ApiError } from '../api/http';
import { el } from './dom';
import { ownerLabel, timeLabel } from './open-dialog';

/**
 * Every deployed version of a process the user may see, with the instances running on each (in the
 * subsidiaries of the user's scope); picking one answers it for opening.
 */
export interface VersionChoice {
  version: VersionItem;
  /** Open it, or compare the open diagram with it. */
  action: 'open' | 'compare';
}

export function pickVersion(processId: string): Promise<VersionChoice | undefined> {
  return new Promise((resolve) => {
    const body = el('tbody', {}, el('tr', {}, el('td', { colspan: '5' }, '正在加载…')));
    const close = el('button', { type: 'button', 'data-testid': 'versions-close' }, '关闭');
    const dialog = el(
      'dialog',
      { class: 'wl-dialog', 'data-testid': 'versions-dialog' },
      el('h2', {}, `流程「${processId}」的版本`),
      el(
        'table',
        { class: 'wl-table' },
        el('thead', {}, el('tr', {}, ...['版本', '归属', '部署时间', '运行中的实例', ''].map((h) => el('th', {}, h)))),
        body,
      ),
      el('div', { class: 'wl-dialog-actions' }, close),
    );
    const finish = (value: VersionChoice | undefined) => {
      dialog.close();
      dialog.remove();
      resolve(value);
    };
    close.addEventListener('click', () => finish(undefined));
    dialog.addEventListener('cancel', () => finish(undefined));
    document.body.append(dialog);
    dialog.showModal();
    listVersions(processId)
      .then((items) => {
        if (items.length === 0) {
          body.replaceChildren(el('tr', {}, el('td', { colspan: '5' }, '此流程还没有部署过')));
          return;
        }
        body.replaceChildren(
          ...items.map((v) => {
            const open = el('button', { type: 'button', 'data-testid': `open-version-${v.tenant}-${v.version}` }, '打开');
            open.addEventListener('click', () => finish({ version: v, action: 'open' }));
            const compare = el(
              'button',
              { type: 'button', 'data-testid': `compare-version-${v.tenant}-${v.version}`, title: '在图上标出当前图与该版本的差异' },
              '与当前图对比',
            );
            compare.addEventListener('click', () => finish({ version: v, action: 'compare' }));
            return el(
              'tr',
              { 'data-testid': 'version-row', 'data-version': String(v.version), 'data-tenant': v.tenant },
              el('td', {}, `第 ${v.version} 版`),
              el('td', {}, ownerLabel(v.tenant)),
              el('td', {}, timeLabel(v.deployedAt)),
              el('td', { 'data-testid': 'running' }, String(v.runningInstances)),
              el('td', {}, open, ' ', compare),
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
