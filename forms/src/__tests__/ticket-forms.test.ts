import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formVariableNames, loadForm, validateSubmission, type ValidationResult } from '../index.js';

/** Submit `data` to the shipped form `id` with process variables `context`. */
const submit = (id: string, data: Record<string, unknown>, context: Record<string, unknown> = {}): ValidationResult => {
  const form = loadForm(id);
  assert.ok(form, `form ${id} exists`);
  return validateSubmission(form, data, context);
};
const ok = (r: ValidationResult) => {
  assert.ok(r.ok, `expected valid, got ${JSON.stringify(r)}`);
  return r.values;
};
const errors = (r: ValidationResult) => {
  assert.ok(!r.ok, 'expected invalid');
  return Object.fromEntries(r.errors.map((e) => [e.field, e.message]));
};

describe('ticket-dispatch (派单)', () => {
  test('given a station and a note, when submitted, then both are the output', () => {
    assert.deepEqual(ok(submit('ticket-dispatch', { stationId: 12, dispatchNote: '用户下午在家' })), {
      stationId: 12,
      dispatchNote: '用户下午在家',
    });
  });
  test('given no station, a fractional or a text station, when submitted, then 「维修站」 is refused', () => {
    assert.deepEqual(errors(submit('ticket-dispatch', {})), { stationId: '「维修站」为必填项' });
    assert.deepEqual(errors(submit('ticket-dispatch', { stationId: 1.5 })), { stationId: '「维修站」必须是整数' });
    assert.deepEqual(errors(submit('ticket-dispatch', { stationId: '12' })), { stationId: '「维修站」必须是数字' });
    assert.deepEqual(errors(submit('ticket-dispatch', { stationId: 0 })), { stationId: '「维修站」不能小于 1' });
  });
  test('given an over-long note, when submitted, then 「派单说明」 is refused', () => {
    assert.deepEqual(errors(submit('ticket-dispatch', { stationId: 1, dispatchNote: '长'.repeat(501) })), {
      dispatchNote: '「派单说明」不能超过 500 个字',
    });
  });
});

describe('ticket-skip-level (越级投诉处置)', () => {
  test('given the group resolved it, when submitted without a station, then valid and the station is not output', () => {
    assert.deepEqual(ok(submit('ticket-skip-level', { takeoverDecision: 'resolved', takeoverNote: '已电话安抚并协调', stationId: 3 })), {
      takeoverDecision: 'resolved',
      takeoverNote: '已电话安抚并协调',
    });
  });
  test('given dispatch, when the station is missing, then 「维修站」为必填项', () => {
    assert.deepEqual(errors(submit('ticket-skip-level', { takeoverDecision: 'dispatch', takeoverNote: '转站部处理' })), {
      stationId: '「维修站」为必填项',
    });
    assert.deepEqual(ok(submit('ticket-skip-level', { takeoverDecision: 'dispatch', takeoverNote: '转站部处理', stationId: 7 })), {
      takeoverDecision: 'dispatch',
      takeoverNote: '转站部处理',
      stationId: 7,
    });
  });
  test('given no note or an unknown decision, when submitted, then both are refused', () => {
    assert.deepEqual(errors(submit('ticket-skip-level', { takeoverDecision: 'ignore' })), {
      takeoverDecision: '「处置方式」的取值不在可选项中',
      takeoverNote: '「处置说明」为必填项',
    });
  });
});

describe('ticket-station-confirm (站部确认)', () => {
  test('given assign, when a worker is given, then decision, worker and note are output', () => {
    assert.deepEqual(ok(submit('ticket-station-confirm', { confirmDecision: 'assign', workerId: 42, confirmNote: '优先处理' })), {
      confirmDecision: 'assign',
      workerId: 42,
      confirmNote: '优先处理',
    });
  });
  test('given assign, when the worker is missing, then 「维修人员」为必填项 (and a return reason is not asked)', () => {
    assert.deepEqual(errors(submit('ticket-station-confirm', { confirmDecision: 'assign' })), { workerId: '「维修人员」为必填项' });
  });
  test('given return, when the reason is missing, then 「退回原因」为必填项 and the worker is not asked', () => {
    assert.deepEqual(errors(submit('ticket-station-confirm', { confirmDecision: 'return' })), { returnReason: '「退回原因」为必填项' });
    assert.deepEqual(ok(submit('ticket-station-confirm', { confirmDecision: 'return', returnReason: '地址不在本站辖区', workerId: 42 })), {
      confirmDecision: 'return',
      returnReason: '地址不在本站辖区',
    });
  });
  test('given closeDirectly, when nothing else is given, then valid', () => {
    assert.deepEqual(ok(submit('ticket-station-confirm', { confirmDecision: 'closeDirectly' })), { confirmDecision: 'closeDirectly' });
  });
  test('given no decision, when submitted, then only the decision is required', () => {
    assert.deepEqual(errors(submit('ticket-station-confirm', {})), { confirmDecision: '「确认结果」为必填项' });
  });
});

