import { GROUP_TENANT, listLatestDefinitions, type DefinitionItem } from '../api/definitions';
import { ApiError } from '../api/http';
import { discardDraft, listDrafts, type DraftItem } from '../drafts/drafts-api';
import { freshnessLabel, savedAtLabel } from '../drafts/draft-labels';
import { el } from './dom';

export const ownerLabel = (tenant: string): string => (tenant === GROUP_TENANT ? '集团' : `分公司 ${tenant}`);
export const timeLabel = (iso: string | null): string => (iso ? new Date(iso).toLocaleString('zh-CN', { hour12: false }) : '—');

/** What the open dialog answers: a deployed version (with the user's draft of that process, if any) or a draft. */
export type OpenChoice = { kind: 'deployed'; definition: DefinitionItem; draft?: DraftItem } | { kind: 'draft'; draft: DraftItem };

const message = (err: unknown) => (err instanceof ApiError ? err.message : '加载失败');
const row = (colspan: number, text: string, cls?: string) => el('tr', {}, el('td', { colspan: String(colspan), class: cls }, text));

/**
 * A dialog listing the user's drafts (who saved them when, newer or older than the deployed version;
 * each can be opened or discarded) above the latest deployed version of each process the user may see.
 * `onDiscarded` hears of each draft discarded here.
 */
export function pickToOpen(onDiscarded: (processId: string) => void = () => undefined): Promise<OpenChoice | undefined> {
  return new Promise((resolve) => {
    const draftBody = el('tbody', {}, row(5, '正在加载…'));
    const deployedBody = el('tbody', {}, row(5, '正在加载…'));
    const cancel = el('button', { type: 'button', 'data-testid': 'open-dialog-cancel' }, '取消');
    const dialog = el(
      'dialog',
      { class: 'wl-dialog wl-open-dialog', 'data-testid': 'open-dialog' },
      el('h2', {}, '打开流程'),
      el('h3', { class: 'wl-dialog-section' }, '我的草稿（未部署的修改）'),
      el(
        'table',
        { class: 'wl-table', 'data-testid': 'draft-table' },
        el('thead', {}, el('tr', {}, ...['流程 ID', '名称', '保存人 / 时间', '状态', ''].map((h) => el('th', {}, h)))),
        draftBody,
      ),
      el('h3', { class: 'wl-dialog-section' }, '已部署的流程'),
      el(
        'table',
        { class: 'wl-table', 'data-testid': 'deployed-table' },
        el('thead', {}, el('tr', {}, ...['流程 ID', '版本', '归属', '部署时间', ''].map((h) => el('th', {}, h)))),
        deployedBody,
      ),
      el('div', { class: 'wl-dialog-actions' }, cancel),
    );
    const finish = (value: OpenChoice | undefined) => {
      dialog.close();
      dialog.remove();
      resolve(value);
    };
    cancel.addEventListener('click', () => finish(undefined));
    dialog.addEventListener('cancel', () => finish(undefined));
    document.body.append(dialog);
    dialog.showModal();

    const drafts = listDrafts().catch((err: unknown) => {
      draftBody.replaceChildren(row(5, message(err), 'wl-error'));
      return [] as DraftItem[];
    });
    const draftRow = (d: DraftItem) => {
      const open = el('button', { type: 'button', class: 'wl-primary', 'data-testid': `open-draft-${d.processId}` }, '打开');
      open.addEventListener('click', () => finish({ kind: 'draft', draft: d }));
      const discard = el(
        'button',
        { type: 'button', 'data-testid': `discard-draft-${d.processId}`, title: '丢弃草稿（已部署的版本不受影响）' },
        '丢弃',
      );
      discard.addEventListener('click', () => {
        if (discard.dataset.confirm !== 'true') {
          discard.dataset.confirm = 'true';
          discard.textContent = '确认丢弃？';
          discard.classList.add('wl-danger');
          return;
        }
        discard.disabled = true;
        discardDraft(d.processId, d.revision)
          .then(() => {
            tr.remove();
            onDiscarded(d.processId);
            if (!draftBody.children.length) draftBody.replaceChildren(row(5, '没有草稿'));
          })
          .catch((err: unknown) => {
            discard.disabled = false;
            tr.after(row(5, message(err), 'wl-error'));
          });
      });
      const tr = el(
        'tr',
        { 'data-testid': 'draft-row', 'data-process-id': d.processId },
        el('td', {}, el('code', {}, d.processId)),
        el('td', {}, d.name),
        el('td', { 'data-testid': 'draft-saved-by' }, `${d.updatedBy ?? '未知用户'}`, el('br'), el('small', {}, savedAtLabel(d.updatedAt))),
        el('td', {}, el('span', { class: `wl-draft-state wl-draft-${d.freshness}`, 'data-testid': 'draft-state' }, freshnessLabel(d))),
        el('td', { class: 'wl-nowrap' }, open, ' ', discard),
      );
      return tr;
    };
    void drafts.then((items) => {
      if (draftBody.querySelector('.wl-error')) return;
      draftBody.replaceChildren(...(items.length ? items.map(draftRow) : [row(5, '没有草稿')]));
    });

    Promise.all([listLatestDefinitions(), drafts])
      .then(([items, draftItems]) => {
        if (items.length === 0) {
          deployedBody.replaceChildren(row(5, '还没有已部署的流程'));
          return;
        }
        deployedBody.replaceChildren(
          ...items.map((d) => {
            const draft = draftItems.find((x) => x.processId === d.processId && x.owner === d.tenant);
            const open = el('button', { type: 'button', class: 'wl-primary', 'data-testid': `open-${d.processId}` }, '打开');
            open.addEventListener('click', () => finish({ kind: 'deployed', definition: d, draft }));
            return el(
              'tr',
              {},
              el(
                'td',
                {},
                el('code', {}, d.processId),
                draft ? el('span', { class: 'wl-draft-mark', title: freshnessLabel(draft) }, '有草稿') : '',
              ),
              el('td', {}, `第 ${d.version} 版`),
              el('td', {}, ownerLabel(d.tenant)),
              el('td', {}, timeLabel(d.deployedAt)),
              el('td', {}, open),
            );
          }),
        );
      })
      .catch((err: unknown) => deployedBody.replaceChildren(row(5, message(err), 'wl-error')));
  });
}
