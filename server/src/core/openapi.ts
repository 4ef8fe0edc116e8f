import { z } from 'zod';
import { apiErrorSchema } from '@warmline/contracts';
import { isMutating, type AnyRoute } from './route-table.js';

type Json = Record<string, unknown>;

const jsonSchema = (schema: z.ZodType, io: 'input' | 'output'): Json =>
  z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'openapi-3.0' }) as Json;

function parameters(route: AnyRoute): Json[] {
  const out: Json[] = [];
  for (const [where, schema] of [
    ['path', route.params],
    ['query', route.query],
  ] as const) {
    if (!schema) continue;
    const js = jsonSchema(schema, 'input') as { properties?: Record<string, Json>; required?: string[] };
    for (const [name, prop] of Object.entries(js.properties ?? {})) {
      out.push({ name, in: where, required: where === 'path' || (js.required ?? []).includes(name), schema: prop });
    }
  }
  return out;
}

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/ApiError' } } },
});

/** The OpenAPI 3 document, generated from the same route table and zod schemas that validate requests. */
export function buildOpenApi(routes: AnyRoute[], version: string): Json {
  const paths: Record<string, Record<string, Json>> = {};
  for (const route of routes) {
    const path = `/api${route.path.replace(/:(\w+)/g, '{$1}')}`;
    const op: Json = {
      operationId: route.id,
      summary: route.summary,
      tags: [route.tag],
      parameters: parameters(route),
      responses: {
        [String(route.status ?? 200)]: {
          description: '成功',
          content:
            route.produces === 'xlsx'
              ? { 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: { type: 'string', format: 'binary' } } }
              : route.response
                ? { 'application/json': { schema: jsonSchema(route.response, 'output') } }
                : undefined,
        },
        '400': errorResponse('请求数据有误（字段级错误见 details）'),
        ...(route.access === 'public' ? {} : { '401': errorResponse('未登录或登录已过期'), '403': errorResponse('无权限') }),
        ...(isMutating(route) ? { '409': errorResponse('与当前数据冲突') } : {}),
      },
    };
    if (route.access !== 'public') op.security = [{ bearer: [] }];
    if (route.access !== 'public' && route.access !== 'authenticated') op['x-permission'] = route.access;
    if (route.body) {
      op.requestBody = { required: true, content: { 'application/json': { schema: jsonSchema(route.body, 'input') } } };
    }
    if (route.upload) {
      op.requestBody = {
        required: true,
        content: {
          'multipart/form-data': {
            schema: {
              type: 'object',
              required: [route.upload.field],
              properties: { [route.upload.field]: { type: 'string', format: 'binary' } },
            },
          },
        },
      };
    }
    (paths[path] ??= {})[route.method] = op;
  }
  return {
    openapi: '3.0.3',
    info: { title: 'Warmline API', version, description: '暖线客服工单平台 API。所有错误返回 {code, message, details}。' },
    servers: [{ url: '/' }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: { ApiError: jsonSchema(apiErrorSchema, 'output') },
    },
    paths,
  };
}
