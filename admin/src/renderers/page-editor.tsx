import { Renderer, confirm, toast, type RendererProps } from 'amis';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { PageDetail, PageListItem, PageVersionItem } from '../api/console-types';
import { requestData } from '../api/http';
import { renderSchema } from '../amis-env';

const SOURCE_LABELS: Record<PageVersionItem['source'], string> = { shipped: '出厂版本', edited: '在线编辑', rollback: '回滚' };

const formatTime = (iso: string) => new Date(iso).toLocaleString('zh-CN', { hour12: false });

/** Parse the editor text: the schema object, or a Chinese reason it is not one. */
export function parseSchemaText(text: string): { schema?: Record<string, unknown>; error?: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { error: `JSON 格式错误：${(err as Error).message}` };
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return { error: '页面配置必须是一个 JSON 对象' };
  if ((value as { type?: unknown }).type !== 'page') return { error: '页面配置的 type 必须是 "page"' };
  return { schema: value as Record<string, unknown> };
}

/**
 * 页面配置编辑器 (`type: "wl-page-editor"`): the JSON of one page with a live preview; saving makes
 * a new version (PUT /api/pages/:key), any earlier version can be loaded or rolled back to.
 */
function PageEditor({ data }: { data: Record<string, unknown> }) {
  const [pages, setPages] = useState<PageListItem[]>([]);
  const [key, setKey] = useState<string>(typeof data.key === 'string' ? data.key : '');
  const [current, setCurrent] = useState<PageDetail | null>(null);
  const [versions, setVersions] = useState<PageVersionItem[]>([]);
  const [text, setText] = useState('');
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [preview, setPreviewState] = useState<{ schema: Record<string, unknown>; n: number } | null>(null);
  const setPreview = (schema: Record<string, unknown>) => setPreviewState((p) => ({ schema, n: (p?.n ?? 0) + 1 }));

  useEffect(() => {
    requestData<{ items: PageListItem[] }>({ url: '/api/pages' }).then(
      (list) => {
        setPages(list.items);
        setKey((k) => k || list.items[0]?.key || '');
      },
      (err: Error) => toast.error(err.message),
    );
  }, []);

  const load = useCallback(async (pageKey: string) => {
    const [page, list] = await Promise.all([
      requestData<PageDetail>({ url: `/api/pages/${pageKey}` }),
      requestData<{ items: PageVersionItem[] }>({ url: `/api/pages/${pageKey}/versions` }),
    ]);
    setCurrent(page);
    setVersions(list.items);
    setText(JSON.stringify(page.schema, null, 2));
    setPreview(page.schema);
  }, []);

  useEffect(() => {
    if (key) load(key).catch((err: Error) => toast.error(err.message));
  }, [key, load]);

  const parsed = useMemo(() => parseSchemaText(text), [text]);
  // The preview follows the text as soon as it is a valid page again (short pause so typing stays smooth).
  useEffect(() => {
    if (!parsed.schema) return;
    const timer = setTimeout(() => setPreview(parsed.schema!), 300);
    return () => clearTimeout(timer);
  }, [parsed]);

  const save = async () => {
    if (!parsed.schema || !current) return;
    setBusy(true);
    try {
      const saved = await requestData<{ version: number }>({
        url: `/api/pages/${current.key}`,
        method: 'put',
        data: comment.trim() ? { schema: parsed.schema, comment: comment.trim() } : { schema: parsed.schema },
      });
      toast.success(`已保存为第 ${saved.version} 版，立即生效`);
      setComment('');
      await load(current.key);
    } catch (err) {
      toast.error((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const loadVersion = async (version: number) => {
    if (!current) return;
    const detail = await requestData<{ schema: Record<string, unknown> }>({ url: `/api/pages/${current.key}/versions/${version}` });
    setText(JSON.stringify(detail.schema, null, 2));
    toast.info(`已载入第 ${version} 版到编辑区（尚未保存）`);
  };

  const rollback = async (version: number) => {
    if (!current) return;
    if (!(await confirm(`确定将「${current.title}」回滚到第 ${version} 版吗？回滚会生成一个新版本并立即生效。`, '回滚确认'))) return;
    setBusy(true);
    try {
      const saved = await requestData<{ version: number }>({
        url: `/api/pages/${current.key}/rollback`,
        method: 'post',
        data: { version, comment: `回滚到第 ${version} 版` },
      });
      toast.success(`已回滚，当前为第 ${saved.version} 版`);
      await load(current.key);
    } catch (err) {
      toast.error((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const dirty = current ? text !== JSON.stringify(current.schema, null, 2) : false;

  return (
    <div className="wl-editor">
      <div className="wl-editor-toolbar">
        <label>
          页面
          <select name="pageKey" value={key} onChange={(e) => setKey(e.target.value)}>
            {pages.map((p) => (
              <option key={p.key} value={p.key}>
                {p.title}（{p.key}）
              </option>
            ))}
          </select>
        </label>
        {current && (
          <span className="wl-editor-version">
            当前第 {current.version} 版 · {current.updatedBy ?? '出厂配置'} · {formatTime(current.updatedAt)}
          </span>
        )}
        <input
          className="wl-editor-comment"
          name="comment"
          placeholder="修改说明（选填）"
          maxLength={200}
          value={comment}
          onChange={(e) => setComment(e.target.value)}
        />
        <button type="button" className="cxd-Button cxd-Button--primary" disabled={!parsed.schema || !dirty || busy} onClick={save}>
          <i className="fa fa-save" /> 保存为新版本
        </button>
      </div>
      <div className="wl-editor-panes">
        <div className="wl-editor-source">
          <div className="wl-pane-title">页面配置（JSON）</div>
          <textarea name="schema" spellCheck={false} value={text} onChange={(e) => setText(e.target.value)} />
          <div className={`wl-editor-status ${parsed.error ? 'is-error' : ''}`}>
            {parsed.error ? (
              <>
                <i className="fa fa-times-circle" /> {parsed.error}
              </>
            ) : (
              <>
                <i className="fa fa-check-circle" /> 配置有效{dirty ? '，尚未保存' : ''}
              </>
            )}
          </div>
        </div>
        <div className="wl-editor-preview">
          <div className="wl-pane-title">实时预览</div>
          <div className="wl-editor-preview-body">{preview && renderSchema(preview.schema, data, `preview-${preview.n}`)}</div>
        </div>
      </div>
      <div className="wl-editor-versions">
        <div className="wl-pane-title">版本记录</div>
        <table className="wl-table">
          <thead>
            <tr>
              <th>版本</th>
              <th>来源</th>
              <th>说明</th>
              <th>保存人</th>
              <th>保存时间</th>
              <th>操作</th>
            </tr>
          </thead>
          <tbody>
            {versions.map((v) => (
              <tr key={v.version} data-version={v.version}>
                <td>第 {v.version} 版</td>
                <td>{SOURCE_LABELS[v.source] ?? v.source}</td>
                <td>{v.comment ?? '—'}</td>
                <td>{v.createdBy ?? '系统'}</td>
                <td>{formatTime(v.createdAt)}</td>
                <td className="wl-table-actions">
                  <button type="button" className="cxd-Button cxd-Button--link" onClick={() => loadVersion(v.version)}>
                    载入编辑
                  </button>
                  {current && v.version !== current.version && (
                    <button type="button" className="cxd-Button cxd-Button--link" disabled={busy} onClick={() => rollback(v.version)}>
                      回滚到此版本
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

Renderer({ type: 'wl-page-editor', autoVar: false })((props: RendererProps) => <PageEditor data={props.data as Record<string, unknown>} />);
