import type { Sequelize } from 'sequelize';
import type { Config } from '../../config.js';
import type { Logger } from '../../core/logger.js';
import type { Services } from '../../services.js';
import { NotificationDispatcher } from './notification-dispatcher.js';
import { NotificationHub } from './notification-hub.js';
import { enqueueNotifications, type PlannedNotification } from './notification-outbox.js';
import { planForEngineEvent, planForFlag } from './notification-rules.js';
import { createProviders } from './providers/provider-factory.js';

/**
 * The notification machinery of one server process: listens to engine events and SLA flags, stores
 * messages in the outbox, drains it (dispatcher) and pushes in-app messages over SSE (hub).
 */
export class Notifications {
  readonly hub: NotificationHub;
  readonly dispatcher: NotificationDispatcher;
  private services: Services | undefined;
  private readonly unsubscribe: (() => void)[] = [];
  /** Event handling runs one at a time, in arrival order; `idle()` waits for it (tests, shutdown). */
  private queue: Promise<void> = Promise.resolve();

  constructor(config: Config, logger: Logger, group: Sequelize) {
    const n = config.notifications;
    this.hub = new NotificationHub(group, { heartbeatMs: n.sseHeartbeatMs, pollMs: n.ssePollMs }, logger);
    this.dispatcher = new NotificationDispatcher(
      group,
      createProviders(n, (row) => this.hub.push(row)),
      { pollMs: n.pollMs, maxAttempts: n.maxAttempts },
      logger,
    );
  }

  start(services: Services): void {
    this.services = services;
    this.unsubscribe.push(
      services.engine.onEvent((event) => {
        if (event.type === 'task.created') this.enqueue(() => planForEngineEvent(services, event));
      }),
      services.sla.onFlag((event) => {
        if (event.flagChanged !== false) this.enqueue(() => planForFlag(services, event));
      }),
    );
    this.hub.start();
    this.dispatcher.start();
  }

  /** Store planned messages and send them at once (scheduler jobs, rules). */
  async notify(planned: PlannedNotification[]): Promise<number> {
    if (!this.services) throw new Error('notifications not started');
    const n = await enqueueNotifications(this.services, planned);
    if (n > 0) this.dispatcher.wake();
    return n;
  }

  /** Resolves when every event received so far has been turned into outbox rows. */
  idle(): Promise<void> {
    return this.queue;
  }

  async stop(): Promise<void> {
    for (const u of this.unsubscribe.splice(0)) u();
    await this.queue;
    await this.dispatcher.stop();
    this.hub.stop();
  }

  private enqueue(plan: () => Promise<PlannedNotification[]>): void {
    this.queue = this.queue
      .then(async () => this.notify(await plan()))
      .then(
        () => undefined,
        (err: unknown) => this.services?.logger.error({ err }, 'notification rule failed'),
      );
  }
}
