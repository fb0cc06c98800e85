import { z } from 'zod';
import { PLATFORMS } from '../domain/accounts.js';

/** The register's request bodies (the API's, and the desk's forms once read into the same shape). */
const text = z.string('须为字符串').trim().min(1, '不能为空');
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '应为 YYYY-MM-DD');
const person = z.strictObject({ name: text, title: text.optional(), phone: text.optional() });
export const detailsSchema = z.strictObject({
  organiser: text,
  organiserShortName: text.optional(),
  undertaker: text.optional(),
  accountId: text.optional(),
  link: z.url('应为网址').optional(),
  registeredOn: day.optional(),
  verified: z.boolean(),
  verificationSubject: text.optional(),
  newsLicence: z.boolean(),
  leader: person,
  staff: z.array(person).max(50).default([]),
  operator: z.strictObject({ name: text, contractEnd: day }).optional(),
  mandate: text.optional(),
});
export const openingSchema = z.strictObject({
  platform: z.enum(PLATFORMS),
  name: text,
  details: detailsSchema,
  reason: text,
});
export const changeSchema = z.strictObject({ name: text.optional(), details: detailsSchema, reason: text });
export const closureSchema = z.strictObject({ reason: text, announcement: text });
export const offlineSchema = z.strictObject({ days: z.number().int().min(1) });
