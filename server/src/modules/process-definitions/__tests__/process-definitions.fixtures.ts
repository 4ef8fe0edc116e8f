import type { ApiClient, FixtureEnv, RouteFixtures } from '../../../testing/index.js';
import { WORLD_PASSWORD } from '../../../testing/index.js';
import { EXTENSION_POINTS } from '@warmline/process-models';
import { deployableBpmn, extensionBpmn } from './bpmn-samples.js';

const uploadForm = (content: string) => {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(Buffer.from(content))]), 'x.bpmn');
  return form;
};

const deployers = new WeakMap<object, Map<number, Promise<ApiClient>>>();

/** A signed-in user of the target subsidiary allowed to deploy, through a role of its own. */
function deployerOf(env: FixtureEnv): Promise<ApiClient> {
  let perServer = deployers.get(env.server);
  if (!perServer) deployers.set(env.server, (perServer = new Map()));
  let client = perServer.get(env.target.id);
  if (!client) {
    client = (async () => {
      const u = env.unique();
      const role = await env.server.admin.post('/api/roles', {
        code: `fxd_${u}`,
        name: `流程部署${u}`,
        dataScope: 'subtree',
        permissions: ['process:deploy', 'process:read'],
      });
      if (role.status !== 201) throw new Error(`fixture deployer role: ${role.status} ${JSON.stringify(role.body)}`);
      const username = `fxd.${u}`;
      const user = await env.server.admin.post('/api/users', {
        username,
        password: WORLD_PASSWORD,
        displayName: `部署员${u}`,
        orgId: env.target.id,
        roleIds: [role.body.id],
      });
      if (user.status !== 201) throw new Error(`fixture deployer: ${user.status} ${JSON.stringify(user.body)}`);
      return env.server.login(username, WORLD_PASSWORD);
    })();
    perServer.set(env.target.id, client);
  }
  return client;
}

async function deploy(client: ApiClient, processId: string, name: string, model = deployableBpmn): Promise<number> {
  const res = await client.request('POST', '/api/process-definitions', uploadForm(model(processId, name)));
  if (res.status !== 201) throw new Error(`fixture deploy: ${res.status} ${JSON.stringify(res.body)}`);
  return (res.body as { processes: { version: number }[] }).processes[0].version;
}

/**
 * Process definitions are deployed for the caller's own tenant (group-wide for group staff, the
 * subsidiary for subsidiary users), never for one named by the request: the deploy fixture uploads a
 * fresh valid model; the list fixture first deploys one group-wide and an extension process owned by the target.
 */
export const processDefinitionFixtures: RouteFixtures = {
  'processDefinitions.deploy': async (env) => ({
    path: '/api/process-definitions',
    // Subsidiary users deploy only extension processes (docs/decisions/0006).
    upload: {
      field: 'file',
      fileName: 'x.bpmn',
      content: Buffer.from(extensionBpmn(EXTENSION_POINTS.beforeClose, `流程${env.marker}${env.unique()}`)),
    },
  }),
  'processDefinitions.list': async (env) => {
    await deploy(env.server.admin, `fxg_${env.unique()}`, `集团流程${env.marker}`);
    // Subsidiaries deploy only extension processes (docs/decisions/0006-deploy-rules.md).
    await deploy(await deployerOf(env), EXTENSION_POINTS.afterIntake, `分公司扩展流程${env.marker}`, extensionBpmn);
    return { path: '/api/process-definitions?pageSize=200&allVersions=true' };
  },
  'processDefinitions.versions': async (env) => {
    await deploy(await deployerOf(env), EXTENSION_POINTS.beforeHandle, `分公司扩展流程${env.marker}${env.unique()}`, extensionBpmn);
    return { path: `/api/process-definitions/${EXTENSION_POINTS.beforeHandle}/versions` };
  },
  'processDefinitions.xml': async (env) => {
    const version = await deploy(
      await deployerOf(env),
      EXTENSION_POINTS.beforeHandle,
      `分公司扩展流程${env.marker}${env.unique()}`,
      extensionBpmn,
    );
    return { path: `/api/process-definitions/${EXTENSION_POINTS.beforeHandle}/versions/${version}/xml?tenant=${env.target.code}` };
  },
};
