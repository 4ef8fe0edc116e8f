import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkFormSchema, formSchemaProblems, formTitle } from '../index.js';

test('given a broken form, when checked, then each problem names its place with a Chinese and an English text', () => {
  // given
  const raw = {
    type: 'default',
    id: 'other-id',
    schemaVersion: 19,
    components: [
      { type: 'textfield', key: 'a', label: '甲' },
      { type: 'group', components: [{ type: 'textfield', key: 'a', label: '乙' }] },
      { type: 'number', key: 'bad key', label: '丙' },
      { type: 'button', key: 'submit', label: '提交' },
      { type: 'select', key: 's', label: '戊' },
    ],
  };
  // when
  const problems = formSchemaProblems(raw, 'my-form');
  // then
  assert.deepEqual(
    problems.map((p) => [p.path, p.zh]),
    [
      ['id', '表单编号「other-id」与应有的编号「my-form」不一致'],
      ['components.1.components.0.key', '字段标识「a」重复了，每个字段的标识必须不同'],
      ['components.2.key', '「丙」（数字）的字段标识必须是以字母开头的英文字母、数字或下划线'],
      [
        'components.3.type',
        '组件类型「button」不受支持（可用：文本类输入、数字、复选框、单选、下拉、多选、标签、日期时间、说明文字、分组等）',
      ],
      ['components.4.values', '「戊」的选项来源只能是一种：静态选项、输入变量或表达式'],
    ],
  );
  // The English list is the same problems, as the file loader has always reported them.
  assert.deepEqual(
    checkFormSchema(raw, 'my-form'),
    problems.map((p) => p.en),
  );
  assert.equal(problems[1].en, 'components[1].components[0] (a): duplicate key');
  assert.deepEqual(formSchemaProblems(null), [{ path: '', en: 'the schema is not a JSON object', zh: '表单定义必须是 JSON 对象' }]);
});

test('given a form, then its title is the first heading of its first text, else its id', () => {
  assert.equal(formTitle({ id: 'f', components: [{ type: 'text', text: '说明\n\n### 派单\n\n正文' }] }), '派单');
  assert.equal(formTitle({ id: 'f', components: [{ type: 'textfield', key: 'a', label: '甲' }] }), 'f');
});
