import { describe, expect, it } from 'vitest';
import { openApiPaths } from '../../helpers/openapi-paths.js';

/** The logging-in routes of the bearer API (issue 12 point 1) are in the OpenAPI document like the rest. */
describe('OpenAPI: passwords, login links and desk sessions', () => {
  const paths = openApiPaths();
  const operations = [
    ['post', '/api/me/password'],
    ['get', '/api/me/sessions'],
    ['delete', '/api/me/sessions/{id}'],
    ['post', '/api/me/login-link'],
    ['post', '/api/orgs/{slug}/people/{name}/disable'],
    ['post', '/api/orgs/{slug}/people/{name}/password'],
    ['get', '/api/orgs/{slug}/people/{name}/sessions'],
    ['delete', '/api/orgs/{slug}/people/{name}/sessions/{id}'],
  ] as const;

  it.each(operations)('documents %s %s with a Chinese summary and its answers', (method, path) => {
    const operation = paths[path]?.[method];
    expect(operation?.summary).toMatch(/[\u4e00-\u9fff]/);
    expect(Object.keys(operation?.responses ?? {})).toContain('401');
  });

  it('takes the password bodies from the schemas the routes validate with', () => {
    const own = paths['/api/me/password']?.post?.requestBody?.content['application/json'].schema;
    expect(Object.keys(own?.properties ?? {}).sort()).toEqual(['current', 'password']);
    const set =
      paths['/api/orgs/{slug}/people/{name}/password']?.post?.requestBody?.content['application/json'];
    expect(Object.keys(set?.schema.properties ?? {})).toEqual(['password']);
  });
});
