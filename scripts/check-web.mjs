#!/usr/bin/env node
// The web app's boundaries, checked (architecture.md; bulletproof-react):
//  - a feature (web/src/features/<area>/) never imports another feature
//  - lib/ and components/ import no feature and not app/
//  - every string a person reads goes through the i18n layer: no Chinese text in code outside the
//    message dictionaries (messages.ts, *-messages.ts, lib/vocab.ts) — comments excepted
//  - no static inline style: a `style={{ … }}` whose values are all constants is a class in a stylesheet
//    (app/global.css, app/work.css or the feature's own .css — decision 0017, "Styles"); style= stays for
//    values computed at run time (a bar's width). No file is exempt.
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const src = path.join(root, 'web/src');
const problems = [];

function walk(dir) {
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...walk(p));
    else if (/\.(ts|tsx)$/.test(p)) out.push(p);
  }
  return out;
}

const rel = (f) => path.relative(root, f);
const area = (f) => {
  const r = path.relative(src, f).split(path.sep);
  return r[0] === 'features' ? `features/${r[1]}` : r[0];
};
const CONSTANT = /^(-?\d+(\.\d+)?|'[^'\\]*'|"[^"\\]*")$/;

/** The inline styles of a file whose every value is a constant (object literals only; a spread or any expression makes one dynamic). */
function staticStyles(text) {
  const found = [];
  for (const m of text.matchAll(/\bstyle=\{\{/g)) {
    let depth = 1;
    let i = m.index + m[0].length;
    for (; i < text.length && depth > 0; i++) {
      if (text[i] === '{') depth++;
      else if (text[i] === '}') depth--;
    }
    const body = text.slice(m.index + m[0].length, i - 1).trim();
    if (/[{}`]/.test(body)) continue; // nested objects, template literals: computed
    const props = body
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean);
    const constant = props.length > 0 && props.every((p) => /^[A-Za-z]\w*\s*:/.test(p) && CONSTANT.test(p.slice(p.indexOf(':') + 1).trim()));
    if (constant) found.push({ line: text.slice(0, m.index).split('\n').length, text: `style={{ ${body.replace(/\s+/g, ' ')} }}` });
  }
  return found;
}

const DICTIONARIES = /(^|\/)(messages|[\w-]+-messages)\.ts$|lib\/vocab\.ts$/;

/** Each line's code without comments (block comments tracked across lines); `// i18n-exempt` skips a line. */
function codeLines(text) {
  let inBlock = false;
  return text.split('\n').map((raw) => {
    if (raw.includes('i18n-exempt')) return '';
    let line = raw;
    if (inBlock) {
      const end = line.indexOf('*/');
      if (end < 0) return '';
      line = line.slice(end + 2);
      inBlock = false;
    }
    line = line.replace(/\/\*.*?\*\//g, '');
    const open = line.indexOf('/*');
    if (open >= 0) {
      inBlock = true;
      line = line.slice(0, open);
    }
    return line.replace(/(^|[^:'"`\\])\/\/.*$/, '$1');
  });
}

if (fs.existsSync(src)) {
  for (const file of walk(src)) {
    const text = fs.readFileSync(file, 'utf8');
    const from = area(file);
    for (const m of text.matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)) {
      const spec = m[1] ?? m[2];
      if (!spec.startsWith('.')) continue;
      const target = path.resolve(path.dirname(file), spec);
      if (!target.startsWith(src)) continue;
      const to = area(target);
      if (from.startsWith('features/') && to.startsWith('features/') && to !== from)
        problems.push(`${rel(file)}: ${from} imports ${to} — features do not import each other (share through lib/ or components/)`);
      if ((from === 'lib' || from === 'components') && (to.startsWith('features/') || to === 'app'))
        problems.push(`${rel(file)}: ${from}/ must not import ${to}`);
    }
    if (file.endsWith('.tsx')) {
      const styles = staticStyles(text);
      problems.push(
        ...styles.map(
          (st) =>
            `${rel(file)}:${st.line}: a static inline style ${st.text.slice(0, 80)} — give the element a class (app/work.css, app/global.css or the feature's .css; decision 0017)`,
        ),
      );
    }
    if (!DICTIONARIES.test(rel(file))) {
      codeLines(text).forEach((line, i) => {
        if (/[\u4e00-\u9fff]/.test(line)) problems.push(`${rel(file)}:${i + 1}: text outside the i18n dictionaries: ${line.trim().slice(0, 80)}`);
      });
    }
  }
}

if (problems.length) {
  console.error(`Web boundaries broken (${problems.length}):\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log('web boundaries: ok');
