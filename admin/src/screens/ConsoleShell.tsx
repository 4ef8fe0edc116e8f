import { useEffect, useState } from 'react';
import type { Me, PageListItem } from '../api/console-types';
import { request, requestData } from '../api/http';
import { clearToken } from '../api/session';
import { navigate, pagePath, type ConsoleLocation } from '../navigation';
import { menuGroups } from './menu-groups';
import { PageView } from './PageView';

/** 控制台外框: header with the user, the menu built from GET /api/pages, and the page area. */
export function ConsoleShell({ location }: { location: ConsoleLocation }) {
  const [me, setMe] = useState<Me | null>(null);
  const [pages, setPages] = useState<PageListItem[] | null>(null);
  const [error, setError] = useState('');

  useEffect(() => {
    Promise.all([requestData<Me>({ url: '/api/auth/me' }), requestData<{ items: PageListItem[] }>({ url: '/api/pages' })]).then(
      ([user, list]) => {
        setMe(user);
        setPages(list.items);
      },
      (err: Error) => setError(err.message),
    );
  }, []);

  const match = /^\/pages\/([^/]+)/.exec(location.pathname);
  const currentKey = match ? decodeURIComponent(match[1]) : null;
  const groups = pages ? menuGroups(pages) : [];

  useEffect(() => {
    if (!currentKey && groups.length) navigate(pagePath(groups[0].pages[0].key), true);
  }, [currentKey, groups.length]);

  const logout = async () => {
    await request({ url: '/api/auth/logout', method: 'post', data: {} });
    clearToken();
    navigate('/login', true);
  };

  return (
    <div className="wl-shell">
      <header className="wl-header">
        <div className="wl-brand">
          <i className="fa fa-fire" />
          <span>暖线 · 供热客服管理平台</span>
        </div>
        {me && (
          <div className="wl-user">
            <span className="wl-user-org">
              <i className="fa fa-building-o" /> {me.orgName}
            </span>
            <span className="wl-user-name">
              <i className="fa fa-user-circle-o" /> {me.displayName}
              <small>{me.roles.map((r) => r.name).join('、')}</small>
            </span>
            <button type="button" className="wl-logout" onClick={logout}>
              <i className="fa fa-sign-out" /> 退出
            </button>
          </div>
        )}
      </header>
      <div className="wl-body">
        <nav className="wl-menu" aria-label="主菜单">
          {groups.map((group) => (
            <div className="wl-menu-group" key={group.name}>
              <div className="wl-menu-group-title">{group.name}</div>
              {group.pages.map((page) => (
                <a
                  key={page.key}
                  href={pagePath(page.key)}
                  data-page={page.key}
                  className={`wl-menu-item ${page.key === currentKey ? 'is-active' : ''}`}
                  onClick={(e) => {
                    e.preventDefault();
                    navigate(pagePath(page.key));
                  }}
                >
                  <i className={page.menu?.icon || 'fa fa-file-text-o'} />
                  <span>{page.title}</span>
                </a>
              ))}
            </div>
          ))}
        </nav>
        <main className="wl-content">
          {error && <div className="wl-empty">{error}</div>}
          {me && currentKey && <PageView key={currentKey + location.search} pageKey={currentKey} me={me} query={location.query} />}
        </main>
      </div>
    </div>
  );
}
