// What a readable chart needs, checked on the Vega-Lite specs the notebooks show: a title, a titled axis for
// every quantitative position channel (not the generic field names x / y / value), and a legend whenever
// colour distinguishes two or more series.

type Spec = Record<string, any>;
const GENERIC = new Set(['x', 'y', 'value', 'metric']);

function dataValues(spec: Spec, parent?: Spec): Record<string, unknown>[] {
  return (spec.data?.values ?? parent?.data?.values ?? []) as Record<string, unknown>[];
}

/** Problems of one chart spec (empty when it is readable). */
export function chartSpecProblems(spec: Spec): string[] {
  const problems: string[] = [];
  const title = typeof spec.title === 'string' ? spec.title : spec.title?.text;
  if (!title) problems.push('no title');
  const units: { unit: Spec; encoding: Spec }[] = [];
  const visit = (s: Spec, inherited: Spec) => {
    const encoding = { ...inherited, ...(s.encoding ?? {}) };
    if (Array.isArray(s.layer)) s.layer.forEach((l: Spec) => visit(l, encoding));
    else if (s.spec) visit(s.spec, encoding);
    else units.push({ unit: s, encoding });
  };
  visit(spec, {});
  for (const { encoding } of units) {
    for (const ch of ['x', 'y']) {
      const e = encoding[ch];
      if (!e || e.type !== 'quantitative') continue;
      const named = typeof e.title === 'string' ? e.title.trim() !== '' : e.title === undefined && !GENERIC.has(e.field);
      if (!named) problems.push(`${ch} axis (field ${e.field}) has no title`);
    }
    const color = encoding.color;
    if (color?.field && color.legend === null) {
      const distinct = new Set(dataValues(spec).map((r) => r[color.field]));
      if (distinct.size > 1) problems.push(`colour has ${distinct.size} series but no legend`);
    }
  }
  return [...new Set(problems)];
}
