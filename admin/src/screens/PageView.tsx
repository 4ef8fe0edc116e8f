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
    // A new page key: show nothing of the previous page, and ignore an answer that arrives after the user moved on.
    let current = true;
    setPage(null);
    setError('');
    requestData<PageDetail>({ url: `/api/pages/${encodeURIComponent(pageKey)}` }).then(
      (p) => current && setPage(p),
      (err: Error) => current && setError(err.message),
    );
    return () => {
      current = false;
    };
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
    <div className="wl-page" data-page={page.key} data-page-version={page.version}>
      {renderSchema(page.schema, pageData(me, query), `${page.key}@${page.version}`)}
    </div>
  );
}
