const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/**
 * A static, script-free HTML reference of the API built from the OpenAPI document, so it works
 * under the strict CSP and needs nothing from outside.
 */
export function renderApiReference(doc: OpenApiDocument): string {
  const operations = Object.entries(doc.paths).flatMap(([route, ops]) => METHODS.filter((m) => ops[m]).map((m) => ({ route, method: m, op: ops[m]! })));
  const byTag = new Map<string, typeof operations>();
  for (const o of operations) {
    const tag = o.op.tags?.[0] ?? 'Other';
    byTag.set(tag, [...(byTag.get(tag) ?? []), o]);
  }
  const sections = [...byTag]
    .map(
      ([tag, ops]) =>
        `<section><h2>${esc(tag)}</h2>${ops
          .map(
            ({
              route,
              method,
              op,
            }) => `<details><summary><span class="m ${method}">${method.toUpperCase()}</span> <code>${esc(route)}</code> ${esc(op.summary ?? '')}</summary>
${op.description ? `<p>${esc(op.description)}</p>` : ''}
${op.parameters?.length ? `<h4>Parameters</h4><pre>${esc(JSON.stringify(op.parameters, null, 2))}</pre>` : ''}
${op.requestBody ? `<h4>Request body</h4><pre>${esc(JSON.stringify(op.requestBody, null, 2))}</pre>` : ''}
<h4>Responses</h4><pre>${esc(JSON.stringify(op.responses ?? {}, null, 2))}</pre></details>`,
          )
          .join('\n')}</section>`,
    )
    .join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(doc.info.title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font-family:"Segoe UI",system-ui,sans-serif;margin:0 auto;max-width:960px;padding:24px;color:#242424}
details{border:1px solid #e0e0e0;border-radius:4px;margin:8px 0;padding:8px 12px}summary{cursor:pointer}
pre{background:#f5f5f5;padding:8px;overflow:auto;font-size:12px}.m{display:inline-block;min-width:56px;font-weight:600}
.get{color:#0f6cbd}.post{color:#107c10}.put,.patch{color:#8a6100}.delete{color:#c50f1f}</style></head>
<body><h1>${esc(doc.info.title)} <small>v${esc(doc.info.version)}</small></h1><p>${esc(doc.info.description ?? '')}</p>
<p>Machine-readable: <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI 3.1).</p>${sections}</body></html>`;
}

function esc(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** The parts of the OpenAPI document the reference page renders. */
export interface OpenApiDocument {
  info: { title: string; description?: string; version: string };
  paths: Record<
    string,
    Record<
      string,
      { summary?: string; description?: string; tags?: string[]; parameters?: unknown[]; requestBody?: unknown; responses?: Record<string, unknown> }
    >
  >;
}
