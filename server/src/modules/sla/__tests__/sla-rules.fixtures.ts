import type { FixtureEnv, RouteFixtures } from '../../../testing/index.js';

/** A fresh ticket type, so every fixture rule has its own type × urgency × source combination. */
async function freshTicketType(env: FixtureEnv): Promise<string> {
  const code = `fx_${env.unique()}`;
  const res = await env.server.admin.post('/api/dictionaries/ticket_type/items', { code, label: `测试类型${code}` });
  if (res.status !== 201) throw new Error(`fixture ticket type: ${res.status} ${JSON.stringify(res.body)}`);
  return code;
}

async function createRule(env: FixtureEnv): Promise<number> {
  const res = await env.server.admin.post('/api/sla-rules', {
    name: `测试规则${env.unique()}`,
    ticketType: await freshTicketType(env),
    handleMinutes: 240,
    remindBeforeMinutes: 30,
    timeMode: 'natural',
  });
  if (res.status !== 201) throw new Error(`fixture SLA rule: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as number;
}

export const slaRuleFixtures: RouteFixtures = {
  'sla-rules.list': async () => ({ path: '/api/sla-rules' }),
  'sla-rules.create': async (env) => {
    const calendars = await env.server.admin.get('/api/business-calendars');
    return {
      path: '/api/sla-rules',
      body: {
        name: `测试规则${env.unique()}`,
        ticketType: await freshTicketType(env),
        urgency: 'urgent',
        source: 'phone',
        handleMinutes: 240,
        remindBeforeMinutes: 60,
        timeMode: 'business',
        calendarId: calendars.body[0].id,
        pauseOnCustomerWait: true,
        enabled: true,
        reason: '测试新增时限规则',
      },
    };
  },
  'sla-rules.update': async (env) => ({
    path: `/api/sla-rules/${await createRule(env)}`,
    body: { name: `改名规则${env.unique()}`, handleMinutes: 300, reason: '测试修改时限规则' },
  }),
  'sla-rules.delete': async (env) => ({ path: `/api/sla-rules/${await createRule(env)}`, body: { reason: '测试删除时限规则' } }),
  'sla-rules.preview': async () => ({
    path: '/api/sla-rules/preview',
    body: { ticketType: 'repair', urgency: 'urgent', source: 'phone', startAt: '2026-09-30T16:00:00+08:00' },
  }),
};
