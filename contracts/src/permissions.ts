/** Permission codes. Roles hold lists of these; every route names the one it needs. */
export const PERMISSIONS = {
  'org:read': '查看组织架构',
  'org:write': '维护组织架构',
  'user:read': '查看用户',
  'user:write': '维护用户',
  'role:read': '查看角色',
  'role:write': '维护角色与权限',
  'dict:read': '查看字典',
  'dict:write': '维护字典',
  'building:read': '查看楼宇信息',
  'building:write': '维护楼宇信息',
  'house:read': '查看房屋与热用户',
  'house:write': '维护房屋与热用户',
  'audit:read': '查看操作日志',
  'login-log:read': '查看登录日志',
  'process:read': '查看流程定义',
  'process:deploy': '部署流程定义',
} as const;

export type Permission = keyof typeof PERMISSIONS;
export const PERMISSION_CODES = Object.keys(PERMISSIONS) as Permission[];

export const DATA_SCOPES = { subtree: '本组织及下级', self: '仅本人' } as const;
export type DataScope = keyof typeof DATA_SCOPES;

/** The roles every installation starts with (builtin: renaming allowed, deleting not). */
export const BUILTIN_ROLES: ReadonlyArray<{
  code: string;
  name: string;
  dataScope: DataScope;
  permissions: readonly Permission[];
}> = [
  { code: 'group_admin', name: '集团管理员', dataScope: 'subtree', permissions: PERMISSION_CODES },
  {
    code: 'subsidiary_admin',
    name: '子公司管理员',
    dataScope: 'subtree',
    permissions: [
      'org:read',
      'org:write',
      'user:read',
      'user:write',
      'role:read',
      'dict:read',
      'building:read',
      'building:write',
      'house:read',
      'house:write',
      'audit:read',
      'login-log:read',
      'process:read',
    ],
  },
  {
    code: 'agent',
    name: '坐席',
    dataScope: 'subtree',
    permissions: ['org:read', 'dict:read', 'building:read', 'house:read', 'house:write'],
  },
  {
    code: 'supervisor',
    name: '班长',
    dataScope: 'subtree',
    permissions: ['org:read', 'user:read', 'dict:read', 'building:read', 'house:read', 'house:write', 'audit:read'],
  },
  {
    code: 'station_head',
    name: '维修站负责人',
    dataScope: 'subtree',
    permissions: ['org:read', 'user:read', 'dict:read', 'building:read', 'house:read'],
  },
  { code: 'repair_worker', name: '维修人员', dataScope: 'self', permissions: ['dict:read', 'building:read', 'house:read'] },
  { code: 'grid_worker', name: '网格员', dataScope: 'self', permissions: ['dict:read', 'building:read', 'house:read'] },
  {
    code: 'leader',
    name: '领导',
    dataScope: 'subtree',
    permissions: ['org:read', 'user:read', 'role:read', 'dict:read', 'building:read', 'house:read', 'audit:read'],
  },
];
