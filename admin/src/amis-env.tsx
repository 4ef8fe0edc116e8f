import { alert, confirm, render as renderAmis, toast, type Schema } from 'amis';
import { amisFetcher } from './api/http';
import { navigate } from './navigation';

/** Everything amis needs from its host: the fetcher, messages, and navigation inside the console. */
export const amisEnv = {
  fetcher: amisFetcher,
  isCancel: () => false,
  notify: (type: 'info' | 'success' | 'error' | 'warning', msg: string) => {
    (toast[type] ?? toast.info)(msg, type === 'error' ? '出错了' : '');
  },
  alert,
  confirm,
  // amis's own `copy` action (and copyable fields) write through the browser's clipboard
  copy: async (content: string) => {
    try {
      await navigator.clipboard.writeText(content);
      toast.success('已复制到剪贴板');
    } catch {
      toast.error('复制失败：浏览器不允许访问剪贴板', '出错了');
    }
  },
  jumpTo: (to: string) => {
    if (/^https?:\/\//.test(to)) window.location.href = to;
    else navigate(to);
  },
  updateLocation: (location: string, replace?: boolean) => navigate(location, replace),
  isCurrentUrl: (link: string) => {
    const target = new URL(link, window.location.href);
    return target.pathname === window.location.pathname;
  },
  theme: 'cxd',
  locale: 'zh-CN',
};

/** Render an amis schema with the console's env and zh-CN texts. */
export function renderSchema(schema: object, data: Record<string, unknown> = {}, key?: string) {
  return renderAmis(schema as Schema, { data, locale: 'zh-CN', theme: 'cxd', key }, amisEnv as never);
}
