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
// A few response examples (e.g. GET an issue) write `"value": {"$ref": "#/components/examples/X"}`,
// a reference to a whole Example Object ({value, x-github-breaking-changes}) where its value
// belongs; Prism then serves the wrapper. Inline the referenced example's value.
const examples = (spec.components || {}).examples || {};
const inline = (content) => {
  for (const media of Object.values(content || {})) {
    for (const ex of Object.values((media && media.examples) || {})) {
      const ref = ex && ex.value && ex.value.$ref;
      const name = typeof ref === 'string' && ref.startsWith('#/components/examples/') && ref.slice(22);
      if (name && examples[name] && 'value' in examples[name]) ex.value = examples[name].value;
    }
  }
};
for (const item of Object.values(spec.paths)) {
  for (const op of Object.values(item)) {
    if (!op || typeof op !== 'object' || !op.responses) continue;
    for (const r of Object.values(op.responses)) if (r) inline(r.content);
  }
}
fs.writeFileSync(dst, JSON.stringify(spec));
