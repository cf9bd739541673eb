// docs/security.md is the scored security checklist (issue 17): one row per checklist id with a
// verdict, and for PASS the test files that would fail if the item regressed. This test keeps the
// document honest: every id once, only the three verdicts, every cited test file present, a reason
// for every deviation and every item that does not apply, and the stated score equal to the
// computed one and at least 95%.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

const ROOT = process.cwd();
const DOC = path.join(ROOT, 'docs', 'security.md');

/** The acceptance checklist's ids (shared/reference/security-checklist.md §4), 106 in all. */
const GROUPS: [string, number][] = [
  ['S', 10],
  ['P', 10],
  ['C', 10],
  ['A', 8],
  ['R', 25],
  ['L', 10],
  ['SE', 7],
  ['N', 7],
  ['AU', 5],
  ['I', 7],
  ['T', 7],
];
export const CHECKLIST_IDS = GROUPS.flatMap(([prefix, count]) => Array.from({ length: count }, (_, i) => `${prefix}${i + 1}`));

/** The only deviations the issue allows (P1 length, P3 composition, I4 non-ASCII under the Entra profile, R25 vs ASVS 6.4.2). */
const ALLOWED_DEVIATIONS = new Set(['P1', 'P3', 'I4', 'R25']);
const VERDICTS = new Set(['PASS', 'DEVIATION', 'N/A']);
const MINIMUM_SCORE = 95;

export interface Row {
  id: string;
  verdict: string;
  what: string;
  proof: string;
  line: number;
}

function cells(line: string): string[] {
  // Split on pipes that are not inside backticks and not escaped.
  const out: string[] = [];
  let current = '';
  let code = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (ch === '`') code = !code;
    if (ch === '|' && !code && line[i - 1] !== '\\') {
      out.push(current.trim());
      current = '';
      continue;
    }
    current += ch;
  }
  out.push(current.trim());
  return out.slice(1, -1);
}

/** The checklist table's rows: table lines whose first cell is a checklist-shaped id (S1, SE7, AU2 ...). */
export function parseRows(markdown: string): Row[] {
  const rows: Row[] = [];
  markdown.split('\n').forEach((text, index) => {
    if (!text.startsWith('|')) return;
    const c = cells(text);
    if (c.length < 4 || !/^[A-Z]{1,2}\d{1,2}$/.test(c[0]!)) return;
    rows.push({ id: c[0]!, verdict: c[1]!.replace(/\*/g, ''), what: c[2]!, proof: c.slice(3).join(' | '), line: index + 1 });
  });
  return rows;
}

/** Repository paths in backticks: `src/...ts`, `e2e/...ts`. */
export function citedFiles(proof: string): string[] {
  return [...proof.matchAll(/`((?:src|e2e|scripts)\/[^`\s]+)`/g)].map((m) => m[1]!);
}

export function computeScore(rows: Row[]): { pass: number; applicable: number; percent: number } {
  const pass = rows.filter((r) => r.verdict === 'PASS').length;
  const applicable = rows.filter((r) => r.verdict !== 'N/A').length;
  return { pass, applicable, percent: applicable === 0 ? 0 : (100 * pass) / applicable };
}

/** "Score: **96 of 100** applicable items pass (**96.0%**)" */
export function statedScore(markdown: string): { pass: number; applicable: number; percent: number } | null {
  const m = /Score:\s*\*\*(\d+) of (\d+)\*\* applicable items pass \(\*\*(\d+(?:\.\d)?)%\*\*\)/.exec(markdown);
  return m ? { pass: Number(m[1]), applicable: Number(m[2]), percent: Number(m[3]) } : null;
}

/** Every problem with the table, as readable lines (empty: the table is sound). */
export function problems(markdown: string, exists: (file: string) => boolean): string[] {
  const found: string[] = [];
  const rows = parseRows(markdown);
  const known = new Set(CHECKLIST_IDS);
  for (const id of CHECKLIST_IDS) {
    const n = rows.filter((r) => r.id === id).length;
    if (n === 0) found.push(`${id}: no row`);
    if (n > 1) found.push(`${id}: ${n} rows`);
  }
  for (const row of rows) {
    const at = `${row.id} (line ${row.line})`;
    if (!known.has(row.id)) found.push(`${at}: not a checklist id`);
    if (!VERDICTS.has(row.verdict)) {
      found.push(`${at}: verdict "${row.verdict}" is not PASS, DEVIATION or N/A`);
      continue;
    }
    if (!row.what.trim()) found.push(`${at}: says nothing about what Latchkey does`);
    const files = citedFiles(row.proof);
    for (const file of files) if (!exists(file)) found.push(`${at}: cites ${file}, which does not exist`);
    if (row.verdict === 'PASS') {
      if (!files.some((f) => f.endsWith('.test.ts'))) found.push(`${at}: PASS without a test file (by repository path, in backticks)`);
    } else {
      // A reason: words, not just a file name.
      const reason = row.proof
        .replace(/`[^`]*`/g, '')
        .replace(/[^A-Za-z]+/g, ' ')
        .trim();
      if (reason.split(' ').length < 4) found.push(`${at}: ${row.verdict} without a reason`);
      if (row.verdict === 'DEVIATION' && !ALLOWED_DEVIATIONS.has(row.id)) found.push(`${at}: a deviation the issue does not allow`);
    }
  }
  const score = computeScore(rows);
  const stated = statedScore(markdown);
  if (!stated) found.push('no score line ("Score: **P of A** applicable items pass (**X%**)")');
  else {
    if (stated.pass !== score.pass || stated.applicable !== score.applicable)
      found.push(`stated score ${stated.pass} of ${stated.applicable}, computed ${score.pass} of ${score.applicable}`);
    if (Math.abs(stated.percent - Math.floor(score.percent * 10) / 10) > 0.05)
      found.push(`stated ${stated.percent}%, computed ${(Math.floor(score.percent * 10) / 10).toFixed(1)}%`);
  }
  if (score.percent < MINIMUM_SCORE) found.push(`score ${score.percent.toFixed(1)}% is below ${MINIMUM_SCORE}%`);
  return found;
}