describe('ticket-worker-accept (接单)', () => {
  test('given accept, when submitted, then valid', () => {
    assert.deepEqual(ok(submit('ticket-worker-accept', { acceptDecision: 'accept' })), { acceptDecision: 'accept' });
  });
  test('given reject, when no reason or a one-character reason, then 「拒绝原因」 is refused', () => {
    assert.deepEqual(errors(submit('ticket-worker-accept', { acceptDecision: 'reject' })), { rejectReason: '「拒绝原因」为必填项' });
    assert.deepEqual(errors(submit('ticket-worker-accept', { acceptDecision: 'reject', rejectReason: '忙' })), {
      rejectReason: '「拒绝原因」至少需要 2 个字',
    });
    assert.deepEqual(ok(submit('ticket-worker-accept', { acceptDecision: 'reject', rejectReason: '正在处理另一起抢修' })), {
      acceptDecision: 'reject',
      rejectReason: '正在处理另一起抢修',
    });
  });
});

describe('ticket-handle (处理)', () => {
  const resolved = {
    handleResult: 'resolved',
    resultDescription: '更换暖气阀门，室温恢复',
    parts: '阀门 1 个',
    durationMinutes: 45,
    indoorTemperature: 20.5,
    satisfaction: 'basicallySatisfied',
    signatureFileId: 'f_2026_0001',
  };
  test('given a resolved visit with every field, when submitted, then all are output', () => {
    assert.deepEqual(ok(submit('ticket-handle', resolved)), resolved);
  });
  test('given resolved, when satisfaction is missing, then 「用户现场满意度」为必填项', () => {
    const { satisfaction: _s, ...rest } = resolved;
    assert.deepEqual(errors(submit('ticket-handle', rest)), { satisfaction: '「用户现场满意度」为必填项' });
  });
  test('given unresolved, when the reason is missing, then 「未解决原因」为必填项 and satisfaction is not asked (and dropped)', () => {
    const data = { handleResult: 'unresolved', resultDescription: '管网问题需热源厂处理', satisfaction: 'satisfied' };
    assert.deepEqual(errors(submit('ticket-handle', data)), { unresolvedReason: '「未解决原因」为必填项' });
    assert.deepEqual(ok(submit('ticket-handle', { ...data, unresolvedReason: '需停热检修主管道' })), {
      handleResult: 'unresolved',
      resultDescription: '管网问题需热源厂处理',
      unresolvedReason: '需停热检修主管道',
    });
  });
  test('given out-of-range duration and temperature, when submitted, then each is refused with its bounds', () => {
    assert.deepEqual(errors(submit('ticket-handle', { ...resolved, durationMinutes: 0, indoorTemperature: 40.5 })), {
      durationMinutes: '「处理用时（分钟）」不能小于 1',
      indoorTemperature: '「室内温度（℃）」不能大于 40',
    });
    assert.deepEqual(errors(submit('ticket-handle', { ...resolved, durationMinutes: 1441, indoorTemperature: -10.5 })), {
      durationMinutes: '「处理用时（分钟）」不能大于 1440',
      indoorTemperature: '「室内温度（℃）」不能小于 -10',
    });
    assert.deepEqual(errors(submit('ticket-handle', { ...resolved, durationMinutes: 30.5, indoorTemperature: 18.25 })), {
      durationMinutes: '「处理用时（分钟）」必须是整数',
      indoorTemperature: '「室内温度（℃）」最多保留 1 位小数',
    });
  });
  test('given a signature id with a path in it, when submitted, then 「用户签字」 is refused with the pattern message', () => {
    assert.deepEqual(errors(submit('ticket-handle', { ...resolved, signatureFileId: '../etc/passwd' })), {
      signatureFileId: '「用户签字」只能包含字母、数字、下划线和短横线',
    });
  });
  test('given a result description missing and an unknown satisfaction, when submitted, then both are refused', () => {
    assert.deepEqual(errors(submit('ticket-handle', { handleResult: 'resolved', satisfaction: 'happy' })), {
      resultDescription: '「处理情况」为必填项',
      satisfaction: '「用户现场满意度」的取值不在可选项中',
    });
  });
});

