import { FORM_ZH, FORM_ZH_PATTERNS } from './form-zh-texts';

/**
 * The form-js editor and viewer (1.23) write their fixed texts straight into the DOM, with no
 * translate hook: this pass replaces each known English text (text nodes and the title, placeholder
 * and aria-label attributes) by its Chinese, now and whenever form-js renders again.
 */

const ATTRIBUTES = ['title', 'placeholder', 'aria-label'];

/** The Chinese for one English text, or undefined when the table has none. */
export function formTextZh(text: string): string | undefined {
  const key = text.trim();
  if (!key) return undefined;
  const direct = FORM_ZH[key];
  if (direct !== undefined) return direct;
  for (const [pattern, replace] of FORM_ZH_PATTERNS) {
    const m = pattern.exec(key);
    if (m) return replace(m);
  }
  return undefined;
}

function translateText(node: Text): void {
  const zh = formTextZh(node.data);
  if (zh === undefined) return;
  const lead = /^\s*/.exec(node.data)![0];
  const trail = /\s*$/.exec(node.data)![0];
  const next = `${lead}${zh}${trail}`;
  if (node.data !== next) node.data = next;
}

function translateAttributes(el: Element): void {
  for (const name of ATTRIBUTES) {
    const value = el.getAttribute(name);
    if (value === null) continue;
    const zh = formTextZh(value);
    if (zh !== undefined && zh !== value) el.setAttribute(name, zh);
  }
}

function translateTree(root: Node): void {
  if (root.nodeType === Node.TEXT_NODE) {
    translateText(root as Text);
    return;
  }
  if (root.nodeType !== Node.ELEMENT_NODE) return;
  translateAttributes(root as Element);
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (n.nodeType === Node.TEXT_NODE) translateText(n as Text);
    else translateAttributes(n as Element);
  }
}

/** Keep `root` in Chinese until the returned function is called. */
export function keepChinese(root: HTMLElement): () => void {
  translateTree(root);
  const observer = new MutationObserver((mutations) => {
    for (const m of mutations) {
      if (m.type === 'characterData') translateText(m.target as Text);
      else if (m.type === 'attributes') translateAttributes(m.target as Element);
      else m.addedNodes.forEach((n) => translateTree(n));
    }
  });
  observer.observe(root, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ATTRIBUTES });
  return () => observer.disconnect();
}
