// axe-core (WCAG 2.1 A and AA) in the browser suites: inject the library into a page, run it and
// fail with a readable list of what it finds. The documented exclusions are all in EXCLUSIONS
// below, each with its reason and the upstream issue; nothing else is left out.
// Written with string scripts: this file is also type-checked without the DOM types.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Page } from 'playwright-core';

/** The rule sets checked: WCAG 2.0 and 2.1, levels A and AA. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] as const;

export interface AxeExclusion {
  /** The axe rule. */
  rule: string;
  /** Only the nodes of that rule that match this CSS selector are left out. */
  selector: string;
  reason: string;
  upstream: string;
}

/**
 * What is left out, and why. Only nodes of the named rule that match the selector: the rule
 * still runs on every other node. (Also in docs/web.md, "Accessibility".)
 */
export const EXCLUSIONS: readonly AxeExclusion[] = [
  {
    rule: 'aria-hidden-focus',
    selector: '[data-tabster-dummy]',
    reason:
      "Fluent UI v9's focus manager (tabster) puts <i tabindex=0 aria-hidden=true data-tabster-dummy> focus guards around " +
      'the nav, toolbars, grids, menus and dialogs. They are never focused for long: focusing one moves focus on at once ' +
      '(arrow-key groups, focus traps), and aria-hidden keeps screen readers from announcing them. Tabster adds them whichever ' +
      'way it is configured (controlTab: true still puts them around the root), and the maintainers call them intentional.',
    upstream: 'https://github.com/microsoft/tabster/issues/288',
  },
];

export interface AxeNode {
  target: string[];
  html: string;
  summary: string;
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: AxeNode[];
}

export interface AxeResult {
  violations: AxeViolation[];
  /** How many nodes each exclusion left out (by rule), for the record. */
  excluded: Record<string, number>;
}

let source: string | undefined;
function axeSource(): string {
  const require = createRequire(import.meta.url);
  source ??= readFileSync(path.join(path.dirname(require.resolve('axe-core')), 'axe.min.js'), 'utf8');
  return source;
}

/**
 * True once nothing on screen is still fading in: no finite animation running or about to start,
 * and no open menu, dialog or listbox (or any of its ancestors) below full opacity. The second part
 * catches a popup that mounted but whose animation has not started yet (seen under load: the
 * lazily loaded language menu judged at 1.8:1 contrast mid-fade). Evaluated in the page.
 */
const SETTLED = `(() => {
  if (document.getAnimations().some((a) => (a.pending || a.playState === 'running') && a.effect?.getTiming().iterations !== Infinity)) return false;
  return [...document.querySelectorAll('[role="menu"], [role="dialog"], [role="listbox"]')].every((el) => {
    for (let e = el; e; e = e.parentElement) if (parseFloat(getComputedStyle(e).opacity) < 1) return false;
    return true;
  });
})()`;

/** Runs axe on the page as it is now (injecting it first when needed). */
export async function runAxe(page: Page): Promise<AxeResult> {
  // Evaluated, not added as a <script>: the app's CSP (script-src 'self') blocks inline scripts,
  // and the check must see the page with its real CSP.
  if (!(await page.evaluate<boolean>('typeof window.axe === "object"'))) await page.evaluate(`${axeSource()};void 0`);
  // Colour contrast is judged on what is painted: wait until opening menus and drawers have finished
  // fading in (mid-animation text is pale and would be reported). Bounded: a looping animation can't hang it.
  await page.waitForFunction(SETTLED, undefined, { timeout: 5_000, polling: 'raf' }).catch(() => undefined);
  const script = `(async () => {
    const exclusions = ${JSON.stringify(EXCLUSIONS.map(({ rule, selector }) => ({ rule, selector })))};
    const results = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ${JSON.stringify(AXE_TAGS)} },
      resultTypes: ['violations'],
      elementRef: true,
    });
    const excluded = {};
    const violations = [];
    for (const v of results.violations) {
      const nodes = v.nodes.filter((n) => {
        const skip = exclusions.some((x) => x.rule === v.id && n.element instanceof Element && n.element.matches(x.selector));
        if (skip) excluded[v.id] = (excluded[v.id] ?? 0) + 1;
        return !skip;
      });
      if (nodes.length > 0) {
        violations.push({
          id: v.id,
          impact: v.impact ?? null,
          help: v.help,
          helpUrl: v.helpUrl,
          nodes: nodes.map((n) => ({ target: n.target.map(String), html: n.html, summary: n.failureSummary ?? '' })),
        });
      }
    }
    return { violations, excluded };
  })()`;
  const first = await page.evaluate<AxeResult>(script);
  if (!first.violations.some((v) => v.id === 'color-contrast')) return first;
  // Contrast is judged on painted pixels: a popup still fading in on a loaded machine is pale for a moment even
  // when SETTLED saw nothing running. A real contrast failure stays; a fade does not. So a contrast finding must
  // be there again a second later to count (the other rules are not about paint and stand as found).
  await page.waitForTimeout(1_000);
  await page.waitForFunction(SETTLED, undefined, { timeout: 5_000, polling: 'raf' }).catch(() => undefined);
  const again = await page.evaluate<AxeResult>(script);
  const contrast = again.violations.filter((v) => v.id === 'color-contrast');
  return { violations: [...first.violations.filter((v) => v.id !== 'color-contrast'), ...contrast], excluded: first.excluded };
}

/** The violations as a readable list: rule, impact, help, then each node's selector, HTML and fix. */
export function formatViolations(violations: AxeViolation[]): string {
  return violations
    .map((v) => {
      const nodes = v.nodes.map((n) => `    - ${n.target.join(' ')}\n      ${n.html.slice(0, 200)}\n      ${n.summary.replace(/\n\s*/g, ' / ')}`).join('\n');
      return `  ${v.id} (${v.impact ?? 'n/a'}, ${v.nodes.length} node${v.nodes.length === 1 ? '' : 's'}): ${v.help}\n    ${v.helpUrl}\n${nodes}`;
    })
    .join('\n');
}

/** Fails, listing every violation, unless axe finds none on the page (documented exclusions aside). */
export async function expectNoAxeViolations(page: Page, label: string): Promise<AxeResult> {
  const result = await runAxe(page);
  if (result.violations.length > 0) {
    assert.fail(`axe (WCAG 2.1 A/AA) found ${result.violations.length} rule violation(s) on ${label} (${page.url()}):\n${formatViolations(result.violations)}`);
  }
  return result;
}
