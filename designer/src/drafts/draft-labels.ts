import type { DraftItem } from './drafts-api';

/** 草稿比已部署版本新 / 旧, or never deployed — the badge beside a draft. */
export function freshnessLabel(d: Pick<DraftItem, 'freshness' | 'deployedVersion'>): string {
  if (d.freshness === 'undeployed') return '从未部署';
  return d.freshness === 'newer' ? `草稿比已部署版本（第 ${d.deployedVersion} 版）新` : `草稿比已部署版本（第 ${d.deployedVersion} 版）旧`;
}

/** `2026/11/24 16:05`, local time of the browser (Asia/Shanghai here). */
export const savedAtLabel = (iso: string): string =>
  new Date(iso).toLocaleString('zh-CN', {
    hour12: false,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  });

/** Who saved a draft and when: `张三 于 2026/11/24 16:05 保存`. */
export const savedByLabel = (d: Pick<DraftItem, 'updatedBy' | 'updatedAt'>): string =>
  `${d.updatedBy ?? '未知用户'} 于 ${savedAtLabel(d.updatedAt)} 保存`;
