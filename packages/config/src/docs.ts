import { OPTIONS } from './options';
import type { Option } from './option';

function defaultText(option: Option<unknown>): string {
  if (option.defaultText) return option.defaultText;
  if (option.default === undefined) return '(unset)';
  if (typeof option.default === 'function') return '(computed)';
  return `\`${option.format(option.default as NonNullable<unknown>)}\``;
}

/** The README's configuration table, generated from the option declarations. */
export function configurationTable(): string {
  const rows = Object.values(OPTIONS as Record<string, Option<unknown>>).map((option) => {
    const names = option.env.map((name) => `\`${name}\``).join(', ');
    const secret = option.secret ? ' **Secret.**' : '';
    return `| ${names} | ${defaultText(option)} | ${option.description.replace(/\|/g, '\\|')}${secret} |`;
  });
  return ['| Variable | Default | Meaning |', '| --- | --- | --- |', ...rows].join('\n');
}
