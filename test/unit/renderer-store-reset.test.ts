import { describe, expect, it } from 'vitest';
import { useDetailStore } from '../../renderer/stores/detailStore';
import { withoutKey } from '../../renderer/stores/fieldIssues';

describe('withoutKey', () => {
  it('drops one key and keeps the same record when the key is not there', () => {
    const record = { a: 1, b: 2 };
    expect(withoutKey(record, 'a')).toEqual({ b: 2 });
    expect(record).toEqual({ a: 1, b: 2 });
    expect(withoutKey(record, 'c')).toBe(record);
  });
});

describe('detail close', () => {
  it('leaves nothing of the closed payment behind, checks included', () => {
    useDetailStore.setState({
      outTradeNo: 'T01A-260101000000-0001AB',
      checking: true,
      checkProblem: { code: 'network' } as never,
      refundChecks: { R1: true },
      refundCheckProblem: { code: 'network' } as never,
      lastRefundNo: 'R1',
      refundMaybeSent: true,
    });
    useDetailStore.getState().close();
    expect(useDetailStore.getState()).toMatchObject({
      outTradeNo: null,
      detail: null,
      loading: false,
      problem: null,
      checking: false,
      checkProblem: null,
      refundChecks: {},
      refundCheckProblem: null,
      refundForm: null,
      lastRefundNo: null,
      refundMaybeSent: false,
    });
  });
});
