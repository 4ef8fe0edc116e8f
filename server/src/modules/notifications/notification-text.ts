import type { NotificationKind } from '@warmline/contracts';

/** The ticket facts a message names. */
export interface TicketRef {
  subsidiaryId: number;
  ticketId: number;
  ticketNo: string | null;
  title: string | null;
  address: string | null;
}

const OPERATION_LABELS: Record<string, string> = {
  delay: '延时',
  return: '退回',
  void: '作废',
  redispatch: '改派',
  cancel: '取消',
  closeWithoutCallback: '免回访办结',
};

/** `CC-20261124-0001 暖气不热（长春市…）`: number, title and address as far as known. */
export function describeTicket(t: TicketRef): string {
  const no = t.ticketNo ?? `#${t.ticketId}`;
  const title = t.title ? ` ${t.title}` : '';
  const address = t.address ? `（${t.address.length > 60 ? `${t.address.slice(0, 60)}…` : t.address}）` : '';
  return `${no}${title}${address}`;
}

const TITLES: Record<Exclude<NotificationKind, 'daily_summary' | 'reassigned'>, string> = {
  dispatched: '新工单待确认',
  task_assigned: '新派工待接单',
  due_soon: '工单即将超时',
  overdue: '工单已超时',
  completed: '工单已处理待回访',
  approval_requested: '待审批',
};

/** Title and body (Simplified Chinese) of a ticket notification. */
export function ticketMessage(
  kind: Exclude<NotificationKind, 'daily_summary'>,
  t: TicketRef,
  extra: { operation?: string; dueAt?: Date | null; reassignedAway?: boolean } = {},
): { title: string; body: string } {
  const what = describeTicket(t);
  if (kind === 'reassigned') {
    const title = extra.reassignedAway ? '工单已改派他人' : '改派工单待接单';
    return { title, body: `${title}：${what}` };
  }
  if (kind === 'approval_requested') {
    const op = extra.operation ? (OPERATION_LABELS[extra.operation] ?? extra.operation) : '';
    const title = op ? `待审批：${op}申请` : '待审批';
    return { title, body: `${title}：${what}` };
  }
  const title = TITLES[kind];
  const due = extra.dueAt ? `，时限 ${formatShanghai(extra.dueAt)}` : '';
  return { title, body: `${title}：${what}${kind === 'due_soon' || kind === 'overdue' ? due : ''}` };
}

/** `2026-11-24 16:30` in Asia/Shanghai. */
export function formatShanghai(d: Date): string {
  const parts = new Intl.DateTimeFormat('zh-CN', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).formatToParts(d);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}
