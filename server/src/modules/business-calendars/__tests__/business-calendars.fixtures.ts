import type { FixtureEnv, RouteFixtures } from '../../../testing/index.js';
import { STANDARD_WORKING_HOURS } from '../default-calendar.js';

/** Calendars are group-wide: these requests are just valid, with fresh names and no marker. */
export async function createCalendarFixture(env: FixtureEnv): Promise<number> {
  const res = await env.server.admin.post('/api/business-calendars', {
    name: `测试日历${env.unique()}`,
    workingHours: STANDARD_WORKING_HOURS,
    reason: '测试新增日历',
  });
  if (res.status !== 201) throw new Error(`fixture calendar: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as number;
}

export const businessCalendarFixtures: RouteFixtures = {
  'calendars.list': async () => ({ path: '/api/business-calendars' }),
  'calendars.create': async (env) => ({
    path: '/api/business-calendars',
    body: {
      name: `测试日历${env.unique()}`,
      description: '测试用日历',
      timeZone: 'Asia/Shanghai',
      workingHours: STANDARD_WORKING_HOURS,
      reason: '测试新增日历',
    },
  }),
  'calendars.update': async (env) => ({
    path: `/api/business-calendars/${await createCalendarFixture(env)}`,
    body: { name: `改名日历${env.unique()}`, description: '改过的说明', reason: '测试修改日历' },
  }),
  'calendars.delete': async (env) => ({
    path: `/api/business-calendars/${await createCalendarFixture(env)}`,
    body: { reason: '测试删除日历' },
  }),
  'calendars.overrides.get': async (env) => ({ path: `/api/business-calendars/${await createCalendarFixture(env)}/overrides/2026` }),
  'calendars.overrides.replace': async (env) => ({
    path: `/api/business-calendars/${await createCalendarFixture(env)}/overrides/2026`,
    body: {
      items: [
        { date: '2026-10-01', kind: 'holiday', name: '国庆节' },
        { date: '2026-10-10', kind: 'workday', name: '国庆节调休上班' },
      ],
      reason: '测试录入节假日',
    },
  }),
};
