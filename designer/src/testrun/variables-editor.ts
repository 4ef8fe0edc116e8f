import { el } from '../ui/dom';

/**
 * A small key/value editor for the start variables. A value is read as JSON when it is one (a
 * number, true/false, null, "quoted text", an object or a list), 是/否 as true/false, otherwise as plain text.
 */
export class VariablesEditor {
  readonly root = el('div', { class: 'wl-testrun-vars', 'data-testid': 'testrun-variables' });
  private readonly rows = el('div', { class: 'wl-testrun-var-rows' });

  constructor() {
    const add = el('button', { type: 'button', 'data-testid': 'testrun-add-variable' }, '＋ 添加变量');
    add.addEventListener('click', () => this.addRow().name.focus());
    this.root.append(this.rows, add);
    this.addRow();
  }

  addRow(name = '', value = ''): { name: HTMLInputElement; value: HTMLInputElement } {
    const nameInput = el('input', { type: 'text', placeholder: '变量名', 'aria-label': '变量名', 'data-testid': 'testrun-var-name' });
    const valueInput = el('input', { type: 'text', placeholder: '值', 'aria-label': '值', 'data-testid': 'testrun-var-value' });
    nameInput.value = name;
    valueInput.value = value;
    const remove = el('button', { type: 'button', class: 'wl-testrun-remove', title: '删除此变量', 'aria-label': '删除此变量' }, '×');
    const row = el('div', { class: 'wl-testrun-var-row', 'data-testid': 'testrun-var-row' }, nameInput, valueInput, remove);
    remove.addEventListener('click', () => row.remove());
    this.rows.append(row);
    return { name: nameInput, value: valueInput };
  }

  /** Set the value of a variable (adding a row for it when there is none). */
  set(name: string, value: string): void {
    for (const row of this.rows.children) {
      const [n, v] = row.querySelectorAll('input');
      if (n.value.trim() === name || n.value.trim() === '') {
        n.value = name;
        v.value = value;
        return;
      }
    }
    this.addRow(name, value);
  }

  /** The variables, or the first problem (in Chinese) with the input it is about. */
  read(): { variables: Record<string, unknown> } | { problem: string; input: HTMLInputElement } {
    const variables: Record<string, unknown> = {};
    for (const row of this.rows.children) {
      const [n, v] = row.querySelectorAll('input');
      const name = n.value.trim();
      if (!name && !v.value.trim()) continue;
      if (!name) return { problem: '请填写变量名', input: n };
      if (!/^[A-Za-z_\u4e00-\u9fa5][\w\u4e00-\u9fa5]*$/.test(name)) {
        return { problem: `变量名「${name}」只能包含字母、数字、下划线或汉字，且不能以数字开头`, input: n };
      }
      if (name in variables) return { problem: `变量「${name}」重复填写`, input: n };
      variables[name] = parseValue(v.value);
    }
    return { variables };
  }
}

/** A typed value: JSON when the text is JSON, else the text itself. */
export function parseValue(text: string): unknown {
  const t = text.trim();
  if (t === '') return '';
  if (t === '是') return true;
  if (t === '否') return false;
  try {
    return JSON.parse(t);
  } catch {
    return text;
  }
}
