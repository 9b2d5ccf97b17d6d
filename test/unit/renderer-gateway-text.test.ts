// The gateway texts with a placeholder are filled by i18next's interpolation, in the language asked
// for (whatever the app's i18n instance is set to, and before it is set up at all).
import { describe, expect, it } from 'vitest';
import { kindName, profileLabel, testText } from '../../renderer/components/backoffice/gatewayText';

describe('gateway texts with placeholders', () => {
  it("names a training profile by its simulator's kind, in either language", () => {
    expect(profileLabel('training-storepay', {}, 'en')).toBe(`Training simulator: ${kindName('storepay', 'en')}`);
    expect(profileLabel('training-umf', {}, 'zh-CN')).toBe(`培训模拟器：${kindName('umf', 'zh-CN')}`);
    expect(profileLabel('training-newpay', {}, 'en')).toBe('Training simulator: newpay');
    expect(profileLabel('training-umf', { 'training-umf': 'Till 2' }, 'en')).toBe('Till 2');
    expect(profileLabel('p-123', {}, 'zh-CN')).toBe('p-123');
  });

  it('puts an unlisted connection-test code into the sentence as it is', () => {
    expect(testText({ ok: false, at: '', code: 'weird' }, 'en')).toBe('The test did not pass (code weird).');
    expect(testText({ ok: false, at: '', code: 'weird' }, 'zh-CN')).toBe('测试未通过（代码 weird）。');
    expect(testText({ ok: false, at: '' }, 'en')).toBe('The test did not pass (code ?).');
    // no HTML escaping (React escapes) and no replacement patterns ("$&" stays "$&")
    expect(testText({ ok: false, at: '', code: '<b>$&</b>' }, 'en')).toBe('The test did not pass (code <b>$&</b>).');
  });
});
