import { expect } from 'chai';
import { DEFAULT_RETRY_POLICY, withRetry } from '../../lib';
import { backoffDelay } from '../../lib/retry/retry-policy';

describe('Faults | the retry policy', () => {
  it('waits at random up to a cap that doubles from the first wait to the largest', () => {
    const policy = { attempts: 10, initialDelayMs: 20, maxDelayMs: 100 };

    expect([1, 2, 3, 4, 5].map((retry) => backoffDelay(policy, retry, () => 0.999))).to.deep.equal([
      19, 39, 79, 99, 99,
    ]);
    expect(backoffDelay(policy, 3, () => 0)).to.equal(0);
  });

  it('runs four times at most by default', () => {
    expect(DEFAULT_RETRY_POLICY).to.deep.equal({
      attempts: 4,
      initialDelayMs: 20,
      maxDelayMs: 500,
    });
  });

  it('refuses a policy that could not run, before running anything', async () => {
    let runs = 0;
    const run = async () => (runs += 1);
    for (const policy of [
      { attempts: 0, initialDelayMs: 1, maxDelayMs: 1 },
      { attempts: 2, initialDelayMs: -1, maxDelayMs: 1 },
    ]) {
      const error = await withRetry(run, policy).catch((thrown: unknown) => thrown);
      expect(error)
        .to.be.instanceOf(Error)
        .with.property('message')
        .that.matches(/^RetryPolicy\./);
    }
  });
});
