import { processTestRunResult } from '@warmline/contracts';
import { defineRoute } from '../../core/route-table.js';
import { parseTestRunInput, testRunProcessFile } from './process-test-run.service.js';

export const processTestRunRoutes = [
  defineRoute({
    id: 'processDefinitions.testRun',
    method: 'post',
    path: '/process-definitions/test-run',
    summary:
      '试运行流程模型（上传 BPMN 文件，multipart 字段 input 为 JSON：variables 启动变量、answers 各用户任务的完成数据、jobOutputs 各作业类型的模拟输出）：先做与部署相同的检查，再在临时引擎中运行一次；不部署，不改变任何数据',
    tag: 'process-definitions',
    access: 'process:deploy',
    upload: { field: 'file', extensions: ['bpmn', 'xml'] },
    response: processTestRunResult,
    // A computation (POST only to carry the file): it deploys nothing and changes no data, so there is nothing to audit.
    audit: 'self-audited',
    handler: ({ services, user, file, req }) => {
      const input = parseTestRunInput(req.query, req.body);
      return testRunProcessFile(services, user, file!, input);
    },
  }),
];
