import { expect } from 'chai';
import { ndjsonMembers } from '../../../src/core/sync/ndjsonRecord.js';

/**
 * One NDJSON record's members, each value as the text the producer wrote. Every input is a line
 * JSON.parse accepts as one object (the reader checks that first); every expected value is written out.
 */
const same = (key: string): string => key;
const members = (text: string): unknown => ndjsonMembers(text, same);

describe('NDJSON record members', () => {
  it('keeps each number as written and decodes strings, in the order of the line', () => {
    expect(members('{"b":1e3,"a":12.0,"c":-0.50,"d":"x"}')).to.deep.equal({
      members: [
        ['b', '1e3'],
        ['a', '12.0'],
        ['c', '-0.50'],
        ['d', 'x'],
      ],
    });
  });

  it('reads null as empty, true and false as written, and an empty object as no members', () => {
    expect(members('{"a":null,"b":true,"c":false,"d":""}')).to.deep.equal({
      members: [
        ['a', ''],
        ['b', 'true'],
        ['c', 'false'],
        ['d', ''],
      ],
    });
    expect(members('{}')).to.deep.equal({ members: [] });
    expect(members(' \t{ \r\n } ')).to.deep.equal({ members: [] });
  });

  it('skips spaces, tabs, CR and LF before the object, around keys, colons, values and commas', () => {
    const spaced = ' \t\r\n{ \t\r\n"a" \t\r\n: \t\r\n7 \t\r\n, \t\r\n"b"\n:\r"y"\t,\r\n"c" : null }';
    expect(members(spaced)).to.deep.equal({
      members: [
        ['a', '7'],
        ['b', 'y'],
        ['c', ''],
      ],
    });
    // A literal ends at a space, a tab, a CR or an LF as well as at a comma or the closing brace.
    for (const space of [' ', '\t', '\r', '\n']) {
      expect(members(`{"n":42${space},"m":5${space}}`)).to.deep.equal({
        members: [
          ['n', '42'],
          ['m', '5'],
        ],
      });
    }
  });

  it('decodes escapes in keys and values, a quote or backslash included, without ending the string there', () => {
    // Key k"1, value a"b\ then c: the escaped quote and the escaped backslash do not end a string.
    const text = String.raw`{"k\"1":"a\"b\\","k2":"\\","k3":"\u00e9\n,}"}`;
    expect(members(text)).to.deep.equal({
      members: [
        ['k"1', 'a"b\\'],
        ['k2', '\\'],
        ['k3', 'é\n,}'],
      ],
    });
  });

  it('keeps a nested object or array as its text, however deep, brackets inside strings included', () => {
    const text = '{"a":{"x":[1,{"y":"}]"}],"z":{}},"b":[1,[2,[3]]],"c":[],"d":"after"}';
    expect(members(text)).to.deep.equal({
      members: [
        ['a', '{"x":[1,{"y":"}]"}],"z":{}}'],
        ['b', '[1,[2,[3]]]'],
        ['c', '[]'],
        ['d', 'after'],
      ],
    });
    // A string in a nested value holding an escaped quote and a brace: the value still ends at its own brace.
    expect(members(String.raw`{"a":{"s":"q\"}"},"b":2}`)).to.deep.equal({
      members: [
        ['a', String.raw`{"s":"q\"}"}`],
        ['b', '2'],
      ],
    });
  });

  it('gives the keys as normalized and reports a key given twice once normalized', () => {
    const lower = (key: string): string => key.trim().toLowerCase();
    expect(ndjsonMembers('{" Visit_ID ":"V1","Rating":3}', lower)).to.deep.equal({
      members: [
        ['visit_id', 'V1'],
        ['rating', '3'],
      ],
    });
    expect(ndjsonMembers('{"rating":3,"visit_id":"V1","Rating":4}', lower)).to.deep.equal({ duplicate: 'rating' });
    // Without normalizing, the two spellings are two keys.
    expect(members('{"rating":3,"Rating":4}')).to.deep.equal({
      members: [
        ['rating', '3'],
        ['Rating', '4'],
      ],
    });
    expect(members('{"a":1,"b":2,"a":3}')).to.deep.equal({ duplicate: 'a' });
  });
});
