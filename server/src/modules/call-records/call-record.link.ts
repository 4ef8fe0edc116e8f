import { Op, type Sequelize, type Transaction } from 'sequelize';
import { conflict } from '../../core/app-error.js';
import { ticketEventModel } from '../tickets/ticket-event.model.js';
import { callRecordModel, type CallRecordRow } from './call-record.model.js';

export interface LinkActor {
  id: number;
  name: string;
}

/**
 * Link a call record to a ticket inside the caller's transaction (intake's or the link route's):
 * the record's `ticket_id` is set only while it is empty (a record leads to one ticket; 409 when
 * another ticket has it), the ticket's customer / house fill the record's empty ones, and the
 * ticket's timeline gets a `call_linked` entry keyed `call:<id>` (one per call and ticket).
 * Linking again to the same ticket changes nothing and answers false.
 */
export async function linkCallToTicket(
  db: Sequelize,
  tx: Transaction,
  record: CallRecordRow,
  ticket: { id: number; customer_id: number | null; house_id: number | null },
  actor: LinkActor,
  field = 'body.callRecordId',
  now = new Date(),
): Promise<boolean> {
  if (record.ticket_id !== null && Number(record.ticket_id) === Number(ticket.id)) return false;
  const [changed] = await callRecordModel(db).update(
    {
      ticket_id: ticket.id,
      customer_id: record.customer_id ?? ticket.customer_id,
      house_id: record.house_id ?? ticket.house_id,
      updated_at: now,
    },
    { where: { id: record.id, ticket_id: { [Op.is]: null } }, transaction: tx },
  );
  if (changed !== 1) throw conflict('该通话已关联其他工单', [{ field, message: '该通话已关联其他工单' }]);
  await ticketEventModel(db).create(
    {
      ticket_id: ticket.id,
      kind: 'call_linked',
      actor_id: actor.id,
      actor_name: actor.name,
      reason: null,
      data: JSON.stringify({
        callId: String(record.id),
        callRecordId: Number(record.id),
        direction: record.direction,
        callerNumber: record.caller_number,
        startedAt: new Date(record.started_at).toISOString(),
        agentName: record.agent_name,
      }),
      task_key: `call:${record.id}`,
      created_at: now,
    },
    { transaction: tx },
  );
  return true;
}
