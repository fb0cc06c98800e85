import { createHash, randomBytes } from 'node:crypto';
import type { RedisClient } from './redis-client.js';
import type { Person, Role } from '../../domain/people.js';
import type { Org } from '../../domain/people.js';
import type { IssuedToken, PeopleStore, TokenCredential } from '../../services/ports/people.js';
import { withScripts, type Scripts } from './redis-scripts.js';
import { RedisKeys } from './redis-keys.js';
import { OrgOfIds } from './org-of-ids.js';

// Each write is one Lua script: RedisClient runs it atomically and, with appendfsync always, replies after fsync.
const ADD_ORG = `
if redis.call('SADD', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('HSET', KEYS[2], 'slug', ARGV[1], 'name', ARGV[2])
return 1`;

// Under hashTags the orgs set is in no organisation's slot: the organisation's hash is claimed alone (KEYS[1]),
// then the slug joins the set (again on every later add: that heals a process that died in between).
const ADD_ORG_IN_ITS_SLOT = `
if redis.call('HSETNX', KEYS[1], 'slug', ARGV[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], 'name', ARGV[2])
return 1`;

const ADD_PERSON = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 'org_not_found' end
if redis.call('HSETNX', KEYS[2], ARGV[1], ARGV[2]) == 0 then return 'name_taken' end
redis.call('SET', KEYS[3], ARGV[3])
redis.call('INCR', KEYS[4]) -- the organisation's directory generation (RedisOrgDirectoryCache)
return 'added'`;

// Raises the person's credential generation (KEYS[4]: the person, KEYS[5]: the counter token caches check), so
// their sessions, links and cached tokens stop working.
const RAISE_CREDENTIALS = `
local function raise_credentials(disable)
  local person = cjson.decode(redis.call('GET', KEYS[4]))
  person.credentials = (person.credentials or 0) + 1
  if disable then person.disabled = true end
  local json = cjson.encode(person)
  redis.call('SET', KEYS[4], json)
  redis.call('INCR', KEYS[5]) -- what token caches check (http/auth.ts): they see the change at once
  redis.call('INCR', KEYS[6]) -- the organisation's directory generation (RedisOrgDirectoryCache)
  return json
end`;

// KEYS: org people, person tokens, new token key, person, generation, org directory generation. Token keys are listed in the person's set, so the
// script revokes old tokens without spelling key names itself. A reissue (old tokens existed) also raises the
// credential generation; the first token does not. A disabled person gets no token.
const ISSUE_TOKEN = `${RAISE_CREDENTIALS}
if redis.call('HGET', KEYS[1], ARGV[1]) ~= ARGV[2] then return false end
if cjson.decode(redis.call('GET', KEYS[4])).disabled == true then return false end
local old = redis.call('SMEMBERS', KEYS[2])
for _, key in ipairs(old) do redis.call('DEL', key) end
redis.call('DEL', KEYS[2])
redis.call('SET', KEYS[3], ARGV[2])
redis.call('SADD', KEYS[2], KEYS[3])
if #old > 0 then return raise_credentials(false) end
return redis.call('GET', KEYS[4])`;

// KEYS: org people, person tokens, (unused), person, generation, org directory generation. ARGV: name, id, '1' to disable. Disabling revokes the tokens.
const REVOKE_CREDENTIALS = `${RAISE_CREDENTIALS}
if redis.call('HGET', KEYS[1], ARGV[1]) ~= ARGV[2] then return false end
if ARGV[3] == '1' then
  for _, key in ipairs(redis.call('SMEMBERS', KEYS[2])) do redis.call('DEL', key) end
  redis.call('DEL', KEYS[2])