const fileExists = (file: string) => existsSync(path.join(ROOT, file));

test('docs/security.md has one sound row per checklist id, real proofs and a true score of at least 95%', () => {
  const markdown = readFileSync(DOC, 'utf8');
  assert.equal(CHECKLIST_IDS.length, 106);
  assert.deepEqual(problems(markdown, fileExists), []);
});

test('the checks can fail: a missing row, a doubled row, a bad verdict, a missing file, no reason, a wrong or low score', () => {
  const rowFor = (id: string, verdict = 'PASS', proof = '`src/server/security-table.test.ts`') => `| ${id} | ${verdict} | Something real. | ${proof} |`;
  const all = CHECKLIST_IDS.map((id) => rowFor(id));
  const doc = (rows: string[], score = `Score: **${rows.length} of ${rows.length}** applicable items pass (**100.0%**)`) =>
    ['| Id | Verdict | What Latchkey does | Proof |', '|---|---|---|---|', ...rows, '', score].join('\n');
  assert.deepEqual(problems(doc(all), fileExists), [], 'a sound table passes');

  const missing = doc(
    all.filter((r) => !r.startsWith('| R17 ')),
    'Score: **105 of 105** applicable items pass (**100.0%**)',
  );
  assert.deepEqual(problems(missing, fileExists), ['R17: no row']);
  const doubled = doc([...all, rowFor('L8')], 'Score: **107 of 107** applicable items pass (**100.0%**)');
  assert.deepEqual(problems(doubled, fileExists), ['L8: 2 rows']);
  const badVerdict = doc(
    all.map((r) => (r.startsWith('| P8 ') ? rowFor('P8', 'PARTIAL') : r)),
    'Score: **105 of 106** applicable items pass (**99.0%**)',
  );
  assert.ok(problems(badVerdict, fileExists).some((p) => p.startsWith('P8 (line') && p.includes('PARTIAL')));
  const noFile = doc(all.map((r) => (r.startsWith('| C10 ') ? rowFor('C10', 'PASS', '`src/server/no/such.test.ts`') : r)));
  assert.ok(problems(noFile, fileExists).some((p) => p.includes('cites src/server/no/such.test.ts, which does not exist')));
  const noTest = doc(all.map((r) => (r.startsWith('| C10 ') ? rowFor('C10', 'PASS', 'it works') : r)));
  assert.ok(problems(noTest, fileExists).some((p) => p.includes('PASS without a test file')));
  const noReason = doc(
    all.map((r) => (r.startsWith('| T1 ') ? rowFor('T1', 'N/A', '') : r)),
    'Score: **105 of 105** applicable items pass (**100.0%**)',
  );
  assert.ok(problems(noReason, fileExists).some((p) => p.includes('N/A without a reason')));
  const wrongDeviation = doc(
    all.map((r) => (r.startsWith('| S5 ') ? rowFor('S5', 'DEVIATION', 'because we would rather not do it') : r)),
    'Score: **105 of 106** applicable items pass (**99.0%**)',
  );
  assert.ok(problems(wrongDeviation, fileExists).some((p) => p.includes('a deviation the issue does not allow')));
  assert.ok(problems(doc(all, 'Score: **100 of 106** applicable items pass (**94.3%**)'), fileExists).some((p) => p.startsWith('stated score')));
  assert.ok(problems(doc(all, 'no score at all'), fileExists).some((p) => p.startsWith('no score line')));
  const low = all.map((r, i) => (i < 6 ? r.replace('| PASS |', '| DEVIATION |').replace(/`[^`]+`/, 'a reason with enough words here') : r));
  assert.ok(problems(doc(low, 'Score: **100 of 106** applicable items pass (**94.3%**)'), fileExists).some((p) => p.startsWith('score 94.3% is below')));
});
