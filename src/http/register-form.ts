import type { z } from 'zod';
import type { RegisterDetails } from '../domain/monitor/register-entry.js';
import { REGISTER_FIELD_LABELS } from '../messages/register-texts.js';
import { safeParseRequest } from './error-mapping.js';
import { changeSchema, closureSchema, openingSchema } from './register-schemas.js';

/** The register forms' fields, as typed. Staff: one name a line. Checkboxes: present when ticked. */
export const REGISTER_FORM_FIELDS = [
  'platform',
  'name',
  'reason',
  'announcement',
  'organiser',
  'organiserShortName',
  'undertaker',
  'accountId',
  'link',
  'registeredOn',
  'verified',
  'verificationSubject',
  'newsLicence',
  'leaderName',
  'leaderTitle',
  'leaderPhone',
  'staff',
  'operatorName',
  'operatorContractEnd',
  'mandate',
] as const;
export type RegisterFormField = (typeof REGISTER_FORM_FIELDS)[number];
export type RegisterFormValues = Record<RegisterFormField, string>;

/** A posted register form as typed (nothing lost, so a refused form comes back filled). */
export function readRegisterForm(body: unknown): RegisterFormValues {
  const posted = (body ?? {}) as Record<string, unknown>;
  const valueOf = (name: string) => (typeof posted[name] === 'string' ? posted[name] : '');
  return Object.fromEntries(REGISTER_FORM_FIELDS.map((name) => [name, valueOf(name)])) as RegisterFormValues;
}

/** An entry's name and details as the change form shows them. */
export function formOfEntry(entry: { name: string; details: RegisterDetails }): RegisterFormValues {
  const { details } = entry;
  const empty = readRegisterForm({});
  return {
    ...empty,
    name: entry.name,
    organiser: details.organiser,
    organiserShortName: details.organiserShortName ?? '',
    undertaker: details.undertaker ?? '',
    accountId: details.accountId ?? '',
    link: details.link ?? '',
    registeredOn: details.registeredOn ?? '',
    verified: details.verified ? 'on' : '',
    verificationSubject: details.verificationSubject ?? '',
    newsLicence: details.newsLicence ? 'on' : '',
    leaderName: details.leader.name,
    leaderTitle: details.leader.title ?? '',
    leaderPhone: details.leader.phone ?? '',
    staff: details.staff.map((person) => person.name).join('\n'),
    operatorName: details.operator?.name ?? '',
    operatorContractEnd: details.operator?.contractEnd ?? '',
    mandate: details.mandate ?? '',
  };
}

type Parsed<S extends z.ZodType> = { ok: true; value: z.output<S> } | { ok: false; errors: string[] };

/** The opening form as the API's body, validated by the API's own schema (same rules, same messages). */
export function openingOfForm(values: RegisterFormValues): Parsed<typeof openingSchema> {
  const request = { platform: values.platform, name: values.name, reason: values.reason };
  return parsed(openingSchema, { ...request, details: detailsOf(values) });
}

export function changeOfForm(values: RegisterFormValues): Parsed<typeof changeSchema> {
  const name = optional(values.name);
  return parsed(changeSchema, {
    ...(name ? { name } : {}),
    reason: values.reason,
    details: detailsOf(values),
  });
}

export function closureOfForm(values: RegisterFormValues): Parsed<typeof closureSchema> {
  return parsed(closureSchema, { reason: values.reason, announcement: values.announcement });
}

/** The details object, empty optional fields left out (the schema refuses an empty string). */
function detailsOf(values: RegisterFormValues): Record<string, unknown> {
  const staff = values.staff
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((name) => ({ name }));
  const operatorName = optional(values.operatorName);
  const operatorEnd = optional(values.operatorContractEnd);
  const operator =
    operatorName || operatorEnd
      ? { name: values.operatorName, contractEnd: values.operatorContractEnd }
      : undefined;
  const details = {
    organiser: values.organiser,
    organiserShortName: optional(values.organiserShortName),
    undertaker: optional(values.undertaker),
    accountId: optional(values.accountId),
    link: optional(values.link),
    registeredOn: optional(values.registeredOn),
    verified: values.verified !== '',
    verificationSubject: optional(values.verificationSubject),
    newsLicence: values.newsLicence !== '',
    leader: definedOnly({
      name: values.leaderName,
      title: optional(values.leaderTitle),
      phone: optional(values.leaderPhone),
    }),
    staff,
    operator,
    mandate: optional(values.mandate),
  };
  return definedOnly(details);
}

const optional = (value: string) => (value.trim() === '' ? undefined : value.trim());

function definedOnly(object: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined));
}

function parsed<S extends z.ZodType>(schema: S, value: unknown): Parsed<S> {
  const result = safeParseRequest(schema, value, 'form');
  return result.ok ? result : { ok: false, errors: result.details.map(labelled) };
}

/** The request body's paths that are not the form field's name. */
const FIELD_OF_PATH: Readonly<Record<string, RegisterFormField>> = {
  'leader.name': 'leaderName',
  'leader.title': 'leaderTitle',
  'leader.phone': 'leaderPhone',
  'operator.name': 'operatorName',
  'operator.contractEnd': 'operatorContractEnd',
};

/** `form.details.leader.name: 不能为空` as `分管领导：不能为空`. */
function labelled(detail: string): string {
  const [path = '', ...rest] = detail.split(': ');
  const inner = path
    .split('.')
    .slice(1)
    .filter((part) => part !== 'details');
  const joined = inner.join('.');
  const field = FIELD_OF_PATH[joined] ?? (inner[0] as RegisterFormField | undefined);
  const label = field && field in REGISTER_FIELD_LABELS ? REGISTER_FIELD_LABELS[field] : joined;
  return `${label}：${rest.join(': ')}`;
}
