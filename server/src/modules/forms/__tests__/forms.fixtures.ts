import type { RouteFixtures } from '../../../testing/index.js';
import { fixtureForm, sampleFormSchema } from './form-samples.js';

export const formFixtures: RouteFixtures = {
  'forms.list': async (env) => ({ path: `/api/forms?q=${await fixtureForm(env)}` }),
  'forms.get': async (env) => ({ path: `/api/forms/${await fixtureForm(env)}` }),
  'forms.save': async (env) => {
    const formId = await fixtureForm(env);
    return {
      path: `/api/forms/${formId}`,
      body: { name: `改过的表单${env.marker}`, schema: sampleFormSchema(formId), comment: '测试保存' },
    };
  },
  'forms.versions.list': async (env) => ({ path: `/api/forms/${await fixtureForm(env)}/versions` }),
  'forms.versions.get': async (env) => ({ path: `/api/forms/${await fixtureForm(env)}/versions/1` }),
  'forms.rollback': async (env) => ({ path: `/api/forms/${await fixtureForm(env)}/rollback`, body: { version: 1, comment: '测试回滚' } }),
};
