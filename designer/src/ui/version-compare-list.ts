import { el } from './dom';
import type { ElementChange, ModelChanges } from './version-diff-model';

const KIND_ZH: Record<ElementChange['kind'], string> = { added: '新增', removed: '删除', changed: '修改' };
const KIND_HINT: Record<ElementChange['kind'], string> = {
  added: '只在对比版本中（右侧，绿色）',
  removed: '只在基准版本中（左侧，红色）',
  changed: '两侧都有，内容不同（橙色）',
};

export const changeCount = (c: ModelChanges) => c.added.length + c.removed.length + c.changed.length;

/**
 * The list of differences beside the two diagrams, grouped as 新增 / 删除 / 修改 with what changed;
 * clicking an item calls `onPick` with the element and marks the item as the current one.
 */
export function renderChangeList(changes: ModelChanges, onPick: (id: string) => void): HTMLElement {
  if (changeCount(changes) === 0) {
    return el(
      'div',
      { class: 'wl-compare-empty', 'data-testid': 'compare-empty' },
      el('strong', {}, '两个版本没有差异'),
      el('p', {}, '元素、属性、连线和位置都相同。'),
    );
  }
  const root = el('div', { class: 'wl-compare-list', 'data-testid': 'compare-list' });
  for (const kind of ['added', 'removed', 'changed'] as const) {
    const items = changes[kind];
    if (items.length === 0) continue;
    const list = el('ul', {});
    for (const c of items) {
      const item = el(
        'li',
        {
          class: `wl-compare-item wl-compare-${kind}`,
          'data-testid': 'compare-item',
          'data-kind': kind,
          'data-element-id': c.id,
          title: '点击在两侧定位该元素',
        },
        el(
          'div',
          { class: 'wl-compare-item-head' },
          el('span', { class: 'wl-compare-badge' }, KIND_ZH[kind]),
          el('span', { class: 'wl-compare-type' }, c.type),
          el('span', { class: 'wl-compare-name', 'data-testid': 'compare-item-name' }, c.name ? `「${c.name}」` : ''),
          el('code', {}, c.id),
        ),
        kind === 'changed'
          ? el('ul', { class: 'wl-compare-details' }, ...c.details.map((d) => el('li', { 'data-testid': 'compare-detail' }, d)))
          : undefined,
      );
      item.addEventListener('click', () => {
        root.querySelectorAll('.wl-compare-item.wl-current').forEach((n) => n.classList.remove('wl-current'));
        item.classList.add('wl-current');
        onPick(c.id);
      });
      list.append(item);
    }
    root.append(
      el(
        'section',
        { 'data-testid': `compare-section-${kind}` },
        el('h3', {}, `${KIND_ZH[kind]}（${items.length}）`, el('small', {}, KIND_HINT[kind])),
        list,
      ),
    );
  }
  return root;
}
