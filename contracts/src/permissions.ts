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
  'task:work': '办理待办任务',
  'calendar:read': '查看工作日历',
  'calendar:manage': '维护工作日历与节假日',
  'sla:read': '查看时限规则',
  'sla:manage': '维护时限规则',
  'approval-chain:read': '查看审批链配置',
  'approval-chain:manage': '维护审批链配置',
  'ticket:act': '办理工单（派单、确认、接单、处理、回访、申请与督办）',
  'ticket:create': '受理工单',
  'ticket:read': '查看工单',
  'ticket-type:manage': '维护工单类型',
  'kb:read': '查看知识库',
  'kb:manage': '维护知识库',
  'page:manage': '维护页面配置',
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
      'task:work',
      'process:read',
      // Subsidiaries author and deploy their own extension processes (deploy rules: docs/decisions/0006).
      'process:deploy',
      'calendar:read',
      'sla:read',
      'approval-chain:read',
      'ticket:create',
      // Subsidiary admins assign every subsidiary role, so they hold its permissions (no privilege escalation).
      'ticket:act',
      'ticket:read',
      'kb:read',
    ],
  },
  {
    code: 'agent',
    name: '坐席',
    dataScope: 'subtree',
    permissions: [
      'org:read',
      'dict:read',
      'building:read',
      'house:read',
      'house:write',
      'task:work',
      'ticket:act',
      'ticket:create',
      'ticket:read',
      'kb:read',
    ],
  },
  {
    code: 'supervisor',
    name: '班长',
    dataScope: 'subtree',
    permissions: [
      'org:read',
      'user:read',
      'dict:read',
      'building:read',
      'house:read',
      'house:write',
      'audit:read',
      'task:work',
      'ticket:act',
      'ticket:create',
      'ticket:read',
      'kb:read',
    ],
  },
  {
    code: 'station_head',
    name: '维修站负责人',
    dataScope: 'subtree',
    permissions: ['org:read', 'user:read', 'dict:read', 'building:read', 'house:read', 'task:work', 'ticket:act', 'ticket:read', 'kb:read'],
  },
  {
    code: 'repair_worker',
    name: '维修人员',
    dataScope: 'self',
    permissions: ['dict:read', 'building:read', 'house:read', 'task:work', 'ticket:act', 'ticket:read', 'kb:read'],
  },
  {
    code: 'grid_worker',
    name: '网格员',
    dataScope: 'self',
    permissions: ['dict:read', 'building:read', 'house:read', 'task:work', 'ticket:act', 'ticket:read', 'kb:read'],
  },
  {
    code: 'leader',
    name: '领导',
    dataScope: 'subtree',
    permissions: [
      'task:work',
      'ticket:act',
      'org:read',
      'user:read',
      'role:read',
      'dict:read',
      'building:read',
      'house:read',
      'audit:read',
      'calendar:read',
      'sla:read',
      'ticket:read',
      'kb:read',
    ],
  },
];
