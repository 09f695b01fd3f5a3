import { ConnectionAdmission } from './connection-admission';

describe('connection admission by address', () => {
  it('admits up to its places per address at once, the rest in their order as places free', () => {
    const admission = new ConnectionAdmission(2);
    const admitted: string[] = [];
    const releases = ['a', 'b', 'c', 'd'].map((name) =>
      admission.offer('127.0.0.3', () => admitted.push(name)),
    );
    expect(admitted).toEqual(['a', 'b']);
    releases[1]();
    expect(admitted).toEqual(['a', 'b', 'c']);
    releases[0]();
    expect(admitted).toEqual(['a', 'b', 'c', 'd']);
  });

  it('never makes one address wait for another', () => {
    const admission = new ConnectionAdmission(1);
    const admitted: string[] = [];
    admission.offer('127.0.0.3', () => admitted.push('flood 1'));
    admission.offer('127.0.0.3', () => admitted.push('flood 2'));
    admission.offer('127.0.0.2', () => admitted.push('client'));
    expect(admitted).toEqual(['flood 1', 'client']);
  });

  it('gives a place back once however often it is told, and forgets a withdrawn connection', () => {
    const admission = new ConnectionAdmission(1);
    const admitted: string[] = [];
    const first = admission.offer('::1', () => admitted.push('first'));
    const withdrawn = admission.offer('::1', () => admitted.push('withdrawn'));
    admission.offer('::1', () => admitted.push('third'));
    admission.offer('::1', () => admitted.push('fourth'));
    withdrawn();
    first();
    first();
    expect(admitted).toEqual(['first', 'third']);
  });
});
