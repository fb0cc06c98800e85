import type { RequestHandler, Response } from 'express';
import type { Person, Role } from '../domain/people.js';
import { ROLE_NAMES } from '../messages/zh-cn.js';
import { HttpError } from './error-mapping.js';

/** Resolves a Bearer token to a person; answers 401 when the header is missing or the token is not valid. */
export function authenticate(personByToken: (token: string) => Promise<Person | null>): RequestHandler {
  return async (req, res, next) => {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(req.get('authorization') ?? '');
    const person = match?.[1] ? await personByToken(match[1]) : null;
    if (!person) {
      throw new HttpError(
        401,
        'unauthenticated',
        '未登录或令牌无效：请在请求头加上 Authorization: Bearer <令牌>。令牌遗失或失效时，请管理员重新签发。',
      );
    }
    res.locals.caller = person;
    next();
  };
}

/** 403 unless the authenticated caller holds the role. */
export function requireRole(role: Role): RequestHandler {
  return (_req, res, next) => {
    if (!callerOf(res).roles.includes(role)) {
      throw new HttpError(403, 'forbidden', `该操作需要“${ROLE_NAMES[role]}”角色，您的账号没有该角色。`);
    }
    next();
  };
}

/** The person `authenticate` attached to this request. */
export function callerOf(res: Response): Person {
  return res.locals.caller as Person;
}
