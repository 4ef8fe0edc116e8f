import type { PageListItem } from '../api/console-types';

export interface MenuGroup {
  name: string;
  pages: PageListItem[];
}

/** The menu: pages with a `menu`, grouped in the order the server sorted them (group, then order). */
export function menuGroups(pages: PageListItem[]): MenuGroup[] {
  const groups: MenuGroup[] = [];
  for (const page of pages) {
    if (!page.menu) continue;
    let group = groups.find((g) => g.name === page.menu!.group);
    if (!group) groups.push((group = { name: page.menu.group, pages: [] }));
    group.pages.push(page);
  }
  return groups;
}
