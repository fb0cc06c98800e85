import { describe, expect, it } from 'vitest';
import type { Person } from '../../src/domain/people.js';
import { cachedPersonByToken } from '../../src/http/auth.js';

const PERSON: Person = { id: 'p1', org: 'cc', name: '张三', roles: ['drafter'], outsourced: false };

/** Credentials of one token whose reads are counted; `generation` changes as a reissue would. */
function countedCredentials() {
  const state = { generation: '1', valid: true, credentialReads: 0, generationReads: 0 };
  return {
    state,
    credentialOf: (token: string) => {
      state.credentialReads++;
      const valid = token === 'qf_ok' && state.valid;
      return Promise.resolve(valid ? { person: PERSON, generation: state.generation } : null);
    },
    generationOf: () => {
      state.generationReads++;
      return Promise.resolve(state.generation);
    },
  };
}

describe('token → person cached in process', () => {
  it('reads the holder once, then only checks the generation', async () => {
    const credentials = countedCredentials();
    const personOf = cachedPersonByToken(credentials, () => 0);
    for (let i = 0; i < 3; i++) expect(await personOf('qf_ok')).toEqual(PERSON);
    expect([credentials.state.credentialReads, credentials.state.generationReads]).toEqual([1, 2]);
  });

  it('reads again when the generation moved, and refuses a token no longer valid', async () => {
    const credentials = countedCredentials();
    const personOf = cachedPersonByToken(credentials, () => 0);
    await personOf('qf_ok');
    credentials.state.generation = '2';
    credentials.state.valid = false;
    expect(await personOf('qf_ok')).toBeNull();
    expect(await personOf('qf_unknown')).toBeNull();
  });

  it('forgets an entry after its time', async () => {
    const credentials = countedCredentials();
    let now = 0;
    const personOf = cachedPersonByToken(credentials, () => now);
    await personOf('qf_ok');
    now = 3_600_000;
    await personOf('qf_ok');
    expect(credentials.state.credentialReads).toBe(2);
  });
});
