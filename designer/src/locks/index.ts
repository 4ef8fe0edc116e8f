import { LockContract } from './lock-contract';
import { LockGuard } from './lock-guard';
import { LockProperties } from './lock-properties';
import { LockReplaceMenu } from './lock-replace-menu';
import { LockRules } from './lock-rules';

/** Locked core nodes and extension points of the shipped templates, enforced by every editing path. */
export default {
  __init__: ['lockRules', 'lockGuard', 'lockProperties', 'lockReplaceMenu'],
  lockContract: ['type', LockContract],
  lockRules: ['type', LockRules],
  lockGuard: ['type', LockGuard],
  lockProperties: ['type', LockProperties],
  lockReplaceMenu: ['type', LockReplaceMenu],
};
