import { describe, expect, it } from 'vitest';
import { isRole, mayAdminister, mayGrant, type Role } from '../../src/domain/people.js';

const person = (org: string, ...roles: Role[]) => ({ org, roles });

describe('administrative powers', () => {
  it("gives an organisation's admin that organisation only", () => {
    expect(mayAdminister(person('cc', 'admin'), 'cc')).toBe(true);
    expect(mayAdminister(person('cc', 'admin'), 'other')).toBe(false);
    expect(mayAdminister(person('cc', 'principal', 'drafter'), 'cc')).toBe(false);
  });

  it('gives an installation admin every organisation, wherever they belong', () => {
    expect(mayAdminister(person('default', 'installation_admin'), 'cc')).toBe(true);
    expect(mayAdminister(person('default', 'installation_admin'), 'default')).toBe(true);
  });

  it('lets only an installation admin grant that role', () => {
    expect(isRole('installation_admin')).toBe(true);
    expect(mayGrant(person('cc', 'admin'), ['installation_admin'])).toBe(false);
    expect(mayGrant(person('cc', 'admin'), ['admin', 'reviewer'])).toBe(true);
    expect(mayGrant(person('default', 'installation_admin'), ['installation_admin'])).toBe(true);
  });
});
