/**
 * The YAML side of documents, kept to one small adapter so that the rest
 * of the module only sees plain values. YAML 1.2 core schema (no dates, no
 * custom tags: nothing but JSON's values), duplicate keys refused, and
 * aliases capped, since `*anchor` can otherwise blow a small text up into
 * a huge tree.
 */
import { parse, stringify } from "yaml";
import { DOCUMENT_LIMITS } from "./limits";

export function parseYaml(text: string): unknown {
  return parse(text, { schema: "core", uniqueKeys: true, maxAliasCount: DOCUMENT_LIMITS.maxYamlAliases, prettyErrors: true });
}

/** Block scalars for multi-line text (a statement reads as Markdown), no folding of long lines (diffs stay line by line), no anchors. */
export function stringifyYaml(value: unknown): string {
  return stringify(value, { lineWidth: 0, aliasDuplicateObjects: false });
}
