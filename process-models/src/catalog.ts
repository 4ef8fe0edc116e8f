/**
 * The shipped processes and extension points (docs/decisions/0004-ticket-process-models.md).
 * The BPMN files are the source of truth for locks; this catalog names what the server treats
 * specially at deploy time.
 */

/** Group-owned processes: only group staff deploy them; derived versions keep their locked nodes. */
export const CORE_PROCESS_IDS = ['wl-ticket', 'wl-approval', 'wl-supervision', 'wl-sla-clock', 'wl-ext-passthrough'] as const;

export const PASSTHROUGH_PROCESS_ID = 'wl-ext-passthrough';

/** Extension point → the process id a subsidiary deploys for it (into its own tenant). */
export const EXTENSION_POINTS = {
  afterIntake: 'wl-ext-after-intake',
  beforeHandle: 'wl-ext-before-handle',
  beforeClose: 'wl-ext-before-close',
} as const;

export type ExtensionPoint = keyof typeof EXTENSION_POINTS;

export const EXTENSION_PROCESS_IDS: readonly string[] = Object.values(EXTENSION_POINTS);

/** The extension point a subsidiary process id implements, if any. */
export function extensionPointOf(processId: string): ExtensionPoint | undefined {
  return (Object.keys(EXTENSION_POINTS) as ExtensionPoint[]).find((p) => EXTENSION_POINTS[p] === processId);
}
