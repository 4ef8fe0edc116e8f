import { z } from 'zod';
import {
  kbArticleCreateBody,
  kbArticleItem,
  kbArticleListQuery,
  kbArticleParams,
  kbArticleUpdateBody,
  kbCategoryCreateBody,
  kbCategoryItem,
  kbCategoryListQuery,
  kbCategoryParams,
  kbCategoryUpdateBody,
  kbDeleteBody,
  pageOf,
} from '@warmline/contracts';
import { defineRoute } from '../../core/route-table.js';
import { createCategory, deleteCategory, listCategories, updateCategory } from './kb-category.service.js';
import { createArticle, deleteArticle, getArticle, listArticles, updateArticle } from './kb-article.service.js';

const cats = '/knowledge-base/categories';
const arts = '/knowledge-base/articles';

/** The knowledge base (知识库, group-wide): a category tree per ticket type with articles; intake picks a category. */
export const knowledgeBaseRoutes = [
  defineRoute({
    id: 'kb.categories.list',
    method: 'get',
    path: cats,
    summary: '知识库分类树（按深度优先展开；可按工单类型筛选）',
    tag: 'knowledge-base',
    access: 'kb:read',
    query: kbCategoryListQuery,
    response: z.array(kbCategoryItem),
    handler: ({ services, query }) => listCategories(services, query),
  }),
  defineRoute({
    id: 'kb.categories.create',
    method: 'post',
    path: cats,
    summary: '新增知识库分类',
    tag: 'knowledge-base',
    access: 'kb:manage',
    body: kbCategoryCreateBody,
    response: kbCategoryItem,
    status: 201,
    handler: ({ services, body, tx, audit }) => createCategory(services, body, tx!, audit),
  }),
  defineRoute({
    id: 'kb.categories.update',
    method: 'patch',
    path: `${cats}/:id`,
    summary: '修改知识库分类（名称、上级、工单类型、排序、启用）',
    tag: 'knowledge-base',
    access: 'kb:manage',
    params: kbCategoryParams,
    body: kbCategoryUpdateBody,
    response: kbCategoryItem,
    handler: ({ services, params, body, tx, audit }) => updateCategory(services, params.id, body, tx!, audit),
  }),
  defineRoute({
    id: 'kb.categories.delete',
    method: 'delete',
    path: `${cats}/:id`,
    summary: '删除知识库分类（须无子分类、无知识条目）',
    tag: 'knowledge-base',
    access: 'kb:manage',
    params: kbCategoryParams,
    body: kbDeleteBody,
    handler: async ({ services, params, body, tx, audit }) => {
      await deleteCategory(services, params.id, tx!, audit, body.reason);
      return undefined;
    },
  }),
  defineRoute({
    id: 'kb.articles.list',
    method: 'get',
    path: arts,
    summary: '知识条目检索（标题、关键词；按分类含下级或按工单类型）',
    tag: 'knowledge-base',
    access: 'kb:read',
    query: kbArticleListQuery,
    response: pageOf(kbArticleItem),
    handler: ({ services, query }) => listArticles(services, query),
  }),
  defineRoute({
    id: 'kb.articles.get',
    method: 'get',
    path: `${arts}/:id`,
    summary: '知识条目详情',
    tag: 'knowledge-base',
    access: 'kb:read',
    params: kbArticleParams,
    query: z.strictObject({}),
    response: kbArticleItem,
    handler: ({ services, params }) => getArticle(services, params.id),
  }),
  defineRoute({
    id: 'kb.articles.create',
    method: 'post',
    path: arts,
    summary: '新增知识条目',
    tag: 'knowledge-base',
    access: 'kb:manage',
    body: kbArticleCreateBody,
    response: kbArticleItem,
    status: 201,
    handler: ({ services, body, tx, audit }) => createArticle(services, body, tx!, audit),
  }),
  defineRoute({
    id: 'kb.articles.update',
    method: 'patch',
    path: `${arts}/:id`,
    summary: '修改知识条目',
    tag: 'knowledge-base',
    access: 'kb:manage',
    params: kbArticleParams,
    body: kbArticleUpdateBody,
    response: kbArticleItem,
    handler: ({ services, params, body, tx, audit }) => updateArticle(services, params.id, body, tx!, audit),
  }),
  defineRoute({
    id: 'kb.articles.delete',
    method: 'delete',
    path: `${arts}/:id`,
    summary: '删除知识条目',
    tag: 'knowledge-base',
    access: 'kb:manage',
    params: kbArticleParams,
    body: kbDeleteBody,
    handler: async ({ services, params, body, tx, audit }) => {
      await deleteArticle(services, params.id, tx!, audit, body.reason);
      return undefined;
    },
  }),
];
