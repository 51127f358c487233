import { expect } from 'chai';
import { checksum, makeId, toId18 } from '../../scripts/local-org/ids.js';

describe('local org ids', () => {
  it('computes the checksum suffix Salesforce documents for a0D30000001n7Pi', () => {
    expect(checksum('a0D30000001n7Pi')).to.equal('EAI');
  });

  it('makes 18-character ids with the key prefix that sort in creation order', () => {
    const ids = [1, 2, 61, 62, 63, 4000].map((n) => makeId('001', n));
    expect(ids.every((id) => id.length === 18 && id.startsWith('001'))).to.equal(true);
    expect([...ids].sort()).to.deep.equal(ids);
    expect(new Set(ids).size).to.equal(ids.length);
  });

  it('accepts 15 and 18 characters and rejects anything else', () => {
    const id = makeId('a00', 7);
    expect(toId18(id.slice(0, 15))).to.equal(id);
    expect(toId18(id)).to.equal(id);
    expect(toId18('not-an-id')).to.equal(undefined);
    expect(toId18(id.slice(0, 15) + 'ZZZ')).to.equal(undefined);
  });
});
