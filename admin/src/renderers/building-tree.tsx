import { Renderer, type RendererProps } from 'amis';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { request } from '../api/http';
import { getToken } from '../api/session';
import '../styles/building-tree.css';

type NodeType = 'heat_source' | 'substation' | 'community' | 'building' | 'unit';
const TYPE_LABELS: Record<NodeType, string> = {
  heat_source: '热源',
  substation: '换热站',
  community: '小区',
  building: '楼栋',
  unit: '单元',
};
const HEATING_LABELS: Record<string, string> = { heating: '供热', suspended: '报停', unconnected: '未接网' };
const LEVELS: NodeType[] = ['heat_source', 'substation', 'community', 'building', 'unit'];
const childTypeOf = (t: NodeType | null): NodeType | undefined => (t === null ? LEVELS[0] : LEVELS[LEVELS.indexOf(t) + 1]);

interface TreeNode {
  id: number;
  parentId: number | null;
  type: NodeType;
  name: string;
  code: string | null;
  childCount: number;
  children: TreeNode[];
}
interface House {
  id: number;
  roomNo: string;
  address: string;
  billingNo: string;
  heatingStatus: string;
  customerName: string | null;
}
interface ImportError {
  row?: number;
  field?: string;
  message?: string;
}
type Notice = { kind: 'success' | 'error'; text: string } | null;

/** Download an export through the bearer token (a plain link cannot send it). */
async function download(url: string, fileName: string): Promise<string | null> {
  const token = getToken();
  const res = await fetch(url, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  if (!res.ok) return `下载失败（${res.status}）`;
  const blob = await res.blob();
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
  return null;
}

function TreeItem(props: {
  node: TreeNode;
  depth: number;
  selectedId: number | null;
  open: Set<number>;
  canWrite: boolean;
  onToggle(id: number): void;
  onSelect(node: TreeNode): void;
  onDropOn(target: TreeNode): void;
  onDragFrom(node: TreeNode): void;
}) {
  const { node, depth, open } = props;
  const [over, setOver] = useState(false);
  const expanded = open.has(node.id);
  return (
    <li className="wl-bt-item">
      <div
        className={`wl-bt-row${props.selectedId === node.id ? ' is-selected' : ''}${over ? ' is-drop-target' : ''}`}
        style={{ paddingLeft: 8 + depth * 18 }}
        data-node-id={node.id}
        data-node-name={node.name}
        draggable={props.canWrite}
        onDragStart={(e) => {
          e.dataTransfer.effectAllowed = 'move';
          e.dataTransfer.setData('text/plain', String(node.id));
          props.onDragFrom(node);
        }}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(e) => {
          e.preventDefault();
          setOver(false);
          props.onDropOn(node);
        }}
        onClick={() => props.onSelect(node)}
      >
        <span
          className="wl-bt-toggle"
          onClick={(e) => {
            e.stopPropagation();
            props.onToggle(node.id);
          }}
        >
          {node.children.length ? <i className={`fa ${expanded ? 'fa-caret-down' : 'fa-caret-right'}`} /> : null}
        </span>
        <span className={`wl-bt-type wl-bt-type-${node.type}`}>{TYPE_LABELS[node.type]}</span>
        <span className="wl-bt-name">{node.name}</span>
        {node.code && <span className="wl-bt-code">{node.code}</span>}
      </div>
      {expanded && node.children.length > 0 && (
        <ul className="wl-bt-list">
          {node.children.map((c) => (
            <TreeItem key={c.id} {...props} node={c} depth={depth + 1} />
          ))}
        </ul>
      )}
    </li>
  );
}

/**
 * 楼宇信息 (`type: "wl-building-tree"`): the building tree of `subsidiaryId` (热源 → 换热站 → 小区 →
 * 楼栋 → 单元). Drag a node onto another to move it there (the server's refusal is shown as it is);
 * add, rename and delete nodes; the houses of the selected community or unit; template download,
 * export, and bulk import with the per-row error report when a file is refused. Write actions show
 * for holders of `building:write` (`me.permissions`).
 */
