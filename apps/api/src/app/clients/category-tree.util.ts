import { CategoryDto, ProblemField } from '@complaint-desk/contracts';

export interface FlatCategory {
  code: string;
  name: string;
  parentCode: string | null;
  path: string[];
}

/** Every category of a tree, depth first, with its parent. */
export function flattenCategories(tree: CategoryDto[], parent: FlatCategory | null = null): FlatCategory[] {
  const out: FlatCategory[] = [];
  for (const c of tree) {
    const flat: FlatCategory = { code: c.code, name: c.name, parentCode: parent?.code ?? null, path: [...(parent?.path ?? []), c.name] };
    out.push(flat, ...flattenCategories(c.children ?? [], flat));
  }
  return out;
}

export function findCategory(tree: CategoryDto[], code: string): FlatCategory | null {
  return flattenCategories(tree).find((c) => c.code === code) ?? null;
}

/** Category codes must be unique across the whole tree; depth is limited to 4 levels. */
export function validateCategoryTree(tree: CategoryDto[]): ProblemField[] {
  const errors: ProblemField[] = [];
  const seen = new Set<string>();
  const walk = (nodes: CategoryDto[], path: string, depth: number) => {
    nodes.forEach((n, i) => {
      const field = `${path}[${i}]`;
      if (seen.has(n.code)) errors.push({ field: `${field}.code`, message: `duplicate category code ${n.code}` });
      seen.add(n.code);
      if (depth >= 4 && n.children?.length) errors.push({ field: `${field}.children`, message: 'categories nest at most 4 levels' });
      walk(n.children ?? [], `${field}.children`, depth + 1);
    });
  };
  walk(tree, 'categories', 1);
  return errors;
}
