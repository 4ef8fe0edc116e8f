import type { NotificationChannel } from '@warmline/contracts';
import type { ChannelProviderConfig, NotificationConfig } from '../../../config.js';
import type { NotificationRow } from '../notification.model.js';
import { inappProvider } from './inapp.provider.js';
import { keepProvider } from './keep.provider.js';
import type { NotificationProvider } from './provider.js';
import { webhookProvider } from './webhook.provider.js';

const fromConfig = (c: ChannelProviderConfig): NotificationProvider | undefined =>
  c.kind === 'keep' ? keepProvider : c.kind === 'webhook' ? webhookProvider(c.url, c.token) : undefined;

/** The provider of each channel, from configuration (`off` channels have none: their rows stay pending). */
export function createProviders(
  config: NotificationConfig,
  push: (row: NotificationRow) => void,
): Partial<Record<NotificationChannel, NotificationProvider>> {
  return { inapp: inappProvider(push), sms: fromConfig(config.sms), wechat: fromConfig(config.wechat) };
}
