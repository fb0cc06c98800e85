import { describe, expect, it } from 'vitest';
import { parseJsonWithStringIds } from '../../../src/adapters/platforms/parse-json-with-string-ids.js';

describe('parseJsonWithStringIds', () => {
  it('keeps integers beyond 2^53 in the named fields exact, as strings', () => {
    const text =
      '{"errcode":0,"msgid":3717005636572528642,"publish_id":"2247503051","n":3717005636572528642}';
    expect(parseJsonWithStringIds(text, ['msgid', 'publish_id'])).toEqual({
      errcode: 0,
      msgid: '3717005636572528642',
      publish_id: '2247503051',
      n: 3717005636572528600, // fields not named are parsed as JSON.parse would
    });
  });

  it('quotes named fields at any depth and in arrays of objects, with spaces around the colon', () => {
    const text = '{"list":[{"msg_id" : 9007199254740993 },{"msg_id":-1}]}';
    expect(parseJsonWithStringIds(text, ['msg_id'])).toEqual({
      list: [{ msg_id: '9007199254740993' }, { msg_id: '-1' }],
    });
  });

  it('leaves look-alikes inside string values alone', () => {
    const text = String.raw`{"content":"x \"msgid\":12345678901234567890 y","msgid":1}`;
    expect(parseJsonWithStringIds(text, ['msgid'])).toEqual({
      content: 'x "msgid":12345678901234567890 y',
      msgid: '1',
    });
  });

  it('does not quote decimals or exponents', () => {
    expect(parseJsonWithStringIds('{"msgid":1.5,"publish_id":2e3}', ['msgid', 'publish_id'])).toEqual({
      msgid: 1.5,
      publish_id: 2000,
    });
  });

  it('throws on invalid JSON like JSON.parse', () => {
    expect(() => parseJsonWithStringIds('<html>', ['msgid'])).toThrow(SyntaxError);
  });
});
