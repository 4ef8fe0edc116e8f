import { el } from './dom';

export interface ShownProblem {
  /** The element the problem is about, when it is one of the diagram. */
  elementId?: string;
  message: string;
}

export type PanelKind = 'error' | 'warning' | 'info' | 'success';

/**
 * The message strip under the diagram: one titled message at a time (a refusal, an undone change,
 * a success) with the problems it lists; a problem naming an element selects it when clicked.
 */
export class ProblemPanel {
  readonly root = el('section', { class: 'wl-panel', 'data-testid': 'problem-panel', hidden: true });

  constructor(private readonly onPick: (elementId: string) => void) {}

  show(kind: PanelKind, title: string, problems: ShownProblem[] = []): void {
    this.root.hidden = false;
    this.root.className = `wl-panel wl-panel-${kind}`;
    this.root.dataset.kind = kind;
    const close = el('button', { class: 'wl-panel-close', title: '关闭', 'aria-label': '关闭' }, '×');
    close.addEventListener('click', () => this.clear());
    const list = el('ul', { class: 'wl-panel-list' });
    for (const p of problems) {
      const item = el(
        'li',
        { 'data-element-id': p.elementId, 'data-testid': 'problem' },
        p.elementId ? el('code', {}, p.elementId) : '',
        el('span', {}, p.message),
      );
      if (p.elementId) {
        item.classList.add('wl-clickable');
        item.title = '点击定位到该元素';
        item.addEventListener('click', () => this.onPick(p.elementId!));
      }
      list.append(item);
    }
    this.root.replaceChildren(el('div', { class: 'wl-panel-head' }, el('strong', { 'data-testid': 'panel-title' }, title), close), list);
  }

  clear(): void {
    this.root.hidden = true;
    this.root.replaceChildren();
  }
}
