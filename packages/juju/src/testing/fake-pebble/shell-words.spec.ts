import { splitCommand } from './shell-words';

describe('splitCommand', () => {
  it('splits on whitespace and honours quotes and escapes', () => {
    expect(splitCommand(`node -e "console.log('a b')" 'x y' z\\ w`)).toEqual([
      'node',
      '-e',
      "console.log('a b')",
      'x y',
      'z w',
    ]);
  });

  it("keeps Pebble's [ default arguments ] without the brackets", () => {
    expect(splitCommand('gunicorn -c conf.py [ --workers 2 ]')).toEqual([
      'gunicorn',
      '-c',
      'conf.py',
      '--workers',
      '2',
    ]);
  });

  it('keeps empty quoted arguments and refuses unterminated quotes', () => {
    expect(splitCommand(`echo ""`)).toEqual(['echo', '']);
    expect(() => splitCommand(`echo "oops`)).toThrow('unterminated quote');
  });
});
