import type { NotificationChannel } from '@warmline/contracts';
import type { ChannelProviderConfig, NotificationConfig } from '../../../config.js';
import type { NotificationRow } from '../notification.model.js';
import { inappProvider } from './inapp.provider.js';
import { keepProvider } from './keep.provider.js';
import type { NotificationProvider } from './provider.js';
import { webhookProvider } from './webhook.provider.js';
import { aliyunSmsProvider } from './aliyun-sms.provider.js';

function fromConfig(c: ChannelProviderConfig): NotificationProvider | undefined {
  switch (c.kind) {
    case 'keep':
      return keepProvider;
    case 'webhook':
      return webhookProvider(c.url, c.token);
    case 'aliyun':
      return aliyunSmsProvider(c.aliyun);
    default:
      return undefined;
  }
}

/** The provider of each channel, from configuration (`off` channels have none: their rows stay pending). */
export function createProviders(
  config: NotificationConfig,
  push: (row: NotificationRow) => void,
): Partial<Record<NotificationChannel, NotificationProvider>> {
  return { inapp: inappProvider(push), sms: fromConfig(config.sms), wechat: fromConfig(config.wechat) };
}
