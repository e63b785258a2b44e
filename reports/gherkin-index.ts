import type { GherkinDocument, GherkinNode } from "./cucumber-messages";

/** Line numbers of one feature file's tags, comments and scenarios, looked up by AST node id. */
export interface GherkinIndex {
  tagLine: Map<string, number>;
  tagLines: Set<number>;
  comments: Map<number, string>;
  nodeLine: Map<string, number>;
  /** Step keyword ("Given ", "And ") and line by step AST node id. */
  steps: Map<string, { keyword: string; line: number }>;
}

function visit(node: GherkinNode | undefined, index: GherkinIndex): void {
  if (!node) return;
  if (node.id !== undefined && node.location?.line !== undefined)
    index.nodeLine.set(node.id, node.location.line);
  for (const tag of node.tags ?? []) {
    const line = tag.location?.line;
    if (line === undefined) continue;
    index.tagLines.add(line);
    if (tag.id !== undefined) index.tagLine.set(tag.id, line);
  }
  for (const step of node.steps ?? [])
    if (step.id !== undefined)
      index.steps.set(step.id, { keyword: step.keyword ?? "", line: step.location?.line ?? 0 });
  for (const child of node.children ?? []) {
    visit(child.rule, index);
    visit(child.scenario, index);
    visit(child.background, index);
  }
  for (const examples of node.examples ?? []) visit(examples, index);
}

export function indexGherkinDocument(doc: GherkinDocument): GherkinIndex {
  const index: GherkinIndex = {
    tagLine: new Map(),
    tagLines: new Set(),
    comments: new Map(),
    nodeLine: new Map(),
    steps: new Map(),
  };
  visit(doc.feature, index);
  for (const c of doc.comments ?? []) {
    if (c.location?.line !== undefined && c.text !== undefined) index.comments.set(c.location.line, c.text);
  }
  return index;
}

/**
 * The comment block that explains a tag: the `#` lines directly above the tag's line, skipping
 * over other tag lines of the same block (so the comment may sit above several tag lines).
 * Returns the comment texts without `#`, joined by spaces, or undefined when there is none.
 */
export function commentAboveTag(index: GherkinIndex, tagAstNodeId: string): string | undefined {
  const tagLine = index.tagLine.get(tagAstNodeId);
  if (tagLine === undefined) return undefined;
  const texts: string[] = [];
  for (let line = tagLine - 1; line > 0; line--) {
    const comment = index.comments.get(line);
    if (comment !== undefined) texts.unshift(comment.trim().replace(/^#\s?/, "").trim());
    else if (!index.tagLines.has(line)) break;
  }
  const joined = texts.filter((t) => t !== "").join(" ");
  return joined === "" ? undefined : joined;
}
