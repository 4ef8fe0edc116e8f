import { EXTENSION_POINTS } from '@warmline/process-models';
import type { RouteFixtures } from '../../../testing/index.js';
import { currentRevision, draftBpmn, ownerOf, saveDraftAs } from './draft-samples.js';

/**
 * Drafts belong to the caller's own subsidiary (extension processes) or the group: the fixtures keep
 * a draft of the target subsidiary, saved by its administrator. The save fixture's body carries no
 * marker: a subsidiary sending it saves a draft of its own, which later list reads must not mistake for a leak.
 */
export const processDraftFixtures: RouteFixtures = {
  'processDrafts.list': async (env) => {
    await saveDraftAs(ownerOf(env), EXTENSION_POINTS.afterIntake, `扩展草稿${env.marker}`);
    return { path: '/api/process-drafts' };
  },
  'processDrafts.get': async (env) => {
    await saveDraftAs(ownerOf(env), EXTENSION_POINTS.afterIntake, `扩展草稿${env.marker}`);
    return { path: `/api/process-drafts/${EXTENSION_POINTS.afterIntake}` };
  },
  'processDrafts.save': async (env) => {
    const processId = EXTENSION_POINTS.beforeHandle;
    return {
      path: `/api/process-drafts/${processId}`,
      body: {
        name: `草稿${env.unique()}`,
        xml: draftBpmn(processId),
        basedOnVersion: null,
        revision: await currentRevision(ownerOf(env), processId),
      },
    };
  },
  'processDrafts.discard': async (env) => {
    await saveDraftAs(ownerOf(env), EXTENSION_POINTS.beforeClose, `扩展草稿${env.marker}`);
    return { path: `/api/process-drafts/${EXTENSION_POINTS.beforeClose}` };
  },
};
