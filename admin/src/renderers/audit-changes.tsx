import { Renderer, type RendererProps } from 'amis';

/** Chinese names of the fields audit records hold (rows are stored as the API or the database names them). */
const FIELD_LABELS: Record<string, string> = {
  id: '编号',
  key: '标识',
  code: '编码',
  name: '名称',
  title: '标题',
  label: '名称',
  type: '类型',
  parentId: '上级',
  path: '路径',
  depth: '层级',
  sort: '排序',
  enabled: '启用',
  areaCode: '区号',
  dbName: '数据库',
  subsidiaryId: '所属分公司',
  username: '用户名',
  displayName: '姓名',
  orgId: '所属组织',
  orgName: '所属组织',
  roleIds: '角色',
  roles: '角色',
  mobile: '手机号',
  agentNo: '坐席工号',
  ipPhone: 'IP 话机',
  mobileDeviceId: '移动设备',
  lockedUntil: '锁定至',
  description: '说明',
  dataScope: '数据范围',
  permissions: '权限',
  permission: '所需权限',
  builtin: '内置',
  core: '核心项',
  category: '所属字典',
  extra: '附加属性',
  menu: '菜单',
  menuJson: '菜单',
  version: '版本',
  source: '来源',
  comment: '说明',
  schema: '页面配置',
  status: '状态',
  createdAt: '创建时间',
  updatedAt: '修改时间',
  orgUnits: '组织数',
  users: '用户数',
  houses: '房屋数',
  households: '住户数',
  customers: '热用户数',
  phones: '号码数',
  communities: '小区数',
  buildingNodes: '楼宇节点数',
  heatSources: '热源数',
};

const HIDDEN = new Set(['passwordHash', 'password']);

const camel = (key: string) => key.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());

function show(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (Array.isArray(value) && value.every((v) => typeof v !== 'object')) return value.length ? value.join('、') : '（空）';
  if (typeof value === 'object') {
    const text = JSON.stringify(value);
    return text.length > 160 ? `（结构化内容，${text.length} 字符）` : text;
  }
  return String(value);
}

const asRecord = (v: unknown): Record<string, unknown> =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

/** 变更内容 (`type: "wl-audit-changes"`): the fields an audit record changed, before and after, with Chinese names. */
export function AuditChanges({ before, after }: { before: unknown; after: unknown }) {
  const b = asRecord(before);
  const a = asRecord(after);
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((k) => !HIDDEN.has(camel(k)));
  const rows = keys.filter((k) => JSON.stringify(b[k]) !== JSON.stringify(a[k]) || !(k in b) || !(k in a));
  if (!rows.length) return <div className="wl-empty">此操作没有记录字段变化</div>;
  return (
    <table className="wl-table wl-audit-changes">
      <thead>
        <tr>
          <th>字段</th>
          <th>变更前</th>
          <th>变更后</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((k) => (
          <tr key={k}>
            <td>{FIELD_LABELS[camel(k)] ?? `字段 ${k}`}</td>
            <td>{k in b ? show(b[k]) : '—'}</td>
            <td>{k in a ? show(a[k]) : '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

Renderer({ type: 'wl-audit-changes', autoVar: false })((props: RendererProps) => {
  const data = props.data as { before?: unknown; after?: unknown };
  return <AuditChanges before={data.before} after={data.after} />;
});
