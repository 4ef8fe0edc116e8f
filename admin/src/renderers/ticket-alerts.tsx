import { Renderer, type RendererProps } from 'amis';
import { ScopedContext, type IScopedContext } from 'amis-core';
import { useContext, useEffect, useRef, useState } from 'react';
import { request } from '../api/http';
import { navigate } from '../navigation';

interface PushedNotification {
  id: number;
  kind: string;
  title: string;
  body: string;
  subsidiaryId: number | null;
  ticketId: number | null;
  ticketNo: string | null;
}

const RETRY_MS = 5000;

/**
 * The signed-in user's notification stream (SSE, decision 0008): a one-time ticket from
 * POST /api/notifications/stream-ticket, then an EventSource; after an error a fresh ticket and
 * `lastEventId` so nothing is missed. Calls `onMessage` for every `notification` event.
 */
function useNotificationStream(onMessage: (n: PushedNotification) => void): void {
  const handler = useRef(onMessage);
  handler.current = onMessage;
  useEffect(() => {
    let source: EventSource | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let lastId = '';
    let stopped = false;
    const connect = async () => {
      const payload = await request({ url: '/api/notifications/stream-ticket', method: 'post', data: {} });
      if (stopped) return;
      const ticket = (payload.data as { ticket?: string } | undefined)?.ticket;
      if (payload.status !== 0 || !ticket) {
        timer = setTimeout(connect, RETRY_MS);
        return;
      }
      const query = new URLSearchParams({ ticket, ...(lastId ? { lastEventId: lastId } : {}) });
      source = new EventSource(`/api/notifications/stream?${query}`);
      source.addEventListener('notification', (event) => {
        const message = event as MessageEvent<string>;
        if (message.lastEventId) lastId = message.lastEventId;
        try {
          handler.current(JSON.parse(message.data) as PushedNotification);
        } catch {
          // a malformed event is skipped; the list under 消息 still has it
        }
      });
      source.onerror = () => {
        source?.close();
        source = null;
        if (!stopped) timer = setTimeout(connect, RETRY_MS);
      };
    };
    void connect();
    return () => {
      stopped = true;
      source?.close();
      if (timer) clearTimeout(timer);
    };
  }, []);
}

/**
 * 新工单提醒 (`type: "wl-ticket-alerts"`): pops up a card when a notification of one of `kinds`
 * (default `dispatched`: a new ticket for the station) arrives, and reloads the components named in
 * `reload` (comma-separated) so the pools show it at once.
 */
function TicketAlerts({ kinds, reload }: { kinds: string[]; reload: string }) {
  const scoped = useContext(ScopedContext) as IScopedContext | undefined;
  const [alerts, setAlerts] = useState<PushedNotification[]>([]);
  useNotificationStream((n) => {
    if (!kinds.includes(n.kind)) return;
    setAlerts((list) => (list.some((a) => a.id === n.id) ? list : [n, ...list].slice(0, 3)));
    for (const name of reload
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)) {
      (scoped?.getComponentByName(name) as { reload?: () => void } | undefined)?.reload?.();
    }
  });
  const dismiss = (id: number) => setAlerts((list) => list.filter((a) => a.id !== id));
  if (!alerts.length) return null;
  return (
    <div className="wl-ticket-alerts" role="alert">
      {alerts.map((a) => (
        <div className="wl-ticket-alert" key={a.id}>
          <div className="wl-ticket-alert-title">
            <i className="fa fa-bell" /> {a.title}
          </div>
          <div className="wl-ticket-alert-body">{a.body}</div>
          <div className="wl-ticket-alert-actions">
            {a.ticketId && a.subsidiaryId && (
              <button
                type="button"
                className="cxd-Button cxd-Button--primary cxd-Button--size-sm"
                onClick={() => {
                  dismiss(a.id);
                  navigate(`/pages/ticket-detail?subsidiaryId=${a.subsidiaryId}&ticketId=${a.ticketId}`);
                }}
              >
                查看
              </button>
            )}
            <button type="button" className="cxd-Button cxd-Button--default cxd-Button--size-sm" onClick={() => dismiss(a.id)}>
              关闭
            </button>
          </div>
        </div>
      ))}
    </div>
  );
}

Renderer({ type: 'wl-ticket-alerts', autoVar: false })((props: RendererProps) => {
  const kinds = Array.isArray(props.kinds) ? (props.kinds as string[]) : ['dispatched'];
  return <TicketAlerts kinds={kinds} reload={typeof props.reload === 'string' ? props.reload : ''} />;
});
