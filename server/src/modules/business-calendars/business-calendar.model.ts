import type { Model } from 'sequelize';
import { col, modelOptions } from '../../db/columns.js';
import { modelFor } from '../../db/model-for.js';

export interface BusinessCalendarRow {
  id: number;
  name: string;
  description: string | null;
  time_zone: string;
  /** JSON of `WorkingHours` (contracts). */
  working_hours_json: string;
}

export const businessCalendarModel = modelFor<Model<BusinessCalendarRow, Partial<BusinessCalendarRow>> & BusinessCalendarRow>((seq) =>
  seq.define(
    'BusinessCalendar',
    {
      id: col.id(),
      name: col.str(64),
      description: col.str(255, true),
      time_zone: col.str(64),
      working_hours_json: col.text(false),
    },
    modelOptions('business_calendars'),
  ),
);

export interface CalendarOverrideRow {
  id: number;
  calendar_id: number;
  /** Local date `YYYY-MM-DD`. */
  date: string;
  kind: 'holiday' | 'workday';
  name: string;
}

export const calendarOverrideModel = modelFor<Model<CalendarOverrideRow, Partial<CalendarOverrideRow>> & CalendarOverrideRow>((seq) =>
  seq.define(
    'CalendarOverride',
    {
      id: col.id(),
      calendar_id: col.fk(),
      date: col.str(10),
      kind: col.str(16),
      name: col.str(64),
    },
    modelOptions('calendar_overrides'),
  ),
);
