import type { ApprovalChains } from '@warmline/contracts';

/** The group defaults every installation starts with (admins change them; subsidiaries may override). */
export const DEFAULT_APPROVAL_CHAINS: ApprovalChains = {
  delay: ['station'],
  return: [],
  void: ['station', 'subsidiary'],
  redispatch: ['station'],
  cancel: ['subsidiary'],
  closeWithoutCallback: ['subsidiary'],
};
