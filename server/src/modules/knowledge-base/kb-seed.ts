import type { Services } from '../../services.js';
import { kbArticleModel, kbCategoryModel } from './kb.model.js';

export interface KbSeedCategory {
  code: string;
  name: string;
  ticketType?: string;
  children?: KbSeedCategory[];
  articles?: { title: string; content: string; keywords: string[] }[];
}

/**
 * Seed knowledge-base categories and articles (demo data). A category whose code exists is left
 * alone with its articles, so a second run adds nothing. Answers how many categories were added.
 */
export async function seedKnowledgeBase(services: Services, tree: readonly KbSeedCategory[]): Promise<number> {
  const db = services.dbs.group;
  return db.transaction(async (transaction) => {
    let added = 0;
    const walk = async (nodes: readonly KbSeedCategory[], parentId: number | null, inheritedType: string | null) => {
      for (const [i, n] of nodes.entries()) {
        const type = n.ticketType ?? inheritedType;
        let row = await kbCategoryModel(db).findOne({ where: { code: n.code }, transaction });
        if (!row) {
          row = await kbCategoryModel(db).create(
            { parent_id: parentId, code: n.code, name: n.name, ticket_type: type, sort: (i + 1) * 10, enabled: true },
            { transaction },
          );
          added += 1;
          for (const a of n.articles ?? []) {
            await kbArticleModel(db).create(
              { category_id: row.id, title: a.title, content: a.content, keywords: a.keywords.join(' '), enabled: true },
              { transaction },
            );
          }
        }
        await walk(n.children ?? [], row.id, type);
      }
    };
    await walk(tree, null, null);
    return added;
  });
}