function BuildingTree({ subsidiaryId, canWrite }: { subsidiaryId: number | string | undefined; canWrite: boolean }) {
  const base = `/api/subsidiaries/${subsidiaryId}/buildings`;
  const [nodes, setNodes] = useState<TreeNode[] | null>(null);
  const [open, setOpen] = useState<Set<number>>(new Set());
  const [selected, setSelected] = useState<TreeNode | null>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const [importErrors, setImportErrors] = useState<ImportError[]>([]);
  const [houses, setHouses] = useState<{ items: House[]; total: number } | null>(null);
  const [newName, setNewName] = useState('');
  const [rename, setRename] = useState('');
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [busy, setBusy] = useState(false);
  const dragged = useRef<TreeNode | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  const load = useCallback(async () => {
    if (!subsidiaryId) return;
    const res = await request({ url: base });
    if (res.status !== 0) {
      setNotice({ kind: 'error', text: res.msg });
      return;
    }
    const loaded = (res.data as { nodes: TreeNode[] }).nodes;
    setNodes(loaded);
    // First time: open the top two levels.
    setOpen((prev) => (prev.size ? prev : new Set(loaded.flatMap((n) => [n.id, ...n.children.map((c) => c.id)]))));
  }, [base, subsidiaryId]);

  useEffect(() => {
    setNodes(null);
    setSelected(null);
    setOpen(new Set());
    void load();
  }, [load]);

  const byId = useMemo(() => {
    const map = new Map<number, TreeNode>();
    const walk = (list: TreeNode[]) => list.forEach((n) => (map.set(n.id, n), walk(n.children)));
    walk(nodes ?? []);
    return map;
  }, [nodes]);

  // Keep the selection in step with the reloaded tree; load its houses.
  useEffect(() => {
    if (selected && byId.size && !byId.has(selected.id)) setSelected(null);
  }, [byId, selected]);
  useEffect(() => {
    setHouses(null);
    setRename(selected?.name ?? '');
    setConfirmDelete(false);
    if (!selected || (selected.type !== 'unit' && selected.type !== 'community')) return;
    const filter = selected.type === 'unit' ? `unitId=${selected.id}` : `communityId=${selected.id}`;
    void request({ url: `/api/subsidiaries/${subsidiaryId}/houses?${filter}&pageSize=50` }).then((res) => {
      if (res.status === 0) setHouses(res.data as { items: House[]; total: number });
    });
  }, [selected, subsidiaryId]);

  const run = async (what: () => Promise<{ status: number; msg: string }>, success: string) => {
    setBusy(true);
    try {
      const res = await what();
      if (res.status !== 0) setNotice({ kind: 'error', text: res.msg });
      else {
        setNotice({ kind: 'success', text: success });
        await load();
      }
      return res.status === 0;
    } finally {
      setBusy(false);
    }
  };

  const moveOnto = async (target: TreeNode) => {
    const node = dragged.current;
    dragged.current = null;
    if (!node || node.id === target.id) return;
    const ok = await run(
      () => request({ url: `${base}/${node.id}/move`, method: 'post', data: { parentId: target.id, reason: '拖拽移动' } }),
      `已将“${node.name}”移到“${target.name}”下`,
    );
    if (ok) setOpen((prev) => new Set(prev).add(target.id));
  };

  const importFile = async (file: File) => {
    setImportErrors([]);
    setBusy(true);
    try {
      const form = new FormData();
      form.append('file', file);
      const token = getToken();
      const res = await fetch(`${base}/import`, { method: 'POST', body: form, headers: token ? { Authorization: `Bearer ${token}` } : {} });
      const body = (await res.json().catch(() => ({}))) as { created?: number; reused?: number; message?: string; details?: ImportError[] };
      if (res.ok) {
        setNotice({ kind: 'success', text: `导入完成：新建 ${body.created ?? 0} 个节点，已有 ${body.reused ?? 0} 个` });
        await load();
      } else {
        setNotice({ kind: 'error', text: body.message ?? `导入失败（${res.status}）` });
        setImportErrors(body.details ?? []);
      }
    } catch {
      setNotice({ kind: 'error', text: '无法连接服务器，请检查网络后重试' });
    } finally {
      setBusy(false);
      if (fileInput.current) fileInput.current.value = '';
    }
  };

  if (!subsidiaryId) return <div className="wl-muted">请选择分公司</div>;
  const childType = selected ? childTypeOf(selected.type) : childTypeOf(null);

  return (
    <div className="wl-building-tree">
      <div className="wl-bt-toolbar">
        {canWrite && (
          <>
            <button type="button" className="wl-bt-button" disabled={busy} onClick={() => fileInput.current?.click()}>
              <i className="fa fa-upload" /> 批量导入
            </button>
            <input
              ref={fileInput}
              type="file"
              accept=".xlsx"
              className="wl-bt-file"
              name="buildingImport"
              onChange={(e) => {
                const file = e.target.files?.[0];
                if (file) void importFile(file);
              }}
            />
            <button
              type="button"
              className="wl-bt-button"
              onClick={() =>
                void download(`${base}/import-template`, '楼宇导入模板.xlsx').then((m) => m && setNotice({ kind: 'error', text: m }))
              }
            >
              <i className="fa fa-file-excel-o" /> 下载模板
            </button>
          </>
        )}
        <button
          type="button"
          className="wl-bt-button"
          onClick={() => void download(`${base}/export`, '楼宇信息.xlsx').then((m) => m && setNotice({ kind: 'error', text: m }))}
        >
          <i className="fa fa-download" /> 导出
        </button>
        {canWrite && <span className="wl-muted wl-bt-hint">拖动节点到另一节点上即可移动（连同下级）</span>}
      </div>
      {notice && (
        <div className={`wl-bt-notice wl-bt-notice-${notice.kind}`} role={notice.kind === 'error' ? 'alert' : 'status'}>
          {notice.text}
          <span className="wl-bt-notice-close" onClick={() => setNotice(null)}>
            <i className="fa fa-times" />
          </span>
        </div>
      )}
      {importErrors.length > 0 && (
        <table className="wl-bt-errors">
          <caption>导入错误（文件未导入，请修改后重新上传）</caption>
          <thead>
            <tr>
              <th>行号</th>
              <th>列</th>
              <th>问题</th>
            </tr>
          </thead>
          <tbody>
            {importErrors.map((e, i) => (
              <tr key={i}>
                <td>{e.row ?? '—'}</td>
                <td>{e.field ?? '—'}</td>
                <td>{e.message ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="wl-bt-body">
        <div className="wl-bt-tree">
          {nodes === null ? (
            <div className="wl-muted">加载中…</div>
          ) : nodes.length === 0 ? (
            <div className="wl-muted">还没有楼宇信息，可新增热源或批量导入</div>
          ) : (
            <ul className="wl-bt-list">
              {nodes.map((n) => (
                <TreeItem
                  key={n.id}
                  node={n}
                  depth={0}
                  selectedId={selected?.id ?? null}
                  open={open}
                  canWrite={canWrite}
                  onToggle={(id) =>
                    setOpen((prev) => {
                      const next = new Set(prev);
                      if (next.has(id)) next.delete(id);
                      else next.add(id);
                      return next;
                    })
                  }
                  onSelect={setSelected}
                  onDragFrom={(node) => (dragged.current = node)}
                  onDropOn={(target) => void moveOnto(target)}
                />
              ))}
            </ul>
          )}
        </div>
        <div className="wl-bt-detail">
          {selected ? (
            <>
              <h3 className="wl-bt-title">
                {TYPE_LABELS[selected.type]}：{selected.name}
                {selected.code && <span className="wl-bt-code">编码 {selected.code}</span>}
              </h3>
              <div className="wl-muted">下级节点 {selected.childCount} 个</div>
              {canWrite && (
                <div className="wl-bt-actions">
                  <label>
                    名称
                    <input name="rename" value={rename} maxLength={64} onChange={(e) => setRename(e.target.value)} />
                  </label>
                  <button
                    type="button"
                    className="wl-bt-button"
                    disabled={busy || !rename.trim() || rename.trim() === selected.name}
                    onClick={() =>
                      void run(
                        () => request({ url: `${base}/${selected.id}`, method: 'patch', data: { name: rename.trim(), reason: '重命名' } }),
                        `已改名为“${rename.trim()}”`,
                      )
                    }
                  >
                    重命名
                  </button>
                  {confirmDelete ? (
                    <button
                      type="button"
                      className="wl-bt-button wl-bt-danger"
                      disabled={busy}
                      onClick={() =>
                        void run(
                          () => request({ url: `${base}/${selected.id}`, method: 'delete', data: { reason: '删除节点' } }),
                          `已删除“${selected.name}”`,
                        )
                      }
                    >
                      确认删除“{selected.name}”
                    </button>
                  ) : (
                    <button type="button" className="wl-bt-button" disabled={busy} onClick={() => setConfirmDelete(true)}>
                      <i className="fa fa-trash" /> 删除
                    </button>
                  )}
                </div>
              )}
              {canWrite && childType && (
                <div className="wl-bt-actions">
                  <label>
                    新增{TYPE_LABELS[childType]}
                    <input name="newChild" value={newName} maxLength={64} placeholder="名称" onChange={(e) => setNewName(e.target.value)} />
                  </label>
                  <button
                    type="button"
                    className="wl-bt-button wl-bt-primary"
                    disabled={busy || !newName.trim()}
                    onClick={() =>
                      void run(
                        () =>
                          request({
                            url: base,
                            method: 'post',
                            data: { parentId: selected.id, type: childType, name: newName.trim(), reason: '新增节点' },
                          }),
                        `已新增${TYPE_LABELS[childType]}“${newName.trim()}”`,
                      ).then((ok) => {
                        if (ok) {
                          setNewName('');
                          setOpen((prev) => new Set(prev).add(selected.id));
                        }
                      })
                    }
                  >
                    <i className="fa fa-plus" /> 新增
                  </button>
                </div>
              )}
              {houses && (
                <table className="wl-bt-houses">
                  <caption>
                    房屋（共 {houses.total} 户
                    {houses.total > houses.items.length ? `，显示前 ${houses.items.length} 户，完整列表见“热用户与房屋”` : ''}）
                  </caption>
                  <thead>
                    <tr>
                      <th>房号</th>
                      <th>地址</th>
                      <th>缴费编号</th>
                      <th>供热状态</th>
                      <th>热用户</th>
                    </tr>
                  </thead>
                  <tbody>
                    {houses.items.map((h) => (
                      <tr key={h.id}>
                        <td>{h.roomNo}</td>
                        <td>{h.address}</td>
                        <td>{h.billingNo}</td>
                        <td>{HEATING_LABELS[h.heatingStatus] ?? h.heatingStatus}</td>
                        <td>{h.customerName ?? '—'}</td>
                      </tr>
                    ))}
                    {houses.items.length === 0 && (
                      <tr>
                        <td colSpan={5} className="wl-muted">
                          暂无房屋
                        </td>
                      </tr>
                    )}
                  </tbody>
                </table>
              )}
              {!houses && selected.type !== 'unit' && selected.type !== 'community' && (
                <div className="wl-muted wl-bt-houses-hint">选择小区或单元可查看其房屋</div>
              )}
            </>
          ) : (
            <>
              <div className="wl-muted">点击左侧节点查看详情、房屋并维护</div>
              {canWrite && (
                <div className="wl-bt-actions">
                  <label>
                    新增热源
                    <input name="newChild" value={newName} maxLength={64} placeholder="名称" onChange={(e) => setNewName(e.target.value)} />
                  </label>
                  <button
                    type="button"
                    className="wl-bt-button wl-bt-primary"
                    disabled={busy || !newName.trim()}
                    onClick={() =>
                      void run(
                        () =>
                          request({ url: base, method: 'post', data: { type: 'heat_source', name: newName.trim(), reason: '新增节点' } }),
                        `已新增热源“${newName.trim()}”`,
                      ).then((ok) => ok && setNewName(''))
                    }
                  >
                    <i className="fa fa-plus" /> 新增
                  </button>
                </div>
              )}
            </>
          )}
        </div>
      </div>
    </div>
  );
}

Renderer({ type: 'wl-building-tree', autoVar: false })((props: RendererProps) => {
  const data = props.data as { subsidiaryId?: number | string; me?: { permissions?: string[] } };
  const canWrite = (data.me?.permissions ?? []).includes('building:write');
  return <BuildingTree key={String(data.subsidiaryId ?? '')} subsidiaryId={data.subsidiaryId} canWrite={canWrite} />;
});
