import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { loadConfig } from '../../../config.js';
import { readShippedPages } from '../shipped-page-files.js';
import { samplePageSchema } from './page-samples.js';
import { pageDir, writePageFile } from './page-files.js';

test('given the repository admin/pages folder, when read, then every shipped page file is valid', () => {
  const dir = loadConfig({}).pagesDir;
  assert.equal(dir, path.resolve(import.meta.dirname, '../../../../../admin/pages'));
  const pages = readShippedPages(dir);
  assert.equal(new Set(pages.map((p) => p.key)).size, pages.length);
});

test('given no folder, when read, then there are no shipped pages', () => {
  assert.deepEqual(readShippedPages(path.join(pageDir(), 'missing')), []);
});

test('given valid files, when read, then they come back in key order with menu defaults', () => {
  const dir = pageDir();
  writePageFile(dir, {
    key: 'b-page',
    title: '乙',
    permission: null,
    menu: { group: '组', icon: 'fa fa-list' },
    schema: samplePageSchema('乙'),
  });
  writePageFile(dir, { key: 'a-page', title: '甲', schema: samplePageSchema('甲') });
  fs.writeFileSync(path.join(dir, 'README.md'), 'not a page');
  const pages = readShippedPages(dir);
  assert.deepEqual(
    pages.map((p) => [p.key, p.permission ?? null, p.menu ?? null]),
    [
      ['a-page', null, null],
      ['b-page', null, { group: '组', icon: 'fa fa-list', order: 0 }],
    ],
  );
});

test('given a broken file, when read, then the error names the file and the field', () => {
  const cases: [string, string, RegExp][] = [
    ['bad-json', '{ "key": ', /bad-json\.json.*JSON/s],
    [
      'bad-perm',
      JSON.stringify({ key: 'bad-perm', title: '页', permission: 'no:such', schema: samplePageSchema('页') }),
      /bad-perm\.json[\s\S]*permission/,
    ],
    ['not-page', JSON.stringify({ key: 'not-page', title: '页', schema: { type: 'form' } }), /not-page\.json[\s\S]*schema\.type/],
    ['extra', JSON.stringify({ key: 'extra', title: '页', schema: samplePageSchema('页'), colour: 'red' }), /extra\.json[\s\S]*colour/],
    ['renamed', JSON.stringify({ key: 'other-key', title: '页', schema: samplePageSchema('页') }), /renamed\.json.*does not match/],
  ];
  for (const [name, content, expected] of cases) {
    const dir = pageDir();
    fs.writeFileSync(path.join(dir, `${name}.json`), content);
    assert.throws(() => readShippedPages(dir), expected, name);
  }
});
