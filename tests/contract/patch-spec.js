// Adds application/vnd.github+json beside application/json in every response, so Prism
// accepts the Accept header GitHub documents (see DESIGN.md).
const fs = require('fs');
const [src, dst] = process.argv.slice(2);
const spec = JSON.parse(fs.readFileSync(src, 'utf8'));
for (const item of Object.values(spec.paths)) {
  for (const op of Object.values(item)) {
    if (!op || typeof op !== 'object' || !op.responses) continue;
    for (const r of Object.values(op.responses)) {
      if (r && r.content && r.content['application/json'] && !r.content['application/vnd.github+json']) {
        r.content['application/vnd.github+json'] = r.content['application/json'];
      }
    }
  }
}
for (const r of Object.values((spec.components || {}).responses || {})) {
  if (r && r.content && r.content['application/json'] && !r.content['application/vnd.github+json']) {
    r.content['application/vnd.github+json'] = r.content['application/json'];
  }
}
fs.writeFileSync(dst, JSON.stringify(spec));
