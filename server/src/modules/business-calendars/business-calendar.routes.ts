import { z } from 'zod';
import {
  businessCalendar,
  calendarCreateBody,
  calendarDeleteBody,
  calendarOverridesBody,
  calendarOverridesResponse,
  calendarParams,
  calendarUpdateBody,
  calendarYearParams,
} from '@warmline/contracts';
import { defineRoute } from '../../core/route-table.js';
import {
  createCalendar,
  deleteCalendar,
  getOverrides,
  listCalendars,
  replaceOverrides,
  updateCalendar,
} from './business-calendar.service.js';

/** Business calendars (工作日历): working hours per weekday and per-year holidays / 调休 workdays. Group-wide. */
export const businessCalendarRoutes = [
  defineRoute({
    id: 'calendars.list',
    method: 'get',
    path: '/business-calendars',
    summary: '工作日历列表',
    tag: 'business-calendars',
    access: 'calendar:read',
    response: z.array(businessCalendar),
    handler: ({ services }) => listCalendars(services),
  }),
  defineRoute({
    id: 'calendars.create',
    method: 'post',
    path: '/business-calendars',
    summary: '新增工作日历',
    tag: 'business-calendars',
    access: 'calendar:manage',
    body: calendarCreateBody,
    response: businessCalendar,
    status: 201,
    handler: ({ services, body, tx, audit }) => createCalendar(services, body, tx!, audit),
  }),
  defineRoute({
    id: 'calendars.update',
    method: 'patch',
    path: '/business-calendars/:id',
    summary: '修改工作日历（名称、时区、每周工作时段）',
    tag: 'business-calendars',
    access: 'calendar:manage',
    params: calendarParams,
    body: calendarUpdateBody,
    response: businessCalendar,
    handler: ({ services, params, body, tx, audit }) => updateCalendar(services, params.id, body, tx!, audit),
  }),
  defineRoute({
    id: 'calendars.delete',
    method: 'delete',
    path: '/business-calendars/:id',
    summary: '删除工作日历（被时限规则使用时不能删除）',
    tag: 'business-calendars',
    access: 'calendar:manage',
    params: calendarParams,
    body: calendarDeleteBody,
    handler: async ({ services, params, body, tx, audit }) => {
      await deleteCalendar(services, params.id, tx!, audit, body.reason);
      return undefined;
    },
  }),
  defineRoute({
    id: 'calendars.overrides.get',
    method: 'get',
    path: '/business-calendars/:id/overrides/:year',
    summary: '某年的节假日与调休上班日',
    tag: 'business-calendars',
    access: 'calendar:read',
    params: calendarYearParams,
    response: calendarOverridesResponse,
    handler: ({ services, params }) => getOverrides(services, params.id, params.year),
  }),
  defineRoute({
    id: 'calendars.overrides.replace',
    method: 'put',
    path: '/business-calendars/:id/overrides/:year',
    summary: '整体替换某年的节假日与调休上班日',
    tag: 'business-calendars',
    access: 'calendar:manage',
    params: calendarYearParams,
    body: calendarOverridesBody,
    response: calendarOverridesResponse,
    handler: ({ services, params, body, tx, audit }) => replaceOverrides(services, params.id, params.year, body, tx!, audit),
  }),
];
