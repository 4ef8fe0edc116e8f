import type BpmnModeler from 'bpmn-js/lib/Modeler';
import type { ModdleElement } from '@warmline/engine/lock-check';
import { ApiError } from '../api/http';
import { processesOf } from '../locks/templates';
import type { ProblemPanel, ShownProblem } from '../ui/problem-panel';
import { DirtyTracker } from './dirty-tracker';
import { saveDraft } from './drafts-api';
import { savedAtLabel } from './draft-labels';
import './drafts.css';

const DOCUMENT = '(document)';

/** Where the open diagram came from, as far as drafts care. */
export interface DraftOrigin {
  /** The deployed version it was opened from (or last deployed as); null for a new diagram or a file. */
  basedOnVersion: number | null;
  /** The draft it was opened from: process id and the revision read. */
  draft?: { processId: string; revision: number };
}

/**
 * The open diagram's draft on the server: which revision it stands on (so a save over someone
 * else's newer one answers 409 instead of overwriting it), the deployed version it is based on, and
 * whether it has unsaved changes.
 */
export class DraftSession {
  readonly dirty: DirtyTracker;
  private origin: DraftOrigin = { basedOnVersion: null };
  private saving = false;

  constructor(
    private readonly modeler: BpmnModeler,
    private readonly panel: ProblemPanel,
    /** Called after each successful save, with the saved process id. */
    private readonly onSaved: (processId: string) => void,
  ) {
    this.dirty = new DirtyTracker(modeler);
  }

  /** A diagram was opened: it is clean, and stands on this origin. */
  opened(origin: DraftOrigin): void {
    this.origin = origin;
    this.dirty.markClean();
  }

  /** The diagram was deployed as `version`: stored on the server, so clean; the draft (if any) is kept. */
  deployed(version: number): void {
    this.origin = { ...this.origin, basedOnVersion: version };
    this.dirty.markClean();
  }

  /** A draft was discarded (in the open dialog): the diagram no longer stands on it. */
  discarded(processId: string): void {
    if (this.origin.draft?.processId === processId) this.origin = { basedOnVersion: this.origin.basedOnVersion };
  }

  /** The revision of the open diagram's draft of `processId`, when it is stored as one. */
  revisionOf(processId: string): number | undefined {
    return this.origin.draft?.processId === processId ? this.origin.draft.revision : undefined;
  }

  /** Save the diagram as the draft of its (first) process; nothing is deployed. True when saved. */
  async save(): Promise<boolean> {
    if (this.saving) return false;
    this.saving = true;
    try {
      const process = processesOf(this.modeler.getDefinitions() as ModdleElement | undefined)[0];
      const processId = (process?.id as string | undefined) ?? '';
      if (!processId) {
        this.panel.show('error', '草稿未保存：图中没有流程');
        return false;
      }
      const name = (((process?.name as string | undefined) ?? '').trim() || processId).slice(0, 100);
      const { xml } = await this.modeler.saveXML({ format: true });
      const saved = await saveDraft(processId, {
        name,
        xml: xml!,
        basedOnVersion: this.origin.basedOnVersion,
        revision: this.revisionOf(processId) ?? null,
      });
      this.origin = { ...this.origin, draft: { processId, revision: saved.revision } };
      this.dirty.markClean();
      this.panel.show('success', `草稿已保存：${processId}（${savedAtLabel(saved.updatedAt)}，第 ${saved.revision} 次保存，未部署）`);
      this.onSaved(processId);
      return true;
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      this.showRefusal(err);
      return false;
    } finally {
      this.saving = false;
    }
  }

  private showRefusal(err: ApiError): void {
    if (err.status === 409) {
      this.panel.show('error', `草稿未保存：${err.message}`, [
        { message: '您当前的修改仍在画布上：可先「导出 BPMN」备份，再从「打开」重新打开最新的草稿。' },
      ]);
      return;
    }
    const problems: ShownProblem[] = err.details.map((d) => ({
      elementId: d.elementId && d.elementId !== DOCUMENT ? d.elementId : undefined,
      message: d.message,
    }));
    this.panel.show('error', `草稿未保存：${err.message}`, problems);
  }
}

/** Ctrl+S / ⌘S saves the draft (never the browser's "save page"), unless a dialog is open or saving is not allowed. */
export function installSaveShortcut(save: () => void, allowed: () => boolean): void {
  document.addEventListener('keydown', (event) => {
    if (!(event.ctrlKey || event.metaKey) || event.altKey || event.key.toLowerCase() !== 's') return;
    event.preventDefault();
    if (document.querySelector('dialog[open]') || !allowed()) return;
    save();
  });
}