end
return raise_credentials(ARGV[3] == '1')`;

// KEYS as ISSUE_TOKEN's. ARGV: name, id, roles (JSON array), '1' when outsourced. Cached tokens are read afresh;
// the credential generation stays, so the person's sessions go on with the new roles.
const SET_ROLES = `
if redis.call('HGET', KEYS[1], ARGV[1]) ~= ARGV[2] then return false end
local person = cjson.decode(redis.call('GET', KEYS[4]))
if person.disabled == true then return false end
person.roles = cjson.decode(ARGV[3])
person.outsourced = ARGV[4] == '1'
local json = cjson.encode(person)
redis.call('SET', KEYS[4], json)
redis.call('INCR', KEYS[5])
return json`;

// KEYS: the token's key. ARGV: the person key's prefix (the id completes it). The holder and their credential
// generation, read at one instant.
const CREDENTIAL = `
local id = redis.call('GET', KEYS[1])
if not id then return false end
local person = redis.call('GET', ARGV[1] .. id)
if not person then return false end
return { person, redis.call('GET', ARGV[1] .. id .. ':generation') or '0' }`;

/** Tokens look like `qf_` + 43 base64url characters (32 random bytes); the prefix helps secret scanners. */
export function newToken(): string {
  return `qf_${randomBytes(32).toString('base64url')}`;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** PeopleStore on Redis; see the contract in services/ports/people.ts. */
export class RedisPeopleStore implements PeopleStore {
  private readonly scripts: Scripts<'qianfaCredential'>;
  private readonly personOrgs: OrgOfIds;
  private readonly tokenOrgs: OrgOfIds;

  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys = new RedisKeys(),
  ) {
    this.scripts = withScripts(redis, { qianfaCredential: CREDENTIAL });
    this.personOrgs = new OrgOfIds(redis, keys, 'personOrg');
    this.tokenOrgs = new OrgOfIds(redis, keys, 'tokenOrg');
  }

  async addOrg(org: Org): Promise<'added' | 'exists'> {
    if (this.keys.perOrg) {
      const added = await this.redis.eval(
        ADD_ORG_IN_ITS_SLOT,
        1,
        this.keys.org(org.slug),
        org.slug,
        org.name,
      );
      await this.redis.sadd(this.keys.orgs(), org.slug);
      return added === 1 ? 'added' : 'exists';
    }
    const added = await this.redis.eval(
      ADD_ORG,
      2,
      this.keys.orgs(),
      this.keys.org(org.slug),
      org.slug,
      org.name,
    );
    return added === 1 ? 'added' : 'exists';
  }

  async getOrg(slug: string): Promise<Org | null> {
    const fields = await this.redis.hgetall(this.keys.org(slug));
    return fields.slug !== undefined && fields.name !== undefined
      ? { slug: fields.slug, name: fields.name }
      : null;
  }

  async hasOrgs(): Promise<boolean> {
    return (await this.redis.scard(this.keys.orgs())) > 0;
  }

  async listOrgs(): Promise<string[]> {
    return (await this.redis.smembers(this.keys.orgs())).sort();
  }

  async addPerson(person: Person): Promise<'added' | 'org_not_found' | 'name_taken'> {
    const { keys } = this;
    // Before the person's first write: from then on they can be found by id alone.
    await this.personOrgs.remember(person.id, person.org);
    const outcome = await this.redis.eval(
      ADD_PERSON,
      4,
      keys.org(person.org),
      keys.orgPeople(person.org),
      keys.person(person.org, person.id),
      keys.orgDirectoryGeneration(person.org),
      person.name,
      person.id,
      JSON.stringify(person),
    );
    if (outcome !== 'added') await this.personOrgs.forget(person.id);
    return outcome as 'added' | 'org_not_found' | 'name_taken';
  }

  async issueToken(org: string, name: string): Promise<IssuedToken | null> {
    const id = await this.redis.hget(this.keys.orgPeople(org), name);
    if (id === null) return null;
    const token = newToken();
    const tokenHash = hashToken(token);
    await this.tokenOrgs.remember(tokenHash, org);
    const json = await this.#personScript(ISSUE_TOKEN, id, org, name, this.keys.token(org, tokenHash));
    return typeof json === 'string' ? { person: parsePerson(json), token } : null;
  }

  async revokeCredentials(org: string, name: string, disable: boolean): Promise<Person | null> {
    const id = await this.redis.hget(this.keys.orgPeople(org), name);
    if (id === null) return null;
    const json = await this.#personScript(REVOKE_CREDENTIALS, id, org, name, '', disable ? '1' : '0');
    return typeof json === 'string' ? parsePerson(json) : null;
  }

  async setRoles(
    org: string,
    name: string,
    change: { roles: readonly Role[]; outsourced: boolean },
  ): Promise<Person | null> {
    const id = await this.redis.hget(this.keys.orgPeople(org), name);
    if (id === null) return null;
    const roles = JSON.stringify(change.roles);
    const json = await this.#personScript(SET_ROLES, id, org, name, '', roles, change.outsourced ? '1' : '0');
    return typeof json === 'string' ? parsePerson(json) : null;
  }

  #personScript(script: string, id: string, org: string, name: string, tokenKey: string, ...args: string[]) {
    const { keys } = this;
    const personKeys = [
      keys.orgPeople(org),
      keys.personTokens(org, id),
      tokenKey || keys.person(org, id),
      keys.person(org, id),
      keys.personGeneration(org, id),
      keys.orgDirectoryGeneration(org),
    ];
    return this.redis.eval(script, personKeys.length, ...personKeys, name, id, ...args);
  }

  async personByToken(token: string): Promise<Person | null> {
    const tokenHash = hashToken(token);
    const org = await this.tokenOrgs.of(tokenHash);
    const id = org === null ? null : await this.redis.get(this.keys.token(org, tokenHash));
    return id === null ? null : this.getPerson(id);
  }

  async credentialOf(token: string): Promise<TokenCredential | null> {
    const tokenHash = hashToken(token);
    const org = await this.tokenOrgs.of(tokenHash);
    if (org === null) return null;
    // The holder's keys are in the token's slot: the person key's prefix, which the script completes with the id.
    const tokenKey = this.keys.token(org, tokenHash);
    const found = (await this.scripts.qianfaCredential(1, tokenKey, this.keys.person(org, ''))) as
      [string, string] | null;
    return found ? { person: JSON.parse(found[0]) as Person, generation: found[1] } : null;
  }

  async generationOf(personId: string): Promise<string> {
    const org = await this.personOrgs.of(personId);
    return (org === null ? null : await this.redis.get(this.keys.personGeneration(org, personId))) ?? '0';
  }

  async getPerson(id: string): Promise<Person | null> {
    const org = await this.personOrgs.of(id);
    const json = org === null ? null : await this.redis.get(this.keys.person(org, id));
    return json === null ? null : parsePerson(json);
  }

  async listPeople(org: string): Promise<Person[] | null> {
    const [[, exists], [, ids]] = (await this.redis
      .multi()
      .exists(this.keys.org(org))
      .hvals(this.keys.orgPeople(org))
      .exec()) as [[null, number], [null, string[]]];
    if (exists === 0) return null;
    if (ids.length === 0) return [];
    const people = (await this.redis.mget(ids.map((id) => this.keys.person(org, id))))
      .filter((json): json is string => json !== null)
      .map(parsePerson);
    return people.sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
  }
}

/** Lua's cjson writes an empty table as `{}`: a person always has roles, but `roles` stays an array regardless. */
function parsePerson(json: string): Person {
  const person = JSON.parse(json) as Person;
  return Array.isArray(person.roles) ? person : { ...person, roles: [] };
}
