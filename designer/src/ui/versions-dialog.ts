import { listVersions, type VersionItem } from '../api/definitions';
import { ApiError } from '../api/http';
import { el } from './dom';
import { ownerLabel, timeLabel } from './open-dialog';
import { openVersionCompare } from './version-compare-view';

/**
 * Every deployed version of a process the user may see, with the instances running on each (in the
 * subsidiaries of the user's scope); picking one answers it for opening or comparing with the open
 * diagram. Any two versions can be picked as 基准版本 / 对比版本 and shown side by side (the dialog
 * then answers nothing and the comparison opens over the modeler).
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
    const baseSelect = el('select', { 'data-testid': 'compare-base', 'aria-label': '基准版本' });
    const targetSelect = el('select', { 'data-testid': 'compare-target', 'aria-label': '对比版本' });
    const compareSelected = el(
      'button',
      { type: 'button', class: 'wl-primary', 'data-testid': 'compare-selected', disabled: true, title: '并排显示两个版本并标出差异' },
      '对比所选版本',
    );
    const compareBar = el(
      'div',
      { class: 'wl-versions-compare', hidden: true },
      el('strong', {}, '版本对比'),
      el('label', {}, '基准版本 ', baseSelect),
      el('span', {}, '→'),
      el('label', {}, '对比版本 ', targetSelect),
      compareSelected,
    );
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
      compareBar,
      el('div', { class: 'wl-dialog-actions' }, close),
    );
    const finish = (value: VersionChoice | undefined) => {
      dialog.close();
      dialog.remove();
      resolve(value);
    };
    close.addEventListener('click', () => finish(undefined));
    let versions: VersionItem[] = [];
    const picked = (select: HTMLSelectElement) => versions[Number(select.value)];
    const refresh = () => {
      compareSelected.disabled = baseSelect.value === targetSelect.value;
      compareSelected.title = compareSelected.disabled ? '请选择两个不同的版本' : '并排显示两个版本并标出差异';
    };
    baseSelect.addEventListener('change', refresh);
    targetSelect.addEventListener('change', refresh);
    compareSelected.addEventListener('click', () => {
      const [a, b] = [picked(baseSelect), picked(targetSelect)];
      finish(undefined);
      if (a && b) void openVersionCompare(processId, a, b);
    });
    dialog.addEventListener('cancel', () => finish(undefined));
    document.body.append(dialog);
    dialog.showModal();
    listVersions(processId)
      .then((items) => {
        if (items.length === 0) {
          body.replaceChildren(el('tr', {}, el('td', { colspan: '5' }, '此流程还没有部署过')));
          return;
        }
        versions = items;
        for (const select of [baseSelect, targetSelect]) {
          select.replaceChildren(
            ...items.map((v, i) => el('option', { value: String(i) }, `第 ${v.version} 版（${ownerLabel(v.tenant)}）`)),
          );
        }
        // The newest against the one before it, by default.
        targetSelect.value = '0';
        baseSelect.value = String(Math.min(1, items.length - 1));
        compareBar.hidden = items.length < 2;
        refresh();
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
