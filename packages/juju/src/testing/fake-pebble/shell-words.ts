/**
 * Splits a command line the way Pebble does (shell-like quoting, no shell): `a "b c" 'd'` →
 * `['a', 'b c', 'd']`. Pebble's `[ default args ]` brackets are dropped, keeping the defaults.
 */
export function splitCommand(command: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let index = 0; index < command.length; index++) {
    const char = command[index] ?? '';
    if (quote !== undefined) {
      if (char === quote) {
        quote = undefined;
      } else if (char === '\\' && quote === '"' && index + 1 < command.length) {
        word += command[++index];
      } else {
        word += char;
      }
    } else if (char === '"' || char === "'") {
      quote = char;
      inWord = true;
    } else if (char === '\\' && index + 1 < command.length) {
      word += command[++index];
      inWord = true;
    } else if (/\s/.test(char)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += char;
      inWord = true;
    }
  }
  if (quote !== undefined) {
    throw new Error(`cannot parse command "${command}": unterminated quote`);
  }
  if (inWord) words.push(word);
  return words.filter((item) => item !== '[' && item !== ']');
}
