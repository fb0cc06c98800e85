import { z } from 'zod';

/** A whole number given in a query string, between `min` and `max`, with Chinese messages. */
export const queryInteger = (min: number, max: number) =>
  z
    .string('须为整数')
    .regex(/^\d+$/, '须为非负整数')
    .transform(Number)
    .pipe(z.number().int().min(min, `不能小于 ${min}`).max(max, `不能大于 ${max}`));
