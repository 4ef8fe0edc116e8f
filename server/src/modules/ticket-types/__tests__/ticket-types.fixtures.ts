import type { FixtureEnv, RouteFixtures } from '../../../testing/index.js';

/** Ticket types are group-wide: valid requests with fresh codes and no marker. */
export async function createFixtureTicketType(env: Pick<FixtureEnv, 'server' | 'unique'>): Promise<string> {
  const code = `tt_${env.unique()}`;
  const res = await env.server.admin.post('/api/ticket-types', { code, name: `测试类型${code}` });
  if (res.status !== 201) throw new Error(`fixture ticket type: ${res.status} ${JSON.stringify(res.body)}`);
  return code;
}

export const ticketTypeFixtures: RouteFixtures = {
  'ticket-types.list': async () => ({ path: '/api/ticket-types?includeDisabled=true' }),
  'ticket-types.get': async () => ({ path: '/api/ticket-types/repair' }),
  'ticket-types.create': async (env) => {
    const code = `tt_${env.unique()}`;
    return {
      path: '/api/ticket-types',
      body: {
        code,
        name: `新类型${code}`,
        description: '测试用工单类型',
        enabled: true,
        isConsultation: false,
        intakeFormId: 'ticket-dispatch',
        processId: 'wl-ticket',
        sort: 500,
        reason: '测试新增工单类型',
      },
    };
  },
  'ticket-types.update': async (env) => ({
    path: `/api/ticket-types/${await createFixtureTicketType(env)}`,
    body: { name: `改名类型${env.unique()}`, description: '改过的说明', sort: 600, reason: '测试修改工单类型' },
  }),
  'ticket-types.delete': async (env) => ({
    path: `/api/ticket-types/${await createFixtureTicketType(env)}`,
    body: { reason: '测试删除工单类型' },
  }),
};
