// A small getopt for launcher grammars: which options take a value, where the wrapped command starts.
import type { Word } from './expand.js';

export interface OptionSpec {
  /** Short letters that take a value (`-u root`, `-uroot`). */
  readonly shortValue?: string;
  /** Short letters that are plain flags (and may be clustered: `-iE`). */
  readonly shortFlags?: string;
  /** Long names (without `--`) that take a value (`--user root`, `--user=root`). */
  readonly longValue?: readonly string[];
  /** Long flags, and long options whose value is optional and only given with `=`. */
  readonly longFlags?: readonly string[];
  /** GNU style: options may follow operands. Launchers stop at their first operand (false). */
  readonly permute?: false;
}

export interface ScannedOption {
  readonly name: string;
  readonly value?: Word;
}

export type ScanResult =
  | { readonly ok: true; readonly options: readonly ScannedOption[]; readonly next: number }
  | { readonly ok: false; readonly why: string };

/** Reads options from `start` up to the first operand or `--`; an option it does not know is an error (fail closed). */
export function scanOptions(program: string, words: readonly Word[], start: number, spec: OptionSpec): ScanResult {
  const options: ScannedOption[] = [];
  let i = start;
  while (i < words.length) {
    const word = words[i] as Word;
    if (!word.known) return { ok: false, why: `${program}: cannot tell whether ${word.text} is an option (${word.why ?? 'unknown'})` };
    const text = word.text;
    if (text === '--') return { ok: true, options, next: i + 1 };
    if (!text.startsWith('-') || text === '-') break;
    if (text.startsWith('--')) {
      const eq = text.indexOf('=');
      const name = eq >= 0 ? text.slice(2, eq) : text.slice(2);
      if (spec.longValue?.includes(name)) {
        if (eq >= 0) options.push({ name, value: { ...word, text: text.slice(eq + 1) } });
        else {
          const value = words[i + 1];
          if (!value) return { ok: false, why: `${program}: --${name} needs a value` };
          options.push({ name, value });
          i++;
        }
      } else if (spec.longFlags?.includes(name)) options.push(eq >= 0 ? { name, value: { ...word, text: text.slice(eq + 1) } } : { name });
      else return { ok: false, why: `${program}: unrecognised option --${name}` };
      i++;
      continue;
    }
    for (let j = 1; j < text.length; j++) {
      const letter = text[j] as string;
      if (spec.shortValue?.includes(letter)) {
        const rest = text.slice(j + 1);
        if (rest !== '') options.push({ name: letter, value: { ...word, text: rest } });
        else {
          const value = words[i + 1];
          if (!value) return { ok: false, why: `${program}: -${letter} needs a value` };
          options.push({ name: letter, value });
          i++;
        }
        break;
      }
      if (spec.shortFlags?.includes(letter)) options.push({ name: letter });
      else return { ok: false, why: `${program}: unrecognised option -${letter}` };
    }
    i++;
  }
  return { ok: true, options, next: i };
}

export function has(options: readonly ScannedOption[], ...names: string[]): boolean {
  return options.some((option) => names.includes(option.name));
}

export function valueOf(options: readonly ScannedOption[], ...names: string[]): Word | undefined {
  for (let i = options.length - 1; i >= 0; i--) {
    const option = options[i] as ScannedOption;
    if (names.includes(option.name) && option.value) return option.value;
  }
  return undefined;
}
