import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import type Canvas from 'diagram-js/lib/core/Canvas';
import type ElementRegistry from 'diagram-js/lib/core/ElementRegistry';
import type Selection from 'diagram-js/lib/features/selection/Selection';
import zeebeModdle from 'zeebe-bpmn-moddle/resources/zeebe.json';
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import '../styles/version-compare.css';
import { readDefinitionXml, type VersionItem } from '../api/definitions';
import { ApiError } from '../api/http';
import { el } from './dom';
import { ownerLabel, timeLabel } from './open-dialog';
import { changeCount, renderChangeList } from './version-compare-list';
import { ViewboxSync } from './version-compare-sync';
import { compareDefinitions, type ModelChanges } from './version-diff-model';

const MARK = { added: 'wl-diff-added', removed: 'wl-diff-removed', changed: 'wl-diff-changed' } as const;
const FOCUS = 'wl-diff-focus';

const versionLabel = (v: VersionItem) => `第 ${v.version} 版（${ownerLabel(v.tenant)}）`;

/** Older first: by deployment time, then by version number. */
export function inOrder(a: VersionItem, b: VersionItem): [VersionItem, VersionItem] {
  const key = (v: VersionItem) => `${v.deployedAt ?? ''}|${String(v.version).padStart(8, '0')}`;
  return key(a) <= key(b) ? [a, b] : [b, a];
}

function pane(side: 'left' | 'right', role: string, v: VersionItem) {
  const canvas = el('div', { class: 'wl-compare-canvas', 'data-testid': `compare-${side}` });
  const root = el(
    'div',
    { class: `wl-compare-pane wl-compare-pane-${side}` },
    el(
      'div',
      { class: 'wl-compare-pane-head' },
      el('span', { class: 'wl-compare-role' }, role),
      el('strong', { 'data-testid': `compare-${side}-title` }, versionLabel(v)),
      el('span', { class: 'wl-compare-when' }, `部署于 ${timeLabel(v.deployedAt)}`),
    ),
    canvas,
  );
  return { root, canvas };
}

/**
 * Two deployed versions side by side, over the modeler (which stays as it was): read-only viewers
 * with zoom and scroll in step, added elements green on the right, removed red on the left, changed
 * orange on both, and the list of differences; clicking one centres and selects it on both sides.
 */
export function openVersionCompare(processId: string, first: VersionItem, second: VersionItem): Promise<void> {
  const [base, target] = inOrder(first, second);
  const left = pane('left', '基准版本', base);
  const right = pane('right', '对比版本', target);
  const counts = el('div', { class: 'wl-compare-counts', 'data-testid': 'compare-counts' }, '正在加载…');
  const side = el('aside', { class: 'wl-compare-side' }, el('p', { class: 'wl-compare-hint' }, '正在比较…'));
  const fit = el('button', { type: 'button', 'data-testid': 'compare-fit', title: '两侧都显示完整的图' }, '适应画布');
  const close = el('button', { type: 'button', 'data-testid': 'compare-close' }, '关闭');
  const dialog = el(
    'dialog',
    { class: 'wl-compare', 'data-testid': 'version-compare' },
    el(
      'header',
      { class: 'wl-compare-header' },
      el('h2', { 'data-testid': 'compare-title' }, `流程「${processId}」版本对比：${versionLabel(base)} → ${versionLabel(target)}`),
      counts,
      el(
        'div',
        { class: 'wl-compare-legend' },
        el('span', { class: 'wl-legend-added' }, '新增'),
        el('span', { class: 'wl-legend-removed' }, '删除'),
        el('span', { class: 'wl-legend-changed' }, '修改'),
      ),
      fit,
      close,
    ),
    el('div', { class: 'wl-compare-body' }, left.root, right.root, side),
  );
  document.body.append(dialog);
  dialog.showModal();

  const viewers = [left, right].map((p) => new NavigatedViewer({ container: p.canvas, moddleExtensions: { zeebe: zeebeModdle } }));
  const [lv, rv] = viewers;
  const sync = new ViewboxSync(lv, rv);
  // A resized window resizes the panes: the viewers must know their new size.
  const resized = new ResizeObserver(() => viewers.forEach((v) => v.get<Canvas>('canvas').resized()));
  [left.canvas, right.canvas].forEach((c) => resized.observe(c));

  return new Promise((resolve) => {
    const finish = () => {
      resized.disconnect();
      viewers.forEach((v) => v.destroy());
      dialog.close();
      dialog.remove();
      resolve();
    };
    close.addEventListener('click', finish);
    dialog.addEventListener('cancel', (e) => {
      e.preventDefault();
      finish();
    });
    fit.addEventListener('click', () => sync.fit());

    Promise.all([readDefinitionXml(base), readDefinitionXml(target)])
      .then(async ([a, b]) => {
        await lv.importXML(a);
        await rv.importXML(b);
        const changes = compareDefinitions(lv.getDefinitions(), rv.getDefinitions());
        mark(changes);
        counts.replaceChildren(
          ...(['added', 'removed', 'changed'] as const).map((k) =>
            el(
              'span',
              { class: `wl-count wl-count-${k}`, 'data-testid': `compare-count-${k}` },
              `${{ added: '新增', removed: '删除', changed: '修改' }[k]} ${changes[k].length}`,
            ),
          ),
        );
        if (changeCount(changes) === 0) counts.append(el('span', { class: 'wl-count wl-count-none' }, '无差异'));
        side.replaceChildren(renderChangeList(changes, focus));
        sync.fit();
        dialog.dataset.ready = 'true';
      })
      .catch((err: unknown) => {
        counts.replaceChildren();
        side.replaceChildren(
          el('p', { class: 'wl-error', 'data-testid': 'compare-error' }, err instanceof ApiError ? err.message : '读取版本失败'),
        );
      });
  });

  function mark(changes: ModelChanges): void {
    const on = (viewer: NavigatedViewer, id: string, marker: string) => {
      if (viewer.get<ElementRegistry>('elementRegistry').get(id)) viewer.get<Canvas>('canvas').addMarker(id, marker);
    };
    changes.added.forEach((c) => on(rv, c.id, MARK.added));
    changes.removed.forEach((c) => on(lv, c.id, MARK.removed));
    changes.changed.forEach((c) => [lv, rv].forEach((v) => on(v, c.id, MARK.changed)));
  }

  function focus(id: string): void {
    for (const v of [lv, rv]) {
      const registry = v.get<ElementRegistry>('elementRegistry');
      const canvas = v.get<Canvas>('canvas');
      registry.getAll().forEach((e) => canvas.removeMarker(e.id, FOCUS));
      const e = registry.get(id);
      v.get<Selection>('selection').select(e && e.parent ? e : null);
      if (e && e.parent) canvas.addMarker(id, FOCUS);
    }
    sync.centre(id);
  }
}