describe('ticket-callback (回访)', () => {
  test('given a repair ticket, when satisfied with a payment reminder, then valid', () => {
    assert.deepEqual(
      ok(
        submit(
          'ticket-callback',
          { callbackOutcome: 'satisfied', callbackNote: '用户表示满意', remindPayment: true },
          { isConsultation: false },
        ),
      ),
      {
        callbackOutcome: 'satisfied',
        callbackNote: '用户表示满意',
        remindPayment: true,
      },
    );
  });
  test('given a repair ticket, when closeWithoutCallback is chosen, then refused: the option exists only for consultations', () => {
    assert.deepEqual(errors(submit('ticket-callback', { callbackOutcome: 'closeWithoutCallback' }, { isConsultation: false })), {
      callbackOutcome: '「回访结果」的取值不在可选项中',
    });
    assert.deepEqual(errors(submit('ticket-callback', { callbackOutcome: 'closeWithoutCallback' })), {
      callbackOutcome: '「回访结果」的取值不在可选项中',
    });
  });
  test('given a consultation ticket, when closeWithoutCallback is chosen, then valid', () => {
    assert.deepEqual(ok(submit('ticket-callback', { callbackOutcome: 'closeWithoutCallback' }, { isConsultation: true })), {
      callbackOutcome: 'closeWithoutCallback',
    });
  });
  test('given no outcome and a text reminder flag, when submitted, then both are refused', () => {
    assert.deepEqual(errors(submit('ticket-callback', { remindPayment: 'yes' })), {
      callbackOutcome: '「回访结果」为必填项',
      remindPayment: '「已提醒用户缴纳热费」只能是“是”或“否”',
    });
  });
  test('given the form, then the client is told it needs isConsultation', () => {
    assert.deepEqual(formVariableNames(loadForm('ticket-callback')!), [
      'callbackNote',
      'callbackOutcome',
      'isConsultation',
      'remindPayment',
    ]);
  });
});

describe('approval-decision (审批)', () => {
  test('given approve, when no comment, then valid', () => {
    assert.deepEqual(ok(submit('approval-decision', { decision: 'approve' })), { decision: 'approve' });
  });
  test('given reject, when no comment, then 「驳回意见」为必填项', () => {
    assert.deepEqual(errors(submit('approval-decision', { decision: 'reject' })), { comment: '「驳回意见」为必填项' });
    assert.deepEqual(ok(submit('approval-decision', { decision: 'reject', comment: '延时理由不充分' })), {
      decision: 'reject',
      comment: '延时理由不充分',
    });
  });
  test('given an unknown decision and an extra field, when submitted, then both are refused', () => {
    assert.deepEqual(errors(submit('approval-decision', { decision: 'maybe', approved: true })), {
      decision: '「审批结果」的取值不在可选项中',
      approved: '表单中没有此字段',
    });
  });
});

describe('supervision-report (督办反馈)', () => {
  test('given progress only, when submitted, then valid and the result is not asked', () => {
    assert.deepEqual(ok(submit('supervision-report', { progress: '已联系热源厂', done: false })), {
      progress: '已联系热源厂',
      done: false,
    });
  });
  test('given done, when no result, then 「办理结果」为必填项', () => {
    assert.deepEqual(errors(submit('supervision-report', { progress: '已完成维修', done: true })), { result: '「办理结果」为必填项' });
    assert.deepEqual(ok(submit('supervision-report', { progress: '已完成维修', done: true, result: '用户室温达标' })), {
      progress: '已完成维修',
      done: true,
      result: '用户室温达标',
    });
  });
  test('given no progress, when submitted, then 「办理进展」为必填项', () => {
    assert.deepEqual(errors(submit('supervision-report', {})), { progress: '「办理进展」为必填项' });
  });
});

describe('supervision-review (督办审核)', () => {
  test('given accept or reject with a comment, when submitted, then valid', () => {
    assert.deepEqual(ok(submit('supervision-review', { reviewDecision: 'accept' })), { reviewDecision: 'accept' });
    assert.deepEqual(ok(submit('supervision-review', { reviewDecision: 'reject', reviewComment: '请补充现场照片' })), {
      reviewDecision: 'reject',
      reviewComment: '请补充现场照片',
    });
  });
  test('given no decision, when submitted, then 「审核结果」为必填项', () => {
    assert.deepEqual(errors(submit('supervision-review', { reviewComment: '无' })), { reviewDecision: '「审核结果」为必填项' });
  });
});
