import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PublisherError, type PublisherErrorKind } from '../../../src/adapters/platforms/publisher-error.js';
import type { Fault, RuleSchedule } from '../../fakes/fault-injection.js';
import { failureOf } from './platform-test-helpers.js';

export interface ExpectedFailure {
  readonly code: number;
  readonly kind: PublisherErrorKind;
  /** Part of the Chinese explanation editors see. */
  readonly explanation: RegExp;
}

/** One platform client wired to its started fake, with the call under test already set up. */
export interface ContractHarness {
  /** The call under test, through a client with this deadline. */
  call(timeoutMs: number): Promise<unknown>;
  /** Inject a fault into the endpoint the call uses. */
  injectFault(fault: Fault, schedule?: RuleSchedule): void;
  /** Make the account's current token expire on the platform. */
  expireToken(): void;
  /** How many requests the fake received on the endpoint under test. */
  callCount(): number;
  close(): Promise<void>;
}

export interface ContractSubject {
  readonly name: string;
  start(): Promise<ContractHarness>;
  readonly expiredToken: ExpectedFailure;
  readonly rateLimit: ExpectedFailure;
  readonly busy: ExpectedFailure;
  readonly contentRejected: ExpectedFailure;
}

const NORMAL_TIMEOUT_MS = 5_000;

/**
 * The failures every platform client must classify the same way, run against its fake over loopback HTTP.
 * Modelled on a shared router test suite: one subject per platform, the same cases for each.
 */
export function runClientFailureContract(subject: ContractSubject): void {
  describe(`${subject.name} failure contract`, () => {
    let harness: ContractHarness;

    beforeEach(async () => {
      harness = await subject.start();
    });

    afterEach(async () => {
      await harness.close();
    });

    it('succeeds when nothing is injected, and again after a one-off fault', async () => {
      await expect(harness.call(NORMAL_TIMEOUT_MS)).resolves.toBeDefined();
      harness.injectFault({ type: 'http_status', status: 503 });
      await expect(harness.call(NORMAL_TIMEOUT_MS)).rejects.toBeInstanceOf(PublisherError);
      await expect(harness.call(NORMAL_TIMEOUT_MS)).resolves.toBeDefined();
    });

    const refusals: [string, (s: ContractSubject) => ExpectedFailure][] = [
      ['a rate limit', (s) => s.rateLimit],
      ['a busy platform', (s) => s.busy],
      ['a content rejection', (s) => s.contentRejected],
    ];
    for (const [what, expected] of refusals) {
      it(`classifies ${what} from the platform's envelope`, async () => {
        const { code, kind, explanation } = expected(subject);
        harness.injectFault({ type: 'error_code', code });
        const error = await failureOf(harness.call(NORMAL_TIMEOUT_MS));
        expect({ code: error.platformCode, kind: error.kind }).toEqual({ code: String(code), kind });
        expect(error.explanation).toMatch(explanation);
      });
    }

    it('reports an expired token as a token problem', async () => {
      harness.expireToken();
      const error = await failureOf(harness.call(NORMAL_TIMEOUT_MS));
      const { code, explanation } = subject.expiredToken;
      expect({ code: error.platformCode, kind: error.kind }).toEqual({ code: String(code), kind: 'token' });
      expect(error.explanation).toMatch(explanation);
    });

    it('reports a 5xx as transient, with the status in the code', async () => {
      harness.injectFault({ type: 'http_status', status: 502 });
      const error = await failureOf(harness.call(NORMAL_TIMEOUT_MS));
      expect({ code: error.platformCode, kind: error.kind }).toEqual({ code: 'http_502', kind: 'transient' });
      expect(error.explanation).toMatch(/HTTP 5xx/);
    });

    it('reports a dropped connection as a transient network error', async () => {
      harness.injectFault({ type: 'drop_connection' });
      const error = await failureOf(harness.call(NORMAL_TIMEOUT_MS));
      expect({ code: error.platformCode, kind: error.kind }).toEqual({ code: 'network', kind: 'transient' });
      expect(error.explanation).toMatch(/网络/);
      expect(error.cause).toBeInstanceOf(Error);
    });

    it('gives up at its deadline when the platform is slower, as a transient timeout', async () => {
      harness.injectFault({ type: 'hang' }); // no answer: the client gives up first
      const error = await failureOf(harness.call(40));
      expect({ code: error.platformCode, kind: error.kind }).toEqual({ code: 'timeout', kind: 'transient' });
      expect(error.explanation).toMatch(/没有应答/);
    });

    it('waits out latency shorter than its deadline', async () => {
      harness.injectFault({ type: 'latency', ms: 20 });
      await expect(harness.call(NORMAL_TIMEOUT_MS)).resolves.toBeDefined();
      expect(harness.callCount()).toBe(1);
    });
  });
}
