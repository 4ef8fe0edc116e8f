import { useEffect, useState } from 'react';
import type { Me, PageDetail } from '../api/console-types';
import { requestData } from '../api/http';
import { renderSchema } from '../amis-env';
import { pageData } from './console-context';

/** The page area: the current schema of one page from GET /api/pages/:key, rendered by amis. */
export function PageView({ pageKey, me, query }: { pageKey: string; me: Me; query: Record<string, string> }) {
  const [page, setPage] = useState<PageDetail | null>(null);
  const [error, setError] = useState('');

  useEffect(() => {
    requestData<PageDetail>({ url: `/api/pages/${encodeURIComponent(pageKey)}` }).then(setPage, (err: Error) => setError(err.message));
  }, [pageKey]);

  useEffect(() => {
    if (page) document.title = `${page.title} · 暖线`;
  }, [page]);

  if (error) {
    return (
      <div className="wl-empty">
        <i className="fa fa-exclamation-triangle" /> {error}
      </div>
    );
  }
  if (!page) return <div className="wl-empty">正在加载…</div>;
  return (
    <div className="wl-page" data-page-version={page.version}>
      {renderSchema(page.schema, pageData(me, query), `${page.key}@${page.version}`)}
    </div>
  );
}
